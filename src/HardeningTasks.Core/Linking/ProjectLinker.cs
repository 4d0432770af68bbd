using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Yaml;
using HardeningTasks.Core.Parsing;
using HardeningTasks.Core.Parsing.Yaml;

namespace HardeningTasks.Core.Linking;

/// <summary>
/// The facts of each compose project, judged inside that project only (RULES.md "Stacks are scoped as Docker scopes them"):
/// a backup job, an Alertmanager, the configuration each Prometheus runs (the file mounted at its <c>--config.file</c>, read
/// here), the secret files as they are on disk.
/// </summary>
internal static class ProjectLinker
{
    private const string DefaultPrometheusConfig = "/etc/prometheus/prometheus.yml";

    private static readonly Regex DumpCommand = new(@"(?<![\w-])(pg_dump|pg_dumpall|pg_basebackup|mysqldump|mariadb-dump|mariabackup|xtrabackup|mongodump)(?![\w-])|redis-cli\b[^;&|]*--rdb", RegexOptions.CultureInvariant);
    private static readonly Regex BackupWord = new(@"\bbackup\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public static IReadOnlyDictionary<ComposeProject, ProjectFacts> Link(IReadOnlyList<StackFile> files, BuildLinks builds, string projectDirectory,
        IFileSystem fileSystem, long maxBytes)
    {
        var projects = files.OfType<ComposeProject>().ToList();
        // A backup job or an Alertmanager counts for every compose file of its Docker project (ComposeProjectScopes), no further.
        var scopes = projects.Select(ComposeProjectScopes.Of).ToList();
        var backedUp = new HashSet<string>(StringComparer.Ordinal);
        var alerting = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < projects.Count; i++)
        {
            if (projects[i].Services.Any(s => IsBackup(s, builds))) backedUp.Add(scopes[i]);
            if (projects[i].Services.Any(s => ServiceRoles.IsAlertmanager(ServiceRoles.ImageOf(s, builds)))) alerting.Add(scopes[i]);
        }
        var facts = new Dictionary<ComposeProject, ProjectFacts>();
        for (var i = 0; i < projects.Count; i++)
        {
            var project = projects[i];
            var prometheus = new Dictionary<ComposeService, PrometheusConfig>();
            foreach (var service in project.Services)
                if (service.Build == null && ServiceRoles.IsPrometheus(ServiceRoles.ImageOf(service, builds))
                    && PrometheusConfigOf(service, projectDirectory, fileSystem, maxBytes) is { } config)
                    prometheus[service] = config;
            facts[project] = new ProjectFacts(backedUp.Contains(scopes[i]), alerting.Contains(scopes[i]), prometheus, SecretFiles(project, fileSystem));
        }
        return facts;
    }

    /// <summary>True when the service backs data up: a backup tool's image, a name or scheduler job that says backup, a dump command.</summary>
    internal static bool IsBackup(ComposeService service, BuildLinks builds)
    {
        if (ServiceRoles.IsBackupTool(ServiceRoles.ImageOf(service, builds))) return true;
        if (service.Name.IndexOf("backup", StringComparison.OrdinalIgnoreCase) >= 0) return true;
        if (service.Command.Concat(service.Entrypoint).Any(s => DumpCommand.IsMatch(s.Value))) return true;
        return service.Labels.Any(l => l.Value != null
            && (DumpCommand.IsMatch(l.Value)
                || (IsSchedulerJob(l.Name) && (l.Name.IndexOf("backup", StringComparison.OrdinalIgnoreCase) >= 0 || BackupWord.IsMatch(l.Value)))));
    }

    /// <summary>A job label of a container scheduler (ofelia, chadburn).</summary>
    private static bool IsSchedulerJob(string label) =>
        label.StartsWith("ofelia.job", StringComparison.Ordinal) || label.StartsWith("chadburn.job", StringComparison.Ordinal);

    // ---- Prometheus ----

    /// <summary>The configuration the service runs, or null when the repository does not show it.</summary>
    private static PrometheusConfig? PrometheusConfigOf(ComposeService service, string projectDirectory, IFileSystem fileSystem, long maxBytes)
    {
        var configPath = PrometheusConfigPath(service);
        if (configPath == null) return null;
        var best = ComposeAccess.Mounts(service)
            .Where(m => configPath == m.ContainerPath || configPath.StartsWith(m.ContainerPath.TrimEnd('/') + "/", StringComparison.Ordinal))
            .OrderByDescending(m => m.ContainerPath.Length).FirstOrDefault();
        if (best == null) return configPath == DefaultPrometheusConfig ? new PrometheusConfig(PrometheusConfigSource.ImageDefault, null, null) : null;
        if (best.Node is YMapping longSyntax && longSyntax["content"] is YScalar { IsNull: false } content && configPath == best.Target)
            return YamlLoader.Load(best.Node.Location.FilePath, content.Value).Root is YMapping inline
                ? new PrometheusConfig(PrometheusConfigSource.Inline, inline, null)
                : null;
        if (!best.IsBind || best.HostPath == null) return null;
        var rest = configPath.Length > best.Target.Length ? configPath.Substring(best.Target.TrimEnd('/').Length + 1) : "";
        var host = rest.Length == 0 ? best.HostPath : Path.Combine(best.HostPath, rest.Replace('/', Path.DirectorySeparatorChar));
        if (!fileSystem.FileExists(host)) return null;
        var text = SourceReader.TryRead(fileSystem, host, maxBytes, out _);
        if (text == null || YamlLoader.Load(host, text).Root is not YMapping root) return null;
        return new PrometheusConfig(PrometheusConfigSource.RepositoryFile, root, PathText.InProject(projectDirectory, host));
    }

    /// <summary>The container path of the configuration: <c>--config.file=…</c> (or <c>--config.file …</c>) in <c>command:</c>, else
    /// the image's default. Null when the value comes from a variable with no value.</summary>
    private static string? PrometheusConfigPath(ComposeService service)
    {
        var words = ComposeAccess.Words(service["command"]).Select(w => w.Text).ToList();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            foreach (var flag in new[] { "--config.file=", "-config.file=" })
                if (word.StartsWith(flag, StringComparison.Ordinal))
                    return NormalizePrometheusPath(word.Substring(flag.Length));
            if ((word == "--config.file" || word == "-config.file") && i + 1 < words.Count) return NormalizePrometheusPath(words[i + 1]);
        }
        // A command replaces the image's CMD (which passes --config.file=/etc/prometheus/prometheus.yml); without the flag
        // Prometheus reads prometheus.yml in its working directory.
        return words.Count == 0 ? DefaultPrometheusConfig : "/prometheus/prometheus.yml";
    }

    private static string? NormalizePrometheusPath(string path) =>
        path.Length == 0 || path.IndexOf('$') >= 0 ? null
        : path.StartsWith("/", StringComparison.Ordinal) ? ComposeAccess.NormalizeContainerPath(path)
        : ComposeAccess.NormalizeContainerPath("/prometheus/" + path); // the image's working directory

    // ---- secrets ----

    private static IReadOnlyList<SecretFile> SecretFiles(ComposeProject project, IFileSystem fileSystem)
    {
        var secrets = new List<SecretFile>();
        foreach (var secret in project.TopLevel("secrets"))
        {
            if ((secret.Value as YMapping)?["file"] is not YScalar { IsNull: false, IsFullyResolved: true } value) continue;
            var written = value.Value.Trim();
            if (written.Length == 0 || written.StartsWith("~", StringComparison.Ordinal)) continue;
            string path;
            try
            {
                path = project.ResolvePath(value, written);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
            {
                continue;
            }
            secrets.Add(new SecretFile(secret.Name, value, written, path, fileSystem.DirectoryExists(path)));
        }
        return secrets;
    }
}
