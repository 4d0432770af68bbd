using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Dockerfile;
using HardeningTasks.Core.Model.Dockerignore;

namespace HardeningTasks.Core.Model;

/// <summary>
/// A local build (RULES.md HRD070/HRD071): its context directory, its Dockerfile, the <c>.dockerignore</c> BuildKit uses for
/// it as read, what the context holds at its top level, and where findings about it point — the compose <c>context:</c>
/// value, or the <c>build:</c> key when there is none; line 1 of a Dockerfile that no compose file builds.
/// </summary>
public sealed class LocalBuild
{
    internal LocalBuild(string subject, string contextDirectory, string? dockerfilePath, SourceLocation location, string? dockerignorePath,
        DockerignoreFile? dockerignore, LoadError? dockerignoreError, IReadOnlyList<string> contextFiles, IReadOnlyList<string> dependencyDirectories)
    {
        Subject = subject;
        ContextDirectory = contextDirectory;
        DockerfilePath = dockerfilePath;
        Location = location;
        DockerignorePath = dockerignorePath;
        Dockerignore = dockerignore;
        DockerignoreError = dockerignoreError;
        ContextFiles = contextFiles;
        DependencyDirectories = dependencyDirectories;
    }

    /// <summary>How messages name the build: <c>service 'api'</c>, <c>Dockerfile 'docker/app.Dockerfile'</c>.</summary>
    public string Subject { get; }

    public string ContextDirectory { get; }
    public string? DockerfilePath { get; }
    public SourceLocation Location { get; }

    /// <summary>The ignore file in effect: <c>&lt;Dockerfile&gt;.dockerignore</c> when it exists, else <c>&lt;context&gt;/.dockerignore</c>; null when neither does.</summary>
    public string? DockerignorePath { get; }

    /// <summary>The ignore file as read; null when there is none or it could not be read (<see cref="DockerignoreError"/>).</summary>
    public DockerignoreFile? Dockerignore { get; }

    public LoadError? DockerignoreError { get; }

    /// <summary>The full paths of the files directly in the context, sorted (none when it cannot be listed).</summary>
    public IReadOnlyList<string> ContextFiles { get; }

    /// <summary>Which of the local dependency folders (<see cref="BuildLinks.DependencyDirectoryNames"/>) the context holds at its top level.</summary>
    public IReadOnlyList<string> DependencyDirectories { get; }
}

/// <summary>
/// Builds joined across files: the Dockerfile each compose <c>build:</c> uses (the loaded input with that path, else the
/// file parsed from disk at link time, else the <c>dockerfile_inline</c> text), the compose services that build each
/// Dockerfile, and the local builds each file defines. Lookups are indexed: rules ask per Dockerfile and per service.
/// </summary>
public sealed class BuildLinks
{
    /// <summary>Local dependency folders a context should not send to the builder (HRD071 looks for them).</summary>
    public static readonly IReadOnlyList<string> DependencyDirectoryNames = new[] { "node_modules", ".venv" };

    private readonly PathIndex<DockerfileModel> dockerfiles;
    private readonly IReadOnlyDictionary<string, DockerfileModel?> inline;
    private readonly PathIndex<ComposeService> builders;
    private readonly IReadOnlyDictionary<StackFile, IReadOnlyList<LocalBuild>> localBuilds;

    internal BuildLinks(IEnumerable<(string Path, DockerfileModel Dockerfile)> dockerfiles, IReadOnlyDictionary<string, DockerfileModel?> inline,
        IEnumerable<(string Path, ComposeService Service)> builders, IReadOnlyDictionary<StackFile, IReadOnlyList<LocalBuild>> localBuilds)
    {
        this.dockerfiles = new PathIndex<DockerfileModel>(dockerfiles);
        this.inline = inline;
        this.builders = new PathIndex<ComposeService>(builders);
        this.localBuilds = localBuilds;
    }

    /// <summary>The key of a <c>dockerfile_inline</c> value: where it is written.</summary>
    internal static string InlineKey(SourceLocation location) => $"{location.FilePath}:{location.Line}:{location.Column}";

    /// <summary>The Dockerfile <paramref name="build"/> uses, or null when it is not in the repository (or cannot be parsed).</summary>
    public DockerfileModel? DockerfileOf(ComposeBuild build)
    {
        if (build.DockerfileInline is { } text) return inline.TryGetValue(InlineKey(text.Location), out var model) ? model : null;
        return build.DockerfilePath is { } path ? dockerfiles.First(path) : null;
    }

    /// <summary>The stage <paramref name="build"/> produces, when its Dockerfile is in the repository: its <c>target:</c> when
    /// that names a stage, else the last stage.</summary>
    public DockerStage? BuiltStageOf(ComposeBuild build)
    {
        if (DockerfileOf(build) is not { } dockerfile) return null;
        var target = build.Target is { IsFullyResolved: true } t ? dockerfile.FindStage(t.Value) : null;
        return target ?? dockerfile.LastStage;
    }

    /// <summary>The compose services (of every compose project, in order) whose <c>build:</c> uses the Dockerfile at <paramref name="dockerfilePath"/>.</summary>
    public IEnumerable<ComposeService> BuildersOf(string dockerfilePath) => builders.Matching(dockerfilePath);

    /// <summary>The local builds <paramref name="file"/> defines: the <c>build:</c> of each compose service (remote contexts and
    /// contexts that do not exist left out); for a Dockerfile that no compose file builds, the build of its own context.</summary>
    public IReadOnlyList<LocalBuild> LocalBuildsOf(StackFile file) =>
        localBuilds.TryGetValue(file, out var builds) ? builds : Array.Empty<LocalBuild>();
}
