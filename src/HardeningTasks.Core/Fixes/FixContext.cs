using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Fixes;

/// <summary>
/// What fixes are computed from: the findings of one check, the linked model it built (for the facts a fix needs, such
/// as which Traefik entrypoint serves HTTPS), and the files as they are now (the editor's buffers or the disk).
/// </summary>
public sealed class FixContext
{
    private readonly Dictionary<string, FixDocument?> documents = new(PathText.Comparer);
    private readonly object gate = new();

    public FixContext(IFileSystem fileSystem, string projectDirectory, IReadOnlyList<Finding> findings, IReadOnlyList<Stack> stacks)
    {
        FileSystem = fileSystem;
        ProjectDirectory = projectDirectory;
        Findings = findings;
        Stacks = stacks;
    }

    public IFileSystem FileSystem { get; }

    /// <summary>The root of the check (the workspace folder): where a new .editorconfig goes.</summary>
    public string ProjectDirectory { get; }

    /// <summary>Every reported finding of the check.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>The linked models the check built.</summary>
    public IReadOnlyList<Stack> Stacks { get; }

    /// <summary>The file as it is now; null when it cannot be read as text.</summary>
    public FixDocument? Document(string path)
    {
        lock (gate)
        {
            if (!documents.TryGetValue(path, out var document))
                documents[path] = document = FixDocument.Read(FileSystem, path);
            return document;
        }
    }

    /// <summary>The compose service whose key is where the finding points (the findings about something a service lacks).</summary>
    public ComposeService? ServiceAt(SourceLocation location) =>
        Stacks.SelectMany(s => s.FilesOf<ComposeProject>()).SelectMany(p => p.Services)
            .FirstOrDefault(s => Same(s.Key.Location, location));

    /// <summary>The stacks whose model has a compose project, Dockerfile or Traefik file read from <paramref name="path"/>.</summary>
    public IEnumerable<Stack> StacksWith(string path) =>
        Stacks.Where(s => s.Files.Any(f => PathText.Comparer.Equals(f.Path, path) || (f is ComposeProject p && p.Files.Any(x => PathText.Comparer.Equals(x, path)))));

    public static bool Same(SourceLocation a, SourceLocation b) =>
        PathText.Comparer.Equals(a.FilePath, b.FilePath) && a.Span.Line == b.Span.Line && a.Span.Column == b.Span.Column;
}
