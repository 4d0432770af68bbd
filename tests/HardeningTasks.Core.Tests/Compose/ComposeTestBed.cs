using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Yaml;
using HardeningTasks.Core.Parsing;
using HardeningTasks.Core.Parsing.Compose;

namespace HardeningTasks.Core.Tests.Compose;

/// <summary>Compose files in memory under /repo, loaded through the real loader, with helpers to assert where a node was written.</summary>
internal sealed class ComposeTestBed
{
    public const string Root = "/repo";

    private readonly Dictionary<string, string> texts = new(StringComparer.Ordinal);

    public InMemoryFileSystem FileSystem { get; } = new();
    public List<Finding> Diagnostics { get; } = new();
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public static string P(string relative) => Root + "/" + relative;

    public ComposeTestBed File(string relative, string text)
    {
        texts[P(relative)] = text;
        FileSystem.Add(P(relative), text);
        return this;
    }

    public AnalysisRequest Request(IEnumerable<string>? composeInputs = null, params ComposeProjectSpec[] specs) => new()
    {
        ProjectDirectory = Root,
        FileSystem = FileSystem,
        Variables = Variables,
        ComposeProjects = specs,
        Files = (composeInputs ?? Array.Empty<string>()).Select(f => new InputFile(P(f), InputKind.Compose)).ToList(),
    };

    /// <summary>Loads one project the way the stack loader does when <paramref name="main"/> is the only input.</summary>
    public ComposeProject? Load(string main) => new ComposeLoader(FileSystem, Request(new[] { main }), Diagnostics).LoadProject(P(main));

    /// <summary>Every variant of the project of <paramref name="main"/> (one unless paths use unset variables).</summary>
    public IReadOnlyList<ComposeProject> LoadVariants(string main) => new ComposeLoader(FileSystem, Request(new[] { main }), Diagnostics).LoadProjects(P(main));

    public ComposeProject? Load(ComposeProjectSpec spec) => new ComposeLoader(FileSystem, Request(null, spec), Diagnostics).LoadProject(spec);

    /// <summary>Every project the stack loader builds from these compose inputs.</summary>
    public List<ComposeProject> LoadStack(params string[] inputs) =>
        StackLoader.Load(Request(inputs), FileSystem, Diagnostics).OfType<ComposeProject>().ToList();

    /// <summary>Line and column (1-based) of the <paramref name="occurrence"/>-th <paramref name="needle"/> in a file.</summary>
    public (int Line, int Column) Position(string relative, string needle, int occurrence = 1)
    {
        var text = texts[P(relative)];
        var index = -1;
        for (var i = 0; i < occurrence; i++)
        {
            index = text.IndexOf(needle, index + 1, StringComparison.Ordinal);
            if (index < 0) throw new ArgumentException($"'{needle}' (#{occurrence}) not in {relative}");
        }
        var line = 1 + text.Take(index).Count(c => c == '\n');
        var column = index - (text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1) + 1;
        if (index == 0) column = 1;
        return (line, column);
    }

    /// <summary>Asserts that <paramref name="node"/> was written in <paramref name="relative"/> where <paramref name="needle"/> starts.</summary>
    public void AssertAt(YNode? node, string relative, string needle, int occurrence = 1)
    {
        Assert.That(node, Is.Not.Null, $"no node for '{needle}'");
        var (line, column) = Position(relative, needle, occurrence);
        Assert.That((node!.Location.FilePath, node.Location.Line, node.Location.Column), Is.EqualTo((P(relative), line, column)), $"location of '{needle}'");
    }

    public string Describe() => string.Join("\n", Diagnostics.Select(d => d.ToString()));
}

internal static class YNodeTestExtensions
{
    public static YNode? At(this YNode? node, params object[] path)
    {
        foreach (var step in path)
        {
            node = (node, step) switch
            {
                (YMapping map, string key) => map[key],
                (YSequence seq, int index) => index < seq.Items.Count ? seq.Items[index] : null,
                _ => null,
            };
            if (node == null) return null;
        }
        return node;
    }

    public static string? Text(this YNode? node) => (node as YScalar)?.Value;

    public static List<string> Texts(this YNode? node) => node is YSequence seq ? seq.Items.Select(i => (i as YScalar)?.Value ?? i.ToString() ?? "").ToList() : new List<string>();

    public static YNode? Service(this ComposeProject project, string name, params object[] path) => project.Service(name)?.Node.At(path);
}
