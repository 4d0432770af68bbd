using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Linking;

/// <summary>
/// The one join after parsing (DESIGN.md "The flow of data"): builds to their Dockerfiles and contexts, Traefik instances to
/// the routers they serve, the facts of each compose project. Everything the rules need from other files or from the disk
/// is read here, through the request's file system (so an incremental build records it as an input); the
/// <see cref="Stack"/> it returns is what the rules see, and they read nothing else.
/// </summary>
public static class StackLinker
{
    public static Stack Link(AnalysisRequest request, IReadOnlyList<StackFile> files, IFileSystem fileSystem) =>
        Link(request.ProjectDirectory, files, fileSystem, request.Properties, request.MaxFileBytes);

    public static Stack Link(string projectDirectory, IReadOnlyList<StackFile> files, IFileSystem fileSystem,
        IReadOnlyDictionary<string, string>? properties = null, long maxFileBytes = SourceReader.DefaultMaxFileBytes)
    {
        var builds = BuildLinker.Link(files, projectDirectory, fileSystem, maxFileBytes);
        var traefik = TraefikLinker.Link(files, projectDirectory, fileSystem, maxFileBytes);
        var facts = ProjectLinker.Link(files, builds, projectDirectory, fileSystem, maxFileBytes);
        return new Stack(projectDirectory, files, properties, Sources(files, fileSystem, maxFileBytes), builds, traefik, facts);
    }

    /// <summary>The text of every compose file the projects were built from.</summary>
    private static SourceTexts Sources(IReadOnlyList<StackFile> files, IFileSystem fileSystem, long maxBytes)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in files.OfType<ComposeProject>().SelectMany(p => p.Files))
            if (!texts.ContainsKey(path) && SourceReader.TryRead(fileSystem, path, maxBytes, out _) is { } text)
                texts[path] = text;
        return new SourceTexts(texts);
    }
}
