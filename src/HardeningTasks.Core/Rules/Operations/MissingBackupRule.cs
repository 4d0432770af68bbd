using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Operations;

/// <summary>
/// HRD080: a stateful data service (a database, search or object store; not a cache nor a broker, nor a redis with persistence
/// off) with a persistent volume at its data directory (<see cref="DataDirectories"/>),
/// while nothing in the project backs anything up: no service whose image is a backup tool (or whose image or service name says
/// <c>backup</c>), no command, entrypoint or scheduler label (<c>ofelia.job-*</c>) running <c>pg_dump</c>, <c>mysqldump</c>,
/// <c>mongodump</c>, <c>redis-cli --rdb</c> or a <c>backup</c> job.
/// </summary>
public sealed class MissingBackupRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD080", "Data service without backup", Categories.Operations, Severity.Suggestion,
        "Data service '{0}' ({1}) keeps its data in {2}, and nothing in the project backs it up; a lost volume or a bad migration loses everything. Add a scheduled backup with retention (e.g. a {3} service) and test the restore.");

    public override RuleDescriptor Descriptor => Definition;

    private static readonly Regex BackupWord = new(@"\bbackup\b", RegexOptions.IgnoreCase);

    private static readonly Regex DumpCommand = new(@"(?<![\w-])(pg_dump|pg_dumpall|pg_basebackup|mysqldump|mariadb-dump|mariabackup|xtrabackup|mongodump)(?![\w-])|redis-cli\b[^;&|]*--rdb", RegexOptions.CultureInvariant);

    /// <summary>Whether anything in the stack backs up, once per stack: asked per compose file, it scanned every service of every file.</summary>
    private static readonly ConditionalWeakTable<Stack, Lazy<bool>> BackedUp = new();

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        if (stack.Outside.BackupService || BackedUp.GetValue(stack, s => new Lazy<bool>(() => s.FilesOf<ComposeProject>().SelectMany(p => p.Services).Any(service => IsBackup(service, s)))).Value) yield break;
        foreach (var service in file.Services)
        {
            if (ServiceRoles.DataEngine(service, stack) is not { } engine || !ServiceRoles.IsStatefulStore(engine)) continue;
            if (DataDirectories.PersistentDataVolume(service, engine, IsPersistent) is not { } volume) continue;
            var where = volume.Type == "volume" ? $"the volume '{volume.Source}' ({volume.Target})" : $"'{volume.Source}' ({volume.Target})";
            yield return Definition.At(service.Key.Location, service.Name, null, service.Name, engine, where, Suggestion(engine));
        }
    }

    private static string Suggestion(string engine) => engine switch
    {
        "postgres" => "prodrigestivill/postgres-backup-local",
        "mysql" or "mariadb" => "databack/mysql-backup",
        "mongo" or "redis" or "valkey" => "tiredofit/db-backup",
        _ => "offen/docker-volume-backup",
    };

    /// <summary>True when the service backs data up; one such service anywhere in the stack silences this rule.</summary>
    internal static bool IsBackup(ComposeService service, Stack stack)
    {
        if (ServiceRoles.IsBackupTool(ServiceRoles.ImageOf(service, stack))) return true;
        if (service.Name.IndexOf("backup", StringComparison.OrdinalIgnoreCase) >= 0) return true;
        if (service.Command.Concat(service.Entrypoint).Any(s => DumpCommand.IsMatch(s.Value))) return true;
        return service.Labels.Any(l => l.Value != null
            && (DumpCommand.IsMatch(l.Value)
                || (IsSchedulerJob(l.Name) && (l.Name.IndexOf("backup", StringComparison.OrdinalIgnoreCase) >= 0 || BackupWord.IsMatch(l.Value)))));
    }

    /// <summary>A job label of a container scheduler (ofelia, chadburn).</summary>
    private static bool IsSchedulerJob(string label) =>
        label.StartsWith("ofelia.job", StringComparison.Ordinal) || label.StartsWith("chadburn.job", StringComparison.Ordinal);

    /// <summary>A named volume, or a bind mount of a directory that is not configuration or init scripts.</summary>
    internal static bool IsPersistent(VolumeMount volume)
    {
        if (volume.Source is not { Length: > 0 } source) return false;
        if (volume.Type == "volume") return true;
        if (!volume.IsBind) return false;
        var target = volume.Target.TrimEnd('/');
        if (target.Length == 0) return false;
        foreach (var prefix in new[] { "/docker-entrypoint", "/etc", "/usr/local/etc", "/run", "/var/run", "/tmp", "/dev", "/proc", "/sys" })
            if (target == prefix || target.StartsWith(prefix + "/", StringComparison.Ordinal) || target.StartsWith(prefix + "-", StringComparison.Ordinal))
                return false;
        return !LooksLikeFile(target) && !LooksLikeFile(source.TrimEnd('/'));
    }

    private static bool LooksLikeFile(string path)
    {
        var name = path.Substring(path.LastIndexOf('/') + 1);
        var dot = name.LastIndexOf('.');
        return dot > 0 && dot < name.Length - 1 && name.Substring(dot + 1).All(char.IsLetterOrDigit);
    }
}
