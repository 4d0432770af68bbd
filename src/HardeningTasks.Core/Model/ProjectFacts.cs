using System.Collections.Generic;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Model;

/// <summary>Where the configuration a Prometheus service runs comes from.</summary>
public enum PrometheusConfigSource
{
    /// <summary>Nothing is mounted at its config path: the image's own <c>prometheus.yml</c>, which sends alerts nowhere.</summary>
    ImageDefault,

    /// <summary>Written inline in the volume's long syntax (<c>content:</c>).</summary>
    Inline,

    /// <summary>A repository file bind-mounted at its config path.</summary>
    RepositoryFile,
}

/// <summary>The configuration a Prometheus service runs, as the repository shows it.</summary>
/// <param name="Root">The parsed configuration; null for <see cref="PrometheusConfigSource.ImageDefault"/>.</param>
/// <param name="RelativePath">For a repository file, its path as messages show it.</param>
public sealed record PrometheusConfig(PrometheusConfigSource Source, YMapping? Root, string? RelativePath);

/// <summary>A top-level <c>secrets:</c> entry with a <c>file:</c>, resolved: the full path and whether it is a directory.</summary>
public sealed record SecretFile(string Name, YScalar Value, string Written, string Path, bool IsDirectory);

/// <summary>
/// Facts about one compose project, judged inside it (RULES.md "Stacks are scoped as Docker scopes them"): whether it runs a
/// backup job or an Alertmanager, the configuration each of its Prometheus services runs, its secret files as found on disk.
/// Computed once by <c>Linking.ProjectLinker</c>.
/// </summary>
public sealed class ProjectFacts
{
    private readonly IReadOnlyDictionary<ComposeService, PrometheusConfig> prometheusConfigs;

    internal ProjectFacts(bool hasBackup, bool hasAlertmanager, IReadOnlyDictionary<ComposeService, PrometheusConfig> prometheusConfigs,
        IReadOnlyList<SecretFile> secretFiles)
    {
        HasBackup = hasBackup;
        HasAlertmanager = hasAlertmanager;
        this.prometheusConfigs = prometheusConfigs;
        SecretFiles = secretFiles;
    }

    public static ProjectFacts None { get; } = new(false, false, new Dictionary<ComposeService, PrometheusConfig>(), System.Array.Empty<SecretFile>());

    /// <summary>A service of the project backs data up (a backup tool, a dump command, a scheduled backup job).</summary>
    public bool HasBackup { get; }

    /// <summary>A service of the project runs Alertmanager.</summary>
    public bool HasAlertmanager { get; }

    public IReadOnlyList<SecretFile> SecretFiles { get; }

    /// <summary>The configuration a Prometheus service of the project runs; null when the repository does not show it (a
    /// named volume, a path outside the project, a variable with no value) or the service is not Prometheus.</summary>
    public PrometheusConfig? PrometheusConfigOf(ComposeService service) => prometheusConfigs.TryGetValue(service, out var config) ? config : null;
}
