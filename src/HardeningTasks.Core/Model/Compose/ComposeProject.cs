using System.Collections.Generic;
using System.IO;
using System.Linq;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Model.Compose;

/// <summary>
/// The effective model of one compose project: its main file with overlays, includes and extends applied and
/// values interpolated. Every node keeps the file and span where its value was written.
/// </summary>
public sealed class ComposeProject : StackFile
{
    private readonly IReadOnlyDictionary<string, string> fileDirectories;
    private readonly Dictionary<string, ComposeService> byName = new(System.StringComparer.Ordinal);
    private readonly System.Lazy<HashSet<(string Service, string Condition)>> awaited;

    /// <param name="fileDirectories">For files whose relative paths are not resolved against the project directory:
    /// an included file's <c>project_directory</c>, the directory of a file another service <c>extends</c> from.</param>
    /// <param name="envFiles">The <c>env_file:</c> files the services name, read while loading, by full path.</param>
    public ComposeProject(string path, IReadOnlyList<string> files, YMapping root, IReadOnlyDictionary<string, string>? fileDirectories = null,
        IReadOnlyDictionary<string, EnvFile>? envFiles = null) : base(path)
    {
        Files = files;
        EnvFiles = envFiles ?? new Dictionary<string, EnvFile>();
        Root = root;
        this.fileDirectories = fileDirectories ?? new Dictionary<string, string>();
        Services = ReadNamedMappings(root["services"]).Select(e => new ComposeService(this, e.Key, (YMapping)e.Value)).ToList();
        // Lookups by name are per service (depends_on targets): a scan each made a project of thousands of services quadratic.
        foreach (var service in Services)
            if (!byName.ContainsKey(service.Name)) byName.Add(service.Name, service);
        awaited = new System.Lazy<HashSet<(string, string)>>(
            () => new HashSet<(string, string)>(Services.SelectMany(s => s.DependsOn).Select(d => (d.Service, d.Condition))));
        swarmStack = new System.Lazy<bool>(() => SwarmStacks.Is(this));
    }

    private readonly System.Lazy<bool> swarmStack;

    /// <summary>A file meant for <c>docker stack deploy</c> (<see cref="SwarmStacks"/>): judged with Swarm's semantics.</summary>
    public bool IsSwarmStack => swarmStack.Value;

    /// <summary>Every compose file the model was built from: the main file, its overlays in order, then included files and
    /// the files services <c>extends</c> from (the <c>.env</c> files read are among the analysis inputs, not here).</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The <c>env_file:</c> files the services name that exist, by full path (<see cref="ComposeService.EnvFileEntries"/> reads them).</summary>
    public IReadOnlyDictionary<string, EnvFile> EnvFiles { get; }

    /// <summary>Variables the project's files use that nothing sets (no <c>.env</c>, committed example or build variable),
    /// by name; those a <see cref="Variant"/> gives a value are among them.</summary>
    public IReadOnlyList<string> UnsetVariables { get; init; } = System.Array.Empty<string>();

    /// <summary>The values this model gives unset variables written in paths (<c>include: compose/${HOSTNAME}/app.yml</c>):
    /// one of the project's variants, one per combination of files that exist. Empty for a project read as written.</summary>
    public IReadOnlyDictionary<string, string> Variant { get; init; } = new Dictionary<string, string>();

    /// <summary>The directory relative paths in the main file are resolved against.</summary>
    public string Directory => System.IO.Path.GetDirectoryName(Path) ?? "";

    public YMapping Root { get; }

    /// <summary>The services, in the order they were written (<c>x-</c> keys are not services).</summary>
    public IReadOnlyList<ComposeService> Services { get; }

    /// <summary>The first service of that name (ordinal), or null.</summary>
    public ComposeService? Service(string name) => byName.TryGetValue(name, out var service) ? service : null;

    /// <summary>True when some service's <c>depends_on</c> names <paramref name="service"/> with <paramref name="condition"/>
    /// (<c>service_started</c> when written without one). Indexed once per project, since a rule asks it for every service.</summary>
    public bool IsAwaited(string service, string condition) => awaited.Value.Contains((service, condition));

    /// <summary>Top-level <c>networks:</c>, <c>volumes:</c>, <c>secrets:</c>, <c>configs:</c> entries (a null value counts as an empty mapping).</summary>
    public IEnumerable<YEntry> TopLevel(string section) =>
        Root[section] is YMapping map ? map.Entries.Where(e => !e.Name.StartsWith("x-", System.StringComparison.Ordinal)) : Enumerable.Empty<YEntry>();

    internal static IEnumerable<YEntry> ReadNamedMappings(YNode? section) =>
        section is YMapping map
            ? map.Entries.Where(e => !e.Name.StartsWith("x-", System.StringComparison.Ordinal) && e.Value is YMapping)
            : Enumerable.Empty<YEntry>();

    public string ResolvePath(string relative) => Resolve(Directory, relative);

    /// <summary>The directory a relative path written at <paramref name="writtenAt"/> is relative to: the project directory for
    /// the main file and its overlays (as compose resolves them), an included file's project directory, the directory of
    /// a file a service <c>extends</c> from.</summary>
    public string DirectoryOf(YNode writtenAt) =>
        fileDirectories.TryGetValue(writtenAt.Location.FilePath, out var directory) ? directory : Directory;

    /// <summary>Resolves a relative path the way compose does for the value at <paramref name="writtenAt"/> (see <see cref="DirectoryOf"/>).</summary>
    public string ResolvePath(YNode writtenAt, string relative) => Resolve(DirectoryOf(writtenAt), relative);

    private static string Resolve(string directory, string relative) => IO.PathText.Resolve(directory, relative);
}
