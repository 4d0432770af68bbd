using System.Text;
using HardeningTasks.Core;
using HardeningTasks.Core.Incremental;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Tests.Incremental;

/// <summary>
/// A project held in memory (a copy of a corpus repository or a fixture directory, under its real paths), the inputs the
/// package's globs would pick from it, and the two ways to check it: the engine on the whole request, and the
/// incremental engine from the previous scan's state.
/// </summary>
internal sealed class IncrementalBed
{
    public IncrementalBed(string root, IReadOnlyDictionary<string, string>? properties = null)
    {
        Root = root;
        Properties = properties ?? new Dictionary<string, string>();
    }

    public string Root { get; }
    public IReadOnlyDictionary<string, string> Properties { get; }
    public InMemoryFileSystem FileSystem { get; } = new();
    public SortedDictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);
    public IncrementalState? State { get; set; }

    public static IncrementalBed FromDirectory(string directory, IReadOnlyDictionary<string, string>? properties = null)
    {
        var bed = new IncrementalBed(directory, properties);
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
            bed.Write(file, File.ReadAllBytes(file));
        return bed;
    }

    public void Write(string path, byte[] bytes)
    {
        Files[path] = bytes;
        FileSystem.Add(path, bytes);
    }

    public void Write(string path, string text) => Write(path, Encoding.UTF8.GetBytes(text));

    public string Read(string path) => Encoding.UTF8.GetString(Files[path]);

    public void Delete(string path)
    {
        Files.Remove(path);
        FileSystem.Remove(path);
    }

    /// <summary>The inputs the package's default items give: the files named like one, every other YAML file as a candidate.</summary>
    public List<InputFile> Inputs() =>
        Files.Keys.Where(f => InputClassifier.Classify(f) != null).Select(f => new InputFile(f, InputClassifier.Classify(f)!.Value)).ToList();

    public List<string> Candidates() => Files.Keys.Where(f => InputClassifier.Classify(f) == null && InputClassifier.IsYaml(f)).ToList();

    public AnalysisRequest Request() => new()
    {
        ProjectDirectory = Root,
        Files = Inputs(),
        Candidates = Candidates(),
        Properties = new Dictionary<string, string>(Properties, StringComparer.OrdinalIgnoreCase),
        FileSystem = FileSystem,
    };

    /// <summary>Runs both, asserts the incremental result is the whole-request result line for line, keeps the state for the next scan.</summary>
    public IncrementalOutcome CheckEquivalent(string step)
    {
        var request = Request();
        var full = Engine.Analyze(request);
        // the state goes through its text form, as it does between builds
        var previous = State == null ? null : IncrementalState.Parse(State.Serialize());
        Assert.That(State == null || previous != null, "the state does not survive its own serialization");
        var outcome = IncrementalEngine.Analyze(request, previous);
        Assert.That(outcome.Result.Findings.Select(Render).ToList(), Is.EqualTo(full.Findings.Select(Render).ToList()),
            $"{step}: the incremental scan ({outcome.UnitsAnalysed} of {outcome.UnitsTotal} units analysed) differs from a whole analysis");
        Assert.That(outcome.Result.Suppressed.Select(Render).ToList(), Is.EqualTo(full.Suppressed.Select(Render).ToList()),
            $"{step}: the incremental scan's suppressed findings differ from a whole analysis");
        Assert.That(Render(outcome.Result.Summary), Is.EqualTo(Render(full.Summary)), $"{step}: the incremental scan's summary differs from a whole analysis");
        State = outcome.State;
        return outcome;
    }

    /// <summary>Every part of a summary: what it says, and the files and names behind it.</summary>
    public static string Render(CheckSummary s) => string.Join("\n", new[] { s.Describe() }
        .Concat(s.DescribeSkipped("/")).Concat(s.ComposeFiles).Concat(s.ComposeProjects).Concat(s.ComposeVariants).Concat(s.Dockerfiles).Concat(s.TraefikFiles).Concat(s.UnsetVariables));

    /// <summary>Every field of a finding, so equal lines mean equal findings.</summary>
    public static string Render(Finding f) =>
        $"{f.Location.FilePath}{f.Location.Span} {f.Severity.ToWord()} {f.RuleId} [{f.Subject}|{f.Value}] {f.Message}" +
        (f.Suppression is { } s ? $" suppressed {s.Kind} '{s.Justification}' at {s.Location?.FilePath}{s.Location?.Span}" : "");
}
