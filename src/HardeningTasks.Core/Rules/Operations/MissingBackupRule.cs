using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Operations;

/// <summary>
/// HRD080: a stateful data service (a database, search or object store; not a cache nor a broker, nor a redis with persistence
/// off) with a persistent volume at its data directory (<see cref="DataDirectories"/>), while nothing in its own project backs
/// anything up (<see cref="ProjectFacts.HasBackup"/>: no service whose image is a backup tool or whose image or service name
/// says <c>backup</c>, no command, entrypoint or scheduler label (<c>ofelia.job-*</c>) running <c>pg_dump</c>,
/// <c>mysqldump</c>, <c>mongodump</c>, <c>redis-cli --rdb</c> or a <c>backup</c> job). A backup service of another project
/// does not back this one's volumes up.
/// </summary>
public sealed class MissingBackupRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD080", "Data service without backup", Categories.Operations, Severity.Suggestion,
        "Data service '{0}' ({1}) keeps its data in {2}, and nothing in the project backs it up; a lost volume or a bad migration loses everything. Add a scheduled backup with retention (e.g. a {3} service) and test the restore.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        if (stack.FactsOf(file).HasBackup) yield break;
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
