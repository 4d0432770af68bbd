using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Traefik;

namespace HardeningTasks.Core.Model;

/// <summary>
/// Everything that was loaded, joined once (<c>Linking.StackLinker</c>): the parsed files, and what rules need across
/// files — which Dockerfile a <c>build:</c> uses and what its context holds, which Traefik serves which router, the
/// facts of each compose project. Rules read this model only: the file system is not part of it.
/// </summary>
public sealed class Stack
{
    private readonly IReadOnlyDictionary<ComposeProject, ProjectFacts> facts;

    internal Stack(string projectDirectory, IReadOnlyList<StackFile> files, IReadOnlyDictionary<string, string>? properties,
        SourceTexts sources, BuildLinks builds, TraefikStack traefik, IReadOnlyDictionary<ComposeProject, ProjectFacts> facts)
    {
        ProjectDirectory = projectDirectory;
        Files = files;
        Properties = properties ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Sources = sources;
        Builds = builds;
        Traefik = traefik;
        this.facts = facts;
    }

    /// <summary>The directory of the MSBuild project (or the command line's root): relative paths and "inside the repo" are judged from it.</summary>
    public string ProjectDirectory { get; }

    public IReadOnlyList<StackFile> Files { get; }

    /// <summary>Options from the build (e.g. HardeningTrustedRegistries), case-insensitive names.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; }

    /// <summary>How the front end names its settings, for messages that say which one to change.</summary>
    public Model.SettingNames SettingNames { get; init; } = Model.SettingNames.MSBuild;

    /// <summary>The text of every compose file the projects were built from, for rules that locate a value inside a scalar.</summary>
    public SourceTexts Sources { get; }

    /// <summary>Builds: the Dockerfile each compose <c>build:</c> uses, the services that build each Dockerfile, the contexts.</summary>
    public BuildLinks Builds { get; }

    /// <summary>Every Traefik instance and the dynamic configuration each one serves.</summary>
    public TraefikStack Traefik { get; }

    public IEnumerable<T> FilesOf<T>() where T : StackFile => Files.OfType<T>();

    public string? Property(string name) => Properties.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>What <paramref name="project"/> holds, judged inside that project only (RULES.md "Stacks are scoped as Docker scopes them").</summary>
    public ProjectFacts FactsOf(ComposeProject project) => facts.TryGetValue(project, out var known) ? known : ProjectFacts.None;
}
