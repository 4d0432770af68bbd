using System.Text.RegularExpressions;
using HardeningTasks.Core;

namespace HardeningTasks.Core.Tests.Fixtures;

/// <summary>An expected finding written in a fixture: rule, file and line (and column and message when given).</summary>
/// <param name="Message">Text the message must contain, as written between the quotes: <c>…</c> stands for any text,
/// so <c>"…USER root…"</c> and <c>"Stage 'app'…USER root"</c> both pin parts of it; null when the message is not pinned.</param>
public sealed record Expectation(string RuleId, string File, int Line, int? Column, string? Message = null)
{
    /// <summary>Whether <paramref name="message"/> contains every part of <see cref="Message"/> between ellipses, in order.</summary>
    public bool MessageMatches(string message)
    {
        if (Message == null) return true;
        var at = 0;
        foreach (var part in Message.Split('…'))
        {
            if (part.Length == 0) continue;
            var found = message.IndexOf(part, at, StringComparison.Ordinal);
            if (found < 0) return false;
            at = found + part.Length;
        }
        return true;
    }

    public override string ToString() =>
        $"{Path.GetFileName(File)}({Line}{(Column is { } c ? "," + c : "")}): {RuleId}{(Message == null ? "" : " \"" + Message + "\"")}";
}

/// <summary>
/// One fixture: a single file, or a directory holding a small stack (compose file, Dockerfile, .dockerignore, …).
/// Expected findings are comments in the files themselves:
/// <list type="bullet">
/// <item><c># expect-next-line: HRD001 HRD022</c> — on the next line;</item>
/// <item><c>image: nginx  # expect: HRD001</c> — on this line (YAML only: Dockerfiles have no end-of-line comments);</item>
/// <item><c># expect-line 1: HRD070</c> — on a given line; <c>HRD001@12</c> also pins the column;</item>
/// <item><c># expect-next-line: HRD060 "…USER root…"</c> — pins the message too: it must contain the quoted text
/// (<c>…</c> stands for any text).</item>
/// </list>
/// Files are given to the engine as the build gives them: those the default globs name as inputs, every other YAML file
/// as a candidate its content classifies (so a <c>stack.yml</c> holding services is checked, a Kubernetes manifest is not).
/// A directory case may hold a <c>.hardening-properties</c> file of <c>Name=Value</c> lines: the build properties
/// (e.g. <c>HardeningTrustedRegistries</c>) the analysis gets.
/// The check is strict for the fixture folder's rule, every rule an expectation names, and HRD000: a finding of
/// those that no expectation names fails the test, so false positives fail too.
/// </summary>
public sealed class FixtureCase
{
    private static readonly Regex ExpectComment = new(@"#\s*expect(?<where>-next-line|-line\s+(?<line>\d+))?\s*:\s*(?<ids>(?:HRD\d{3}(?:@\d+)?(?:\s*""[^""]*"")?[\s,]*)+)\s*$", RegexOptions.CultureInvariant);
    private static readonly Regex Id = new(@"(?<id>HRD\d{3})(?:@(?<col>\d+))?(?:\s*""(?<message>[^""]*)"")?", RegexOptions.CultureInvariant);

    private FixtureCase(string root, string name, string ruleFolder, IReadOnlyList<string> allFiles)
    {
        Root = root;
        Name = name;
        RuleFolder = ruleFolder;
        Inputs = allFiles.Select(f => (File: f, Kind: InputClassifier.Classify(f))).Where(x => x.Kind != null).Select(x => new InputFile(x.File, x.Kind!.Value)).ToList();
        Candidates = allFiles.Where(f => InputClassifier.Classify(f) == null && InputClassifier.IsYaml(f)).ToList();
        Expectations = allFiles.SelectMany(ReadExpectations).ToList();
        CheckedIds = new HashSet<string>(Expectations.Select(e => e.RuleId).Append("HRD000"), StringComparer.Ordinal);
        if (Regex.IsMatch(ruleFolder, @"^HRD\d{3}$")) CheckedIds.Add(ruleFolder);
    }

    /// <summary>The directory that is the project directory of the analysis.</summary>
    public string Root { get; }
    public string Name { get; }
    public string RuleFolder { get; }
    public IReadOnlyList<InputFile> Inputs { get; }

    /// <summary>The other YAML files: their content decides whether they are checked.</summary>
    public IReadOnlyList<string> Candidates { get; }
    public IReadOnlyList<Expectation> Expectations { get; }
    public HashSet<string> CheckedIds { get; }
    public Dictionary<string, string> Properties { get; } = new(StringComparer.OrdinalIgnoreCase);

    public override string ToString() => RuleFolder + "/" + Name;

    public static FixtureCase FromFile(string ruleFolder, string file) =>
        new(Path.GetDirectoryName(file)!, Path.GetFileName(file), ruleFolder, new[] { file });

    public static FixtureCase FromDirectory(string ruleFolder, string directory)
    {
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToList();
        var fixture = new FixtureCase(directory, Path.GetFileName(directory) + "/", ruleFolder, files);
        var properties = Path.Combine(directory, ".hardening-properties");
        if (File.Exists(properties))
            foreach (var line in File.ReadAllLines(properties).Where(l => l.Contains('=') && !l.TrimStart().StartsWith('#')))
                fixture.Properties[line.Substring(0, line.IndexOf('=')).Trim()] = line.Substring(line.IndexOf('=') + 1).Trim();
        return fixture;
    }

    private static IEnumerable<Expectation> ReadExpectations(string file)
    {
        var lines = File.ReadAllLines(file);
        for (var i = 0; i < lines.Length; i++)
        {
            var match = ExpectComment.Match(lines[i]);
            if (!match.Success) continue;
            var line = match.Groups["where"].Value switch
            {
                "-next-line" => i + 2,
                "" => i + 1,
                _ => int.Parse(match.Groups["line"].Value),
            };
            foreach (Match id in Id.Matches(match.Groups["ids"].Value))
                yield return new Expectation(id.Groups["id"].Value, Path.GetFullPath(file), line,
                    id.Groups["col"].Success ? int.Parse(id.Groups["col"].Value) : null,
                    id.Groups["message"].Success ? id.Groups["message"].Value : null);
        }
    }
}
