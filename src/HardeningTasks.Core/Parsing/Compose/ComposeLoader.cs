using System.Collections.Generic;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Parsing.Yaml;
using HardeningTasks.Core.Rules;

namespace HardeningTasks.Core.Parsing.Compose;

/// <summary>Builds the effective <see cref="ComposeProject"/>s from the compose inputs.</summary>
public sealed class ComposeLoader
{
    private readonly IFileSystem fileSystem;
    private readonly AnalysisRequest request;
    private readonly ICollection<Finding> diagnostics;

    public ComposeLoader(IFileSystem fileSystem, AnalysisRequest request, ICollection<Finding> diagnostics)
    {
        this.fileSystem = fileSystem;
        this.request = request;
        this.diagnostics = diagnostics;
    }

    public ComposeProject? LoadProject(string mainFile)
    {
        var root = LoadFile(mainFile);
        return root == null ? null : new ComposeProject(mainFile, new[] { mainFile }, root);
    }

    private YMapping? LoadFile(string path)
    {
        var text = SourceReader.TryRead(fileSystem, path, request.MaxFileBytes, out var readError);
        if (text == null) return Fail(path, readError!);
        var loaded = YamlLoader.Load(path, text);
        if (loaded.Error != null) return Fail(path, loaded.Error);
        return ComposeStructure.Validate(path, loaded.Root, out var structureError) ?? Fail(path, structureError!);
    }

    private YMapping? Fail(string path, LoadError error)
    {
        lock (diagnostics)
            diagnostics.Add(ToolDiagnostics.FileNotLoaded.At(new SourceLocation(path, error.Span), null, null, error.Message));
        return null;
    }
}

/// <summary>The structural checks Docker Compose makes before anything else, so rules can trust the shape.</summary>
public static class ComposeStructure
{
    public static YMapping? Validate(string path, YNode? root, out LoadError? error)
    {
        error = null;
        switch (root)
        {
            case null:
                error = new LoadError("The compose file is empty.", SourceSpan.FileStart);
                return null;
            case not YMapping:
                error = new LoadError("A compose file must be a mapping at the top level (services:, networks:, …).", root.Location.Span);
                return null;
            case YMapping map when map["services"] is { } services && !(services is YScalar { IsNull: true }):
                if (services is not YMapping serviceMap)
                {
                    error = new LoadError("'services' must be a mapping of service names to their definitions.", services.Location.Span);
                    return null;
                }
                foreach (var entry in serviceMap.Entries)
                    if (!entry.Name.StartsWith("x-", System.StringComparison.Ordinal) && entry.Value is not YMapping && !(entry.Value is YScalar { IsNull: true }))
                    {
                        error = new LoadError($"Service '{entry.Name}' must be a mapping (image:, build:, …).", entry.Value.Location.Span);
                        return null;
                    }
                return map;
            case YMapping map:
                return map;
        }
    }
}
