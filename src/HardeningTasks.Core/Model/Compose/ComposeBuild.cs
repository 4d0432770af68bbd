
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Model.Compose;

/// <summary>A service's <c>build:</c>, short (<c>build: ./dir</c>) or long form.</summary>
public sealed class ComposeBuild
{
    private ComposeBuild(YEntry entry, YScalar? context, YScalar? dockerfile, YScalar? dockerfileInline, YScalar? target, YMapping? node, ComposeProject project)
    {
        Entry = entry;
        Context = context;
        Dockerfile = dockerfile;
        DockerfileInline = dockerfileInline;
        Target = target;
        Node = node;
        // Relative to the file the build: was written in (an included file or an extends source has its own directory).
        ContextDirectory = project.ResolvePath(entry.Value, context?.Value is { Length: > 0 } c ? c : ".");
    }

    /// <summary>The <c>build:</c> key and its value.</summary>
    public YEntry Entry { get; }
    public YScalar? Context { get; }
    public YScalar? Dockerfile { get; }
    public YScalar? DockerfileInline { get; }
    public YScalar? Target { get; }
    public YMapping? Node { get; }

    /// <summary>Full path of the build context (a remote git/URL context is kept as written).</summary>
    public string ContextDirectory { get; }

    /// <summary>True when the context is a URL or git repository, not a local directory.</summary>
    public bool IsRemote => Context?.Value is { } c && (c.Contains("://") || c.StartsWith("git@", System.StringComparison.Ordinal));

    /// <summary>Full path of the Dockerfile it builds, or null for <c>dockerfile_inline</c> or a remote context.</summary>
    public string? DockerfilePath
    {
        get
        {
            if (DockerfileInline != null || IsRemote) return null;
            var name = Dockerfile?.Value is { Length: > 0 } d ? d : "Dockerfile";
            return IO.PathText.Resolve(ContextDirectory, name);
        }
    }

    internal static ComposeBuild? From(YEntry? entry, ComposeProject project) => entry?.Value switch
    {
        YScalar { IsNull: false } context => new ComposeBuild(entry, context, null, null, null, null, project),
        YMapping map => new ComposeBuild(entry, S(map, "context"), S(map, "dockerfile"), S(map, "dockerfile_inline"), S(map, "target"), map, project),
        _ => null,
    };

    private static YScalar? S(YMapping map, string key) => map[key] as YScalar is { IsNull: false } s ? s : null;
}
