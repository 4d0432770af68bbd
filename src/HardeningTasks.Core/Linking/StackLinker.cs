using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Yaml;
using HardeningTasks.Core.Parsing;

namespace HardeningTasks.Core.Linking;

/// <summary>
/// The one join after parsing (DESIGN.md "The flow of data"): builds to their Dockerfiles and contexts, Traefik instances to
/// the routers they serve, the facts of each compose project. Everything the rules need from other files or from the disk
/// is read here, through the request's file system (so an incremental build records it as an input); the
/// <see cref="Stack"/> it returns is what the rules see, and they read nothing else.
/// </summary>
public static class StackLinker
{
    private static readonly string[] CommandKeys = { "command", "entrypoint", "healthcheck" };

    public static Stack Link(AnalysisRequest request, IReadOnlyList<StackFile> files, IFileSystem fileSystem) =>
        Link(request.ProjectDirectory, files, fileSystem, request.Properties, request.MaxFileBytes, request.SettingNames);

    public static Stack Link(string projectDirectory, IReadOnlyList<StackFile> files, IFileSystem fileSystem,
        IReadOnlyDictionary<string, string>? properties = null, long maxFileBytes = SourceReader.DefaultMaxFileBytes,
        Model.SettingNames? settingNames = null)
    {
        var builds = BuildLinker.Link(files, projectDirectory, fileSystem, maxFileBytes);
        var traefik = TraefikLinker.Link(files, projectDirectory, fileSystem, maxFileBytes);
        var facts = ProjectLinker.Link(files, builds, projectDirectory, fileSystem, maxFileBytes);
        return new Stack(projectDirectory, files, properties, Sources(files, fileSystem, maxFileBytes), builds, traefik, facts)
        {
            SettingNames = settingNames ?? Model.SettingNames.MSBuild,
        };
    }

    /// <summary>The text of the compose files that hold a command line written over several lines (a folded
    /// <c>command: &gt;</c>, an <c>entrypoint</c>, a <c>healthcheck</c> test): where a flag's value sits inside such a scalar
    /// cannot be told from the parsed value, only from the lines. Other files are not read again.</summary>
    private static SourceTexts Sources(IReadOnlyList<StackFile> files, IFileSystem fileSystem, long maxBytes)
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        var visited = new HashSet<YNode>(Parsing.Compose.ReferenceComparer.Instance);
        foreach (var service in files.OfType<ComposeProject>().SelectMany(p => p.Services))
            foreach (var key in CommandKeys)
                if (service[key] is { } node)
                    CollectMultiLine(node, paths, visited);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in paths)
            if (SourceReader.TryRead(fileSystem, path, maxBytes, out _) is { } text)
                texts[path] = text;
        return new SourceTexts(texts);
    }

    /// <summary>The files of every multi-line scalar under <paramref name="node"/>; a node shared through an anchor is walked once.</summary>
    private static void CollectMultiLine(YNode root, ISet<string> paths, ISet<YNode> visited)
    {
        var pending = new System.Collections.Generic.Stack<YNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (!visited.Add(node)) continue;
            switch (node)
            {
                case YScalar scalar when scalar.Location.Span.EndLine > scalar.Location.Span.Line:
                    paths.Add(scalar.Location.FilePath);
                    break;
                case YMapping mapping:
                    foreach (var entry in mapping.Entries) pending.Push(entry.Value);
                    break;
                case YSequence sequence:
                    foreach (var item in sequence.Items) pending.Push(item);
                    break;
            }
        }
    }
}
