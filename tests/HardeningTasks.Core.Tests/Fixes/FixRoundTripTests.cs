using System.Text;
using HardeningTasks.Core.Fixes;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Yaml;
using HardeningTasks.Core.Parsing;
using HardeningTasks.Core.Parsing.Yaml;
using HardeningTasks.Core.Tests.Fixtures;
using HardeningTasks.Tests.Shared;

namespace HardeningTasks.Core.Tests.Fixes;

/// <summary>
/// Every mechanical fix, on every fixture and every corpus repository where it applies: nothing is withheld (each fix's
/// own proof held), and, checked here independently of that proof, a new check of the fixed files reports per rule
/// exactly the fixed findings fewer (and the findings of other rules that went as a consequence, listed by the outcome)
/// and nothing new, every YAML file still parses, and every comment line is still there.
/// </summary>
[TestFixture]
public sealed class FixRoundTripTests
{
    private static readonly Dictionary<string, int> AppliedOnFixtures = new(StringComparer.Ordinal);

    public static IEnumerable<TestCaseData> Fixtures() => RuleFixtureTests.Cases();

    public static IEnumerable<TestCaseData> Repositories() =>
        Directory.Exists(TestPaths.CorpusRoot)
            ? Directory.EnumerateDirectories(TestPaths.CorpusRoot).OrderBy(d => d, StringComparer.Ordinal).Select(d => new TestCaseData(d).SetName("corpus/" + Path.GetFileName(d)))
            : new[] { new TestCaseData(Path.Combine(TestPaths.CorpusRoot, "(missing)")).SetName("corpus (missing)") };

    [TestCaseSource(nameof(Fixtures))]
    public void Fixture(FixtureCase fixture)
    {
        var outcome = RoundTrip(new AnalysisRequest { ProjectDirectory = fixture.Root, Files = fixture.Inputs, Properties = fixture.Properties });
        lock (AppliedOnFixtures)
            foreach (var fix in outcome.Applied)
                AppliedOnFixtures[fix.RuleId] = AppliedOnFixtures.GetValueOrDefault(fix.RuleId) + 1;
    }

    [TestCaseSource(nameof(Repositories))]
    public void Corpus(string repository)
    {
        Assert.That(Directory.Exists(repository), Is.True, "the corpus is missing: " + repository);
        var outcome = RoundTrip(new AnalysisRequest { ProjectDirectory = repository, Files = CorpusInputs.Of(repository) });
        TestContext.Out.WriteLine(string.Join(", ", outcome.Applied.GroupBy(f => f.RuleId).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"))
            + "; also resolved: " + string.Join(", ", outcome.AlsoResolved.GroupBy(f => f.RuleId).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}")));
        Assert.That(outcome.Applied, Is.Not.Empty, "no fix applied anywhere in the repository");
    }

    /// <summary>Every rule with a mechanical fix has a fixture it fixes (so no fix is silently never offered).</summary>
    [Test, Order(int.MaxValue)]
    public void Every_mechanical_fix_applies_to_some_fixture()
    {
        foreach (TestCaseData data in Fixtures())
        {
            var fixture = (FixtureCase)data.Arguments[0]!;
            if (!CodeFixes.FixableRules.Contains(fixture.RuleFolder)) continue;
            var outcome = FixRunner.Run(new AnalysisRequest { ProjectDirectory = fixture.Root, Files = fixture.Inputs, Properties = fixture.Properties });
            lock (AppliedOnFixtures)
                foreach (var fix in outcome.Applied)
                    AppliedOnFixtures[fix.RuleId] = AppliedOnFixtures.GetValueOrDefault(fix.RuleId) + 1;
        }
        Assert.That(CodeFixes.FixableRules.Where(r => !AppliedOnFixtures.ContainsKey(r)), Is.Empty, "rules whose fix applied to no fixture");
    }

    internal static FixOutcome RoundTrip(AnalysisRequest request)
    {
        var outcome = FixRunner.Run(request);
        Assert.That(outcome.Withheld.Select(w => $"{w.Fix.Resolves[0].Location}: {w.Fix.Title}: {w.Reason}"), Is.Empty, "fixes whose re-check failed");

        // the check again, on the fixed files, independently of FixRunner's own proof
        var fixedFiles = new OverlayFileSystem(request.FileSystem, outcome.Files.Select(f => new KeyValuePair<string, byte[]?>(f.Before.Path, f.Before.Encode(f.After))));
        var after = Engine.Analyze(new AnalysisRequest { ProjectDirectory = request.ProjectDirectory, Files = request.Files, Properties = request.Properties, FileSystem = fixedFiles });
        var resolved = outcome.Applied.SelectMany(f => f.Resolves).Concat(outcome.AlsoResolved).Distinct().ToList();
        // what goes besides the fixed findings is never a finding of a fixed rule: those must be exactly the fixed ones
        Assert.That(outcome.AlsoResolved.Where(f => outcome.Applied.Any(x => x.RuleId == f.RuleId)), Is.Empty, "findings of a fixed rule that went without being fixed");
        var before = outcome.Before.Findings.GroupBy(f => f.RuleId).ToDictionary(g => g.Key, g => g.Count());
        var now = after.Findings.GroupBy(f => f.RuleId).ToDictionary(g => g.Key, g => g.Count());
        foreach (var rule in before.Keys.Union(now.Keys))
            Assert.That(now.GetValueOrDefault(rule), Is.EqualTo(before.GetValueOrDefault(rule) - resolved.Count(f => f.RuleId == rule)), $"{rule} findings after the fixes");

        foreach (var file in outcome.Files)
        {
            var name = Path.GetFileName(file.Before.Path);
            if (name.EndsWith(".yml", StringComparison.Ordinal) || name.EndsWith(".yaml", StringComparison.Ordinal))
                Assert.That(YamlLoader.Load(file.Before.Path, SourceText.NormalizeLineEnds(file.After)).Error, Is.Null, file.Before.Path + " still parses:\n" + file.After);
            var comments = Comments(file.Before.Text);
            var kept = Comments(file.After);
            Assert.That(comments.Where(c => !kept.Remove(c)), Is.Empty, file.Before.Path + ": comments lost");
            Assert.That(file.After.Contains("\r\n"), Is.EqualTo(file.Before.Text.Contains("\r\n")), file.Before.Path + ": line ends kept");
        }
        return outcome;
    }

    private static List<string> Comments(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith('#')).ToList();
}
