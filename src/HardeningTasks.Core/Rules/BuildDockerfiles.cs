using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Dockerfile;
using HardeningTasks.Core.Parsing.Dockerfile;

namespace HardeningTasks.Core.Rules;

/// <summary>
/// The Dockerfile a compose <c>build:</c> uses, for cross-file reasoning: the loaded input with that full path, else the
/// file parsed from the project's file system (read through <see cref="Stack.FileSystem"/>, so it becomes an input of
/// the incremental build), else the <c>dockerfile_inline</c> text. Parsed files are cached per analysis.
/// </summary>
public static class BuildDockerfiles
{
    private static readonly ConditionalWeakTable<Stack, ConcurrentDictionary<string, DockerfileModel?>> Caches = new();

    public static DockerfileModel? Of(ComposeBuild build, Stack stack)
    {
        var cache = Caches.GetValue(stack, _ => new ConcurrentDictionary<string, DockerfileModel?>(StringComparer.Ordinal));
        if (build.DockerfileInline is { } inline)
        {
            var location = inline.Location;
            var key = $"inline:{location.FilePath}:{location.Line}:{location.Column}";
            return cache.GetOrAdd(key, _ => DockerfileParser.Parse(location.FilePath, inline.Value).Model);
        }
        if (build.DockerfilePath is not { } path) return null;
        var loaded = LoadedByPath.GetValue(stack, s => new PathIndex<DockerfileModel>(s.FilesOf<DockerfileModel>().Select(d => (d.Path, d)))).First(path);
        if (loaded != null) return loaded;
        return cache.GetOrAdd(path, p =>
        {
            if (!stack.FileSystem.FileExists(p)) return null;
            var text = SourceReader.TryRead(stack.FileSystem, p, SourceReader.DefaultMaxFileBytes, out _);
            return text == null ? null : DockerfileParser.Parse(p, text).Model;
        });
    }

    private static readonly ConditionalWeakTable<Stack, PathIndex<DockerfileModel>> LoadedByPath = new();
    private static readonly ConditionalWeakTable<Stack, PathIndex<ComposeService>> BuildersByPath = new();

    /// <summary>The compose services (of every compose project in the stack, in order) whose <c>build:</c> uses the Dockerfile at <paramref name="dockerfilePath"/>.</summary>
    public static IEnumerable<ComposeService> BuildersOf(string dockerfilePath, Stack stack) =>
        BuildersByPath.GetValue(stack, s => new PathIndex<ComposeService>(
            from project in s.FilesOf<ComposeProject>()
            from service in project.Services
            let path = service.Build?.DockerfilePath
            where path != null
            select (path!, service))).Matching(dockerfilePath);

    /// <summary>The stage a build produces: its <c>target:</c> when that names a stage, else the last stage.</summary>
    public static DockerStage? BuiltStage(ComposeBuild build, Stack stack)
    {
        if (Of(build, stack) is not { } dockerfile) return null;
        var target = build.Target is { IsFullyResolved: true } t ? dockerfile.FindStage(t.Value) : null;
        return target ?? dockerfile.LastStage;
    }

    /// <summary>The <c>HEALTHCHECK</c> the built image gets from its Dockerfile (own stage or the stages it is built <c>FROM</c>), or null.</summary>
    public static DockerInstruction? Healthcheck(ComposeBuild build, Stack stack) => BuiltStage(build, stack)?.Effective("HEALTHCHECK");

    /// <summary>True for <c>HEALTHCHECK NONE</c>: the image explicitly has no health check.</summary>
    public static bool IsNone(DockerInstruction healthcheck) =>
        healthcheck.Arguments.Trim().Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() is { } first
        && string.Equals(first, "NONE", StringComparison.OrdinalIgnoreCase);
}
