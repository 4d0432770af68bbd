using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Dockerfile;
using HardeningTasks.Core.Model.Dockerignore;
using HardeningTasks.Core.Parsing;
using HardeningTasks.Core.Parsing.Dockerfile;
using HardeningTasks.Core.Parsing.Dockerignore;

namespace HardeningTasks.Core.Linking;

/// <summary>
/// Joins builds across files: each compose <c>build:</c> to its Dockerfile (the loaded input with that path, else the file
/// read from disk here, so it is an input of the incremental build; else the <c>dockerfile_inline</c> text), each Dockerfile
/// to the services that build it, and each build to its context: the <c>.dockerignore</c> BuildKit uses, read once per file,
/// and what the context holds at its top level.
/// </summary>
internal sealed class BuildLinker
{
    private readonly IFileSystem fileSystem;
    private readonly string projectDirectory;
    private readonly long maxBytes;
    private readonly Dictionary<string, (DockerignoreFile? File, LoadError? Error)> dockerignores = new(PathText.Comparer);
    private readonly Dictionary<string, IReadOnlyList<string>> listings = new(PathText.Comparer);

    private BuildLinker(IFileSystem fileSystem, string projectDirectory, long maxBytes)
    {
        this.fileSystem = fileSystem;
        this.projectDirectory = projectDirectory;
        this.maxBytes = maxBytes;
    }

    public static BuildLinks Link(IReadOnlyList<StackFile> files, string projectDirectory, IFileSystem fileSystem, long maxBytes) =>
        new BuildLinker(fileSystem, projectDirectory, maxBytes).Run(files);

    private BuildLinks Run(IReadOnlyList<StackFile> files)
    {
        var dockerfiles = files.OfType<DockerfileModel>().Select(d => (d.Path, d)).ToList();
        var loaded = new PathIndex<DockerfileModel>(dockerfiles);
        var fromDisk = new Dictionary<string, DockerfileModel?>(PathText.Comparer);
        var inline = new Dictionary<string, DockerfileModel?>(StringComparer.Ordinal);
        var builders = new List<(string, ComposeService)>();
        foreach (var project in files.OfType<ComposeProject>())
            foreach (var service in project.Services)
            {
                if (service.Build is not { } build) continue;
                if (build.DockerfileInline is { } text)
                {
                    var key = BuildLinks.InlineKey(text.Location);
                    if (!inline.ContainsKey(key)) inline[key] = DockerfileParser.Parse(text.Location.FilePath, text.Value).Model;
                    continue;
                }
                if (build.DockerfilePath is not { } path) continue;
                builders.Add((path, service));
                if (loaded.First(path) != null || fromDisk.ContainsKey(path)) continue;
                var model = ReadDockerfile(path);
                fromDisk[path] = model;
                if (model != null) dockerfiles.Add((path, model));
            }

        var builderIndex = new PathIndex<ComposeService>(builders);
        var localBuilds = new Dictionary<StackFile, IReadOnlyList<LocalBuild>>();
        foreach (var file in files)
        {
            var builds = LocalBuilds(file, builderIndex).ToList();
            if (builds.Count > 0) localBuilds[file] = builds;
        }
        return new BuildLinks(dockerfiles, inline, builders, localBuilds);
    }

    private DockerfileModel? ReadDockerfile(string path)
    {
        if (!fileSystem.FileExists(path)) return null;
        var text = SourceReader.TryRead(fileSystem, path, maxBytes, out _);
        return text == null ? null : DockerfileParser.Parse(path, text).Model;
    }

    /// <summary>The local builds of a file: the <c>build:</c> of each compose service (remote contexts and contexts that do not
    /// exist are left out); for a Dockerfile no compose file builds, a build of its own directory, or of the nearest directory up
    /// to the project directory that holds a <c>.dockerignore</c> (<c>docker build -f docker/Dockerfile .</c>).</summary>
    private IEnumerable<LocalBuild> LocalBuilds(StackFile file, PathIndex<ComposeService> builders)
    {
        if (file is ComposeProject project)
        {
            foreach (var service in project.Services)
            {
                if (service.Build is not { IsRemote: false } build || !fileSystem.DirectoryExists(build.ContextDirectory)) continue;
                var location = build.Context is { } context && build.Node != null ? context.Location : build.Entry.Key.Location;
                var dockerfile = build.DockerfilePath;
                yield return Build($"service '{service.Name}'", build.ContextDirectory, dockerfile, location, IgnoreFileFor(build.ContextDirectory, dockerfile));
            }
        }
        else if (file is DockerfileModel dockerfile)
        {
            if (builders.Matching(dockerfile.Path).Any()) yield break;
            var directory = Path.GetDirectoryName(dockerfile.Path) ?? "";
            var context = directory;
            var root = Path.GetFullPath(projectDirectory.Length > 0 ? projectDirectory : directory);
            var ignore = IgnoreFileFor(directory, dockerfile.Path);
            for (var candidate = directory; ignore == null && candidate != null && IsWithin(candidate, root); candidate = Path.GetDirectoryName(candidate))
            {
                var path = Path.Combine(candidate, ".dockerignore");
                if (fileSystem.FileExists(path))
                {
                    ignore = path;
                    context = candidate;
                }
            }
            yield return Build($"Dockerfile '{PathText.InProject(projectDirectory, dockerfile.Path)}'", context, dockerfile.Path, SourceLocation.FileStart(dockerfile.Path), ignore);
        }
    }

    private LocalBuild Build(string subject, string context, string? dockerfilePath, SourceLocation location, string? ignorePath)
    {
        if (ignorePath == null)
            return new LocalBuild(subject, context, dockerfilePath, location, null, null, null, Array.Empty<string>(), Array.Empty<string>());
        if (!dockerignores.TryGetValue(ignorePath, out var ignore))
        {
            var file = DockerignoreParser.Read(fileSystem, ignorePath, out var error);
            dockerignores[ignorePath] = ignore = (file, error);
        }
        var dependencies = BuildLinks.DependencyDirectoryNames.Where(d => fileSystem.DirectoryExists(Path.Combine(context, d))).ToList();
        return new LocalBuild(subject, context, dockerfilePath, location, ignorePath, ignore.File, ignore.Error, FilesIn(context), dependencies);
    }

    private string? IgnoreFileFor(string contextDirectory, string? dockerfilePath)
    {
        if (dockerfilePath != null && fileSystem.FileExists(dockerfilePath + ".dockerignore")) return dockerfilePath + ".dockerignore";
        var atContext = Path.Combine(contextDirectory, ".dockerignore");
        return fileSystem.FileExists(atContext) ? atContext : null;
    }

    /// <summary>The files directly in a context; none when it cannot be listed (permissions), which only makes HRD071 less thorough.</summary>
    private IReadOnlyList<string> FilesIn(string directory)
    {
        if (listings.TryGetValue(directory, out var known)) return known;
        IReadOnlyList<string> files;
        try
        {
            files = fileSystem.EnumerateFiles(directory).OrderBy(f => f, StringComparer.Ordinal).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            files = Array.Empty<string>();
        }
        return listings[directory] = files;
    }

    private static bool IsWithin(string directory, string root)
    {
        var full = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar);
        var top = root.TrimEnd(Path.DirectorySeparatorChar);
        return full == top || full.StartsWith(top + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
