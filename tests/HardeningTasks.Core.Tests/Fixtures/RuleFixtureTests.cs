using HardeningTasks.Core;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Tests.Fixtures;

/// <summary>Runs the engine on every fixture under <c>tests/fixtures/&lt;rule&gt;/</c> and compares with the expectations written in it.</summary>
public class RuleFixtureTests
{
    public static string FixturesRoot => Path.Combine(TestPaths.RepositoryRoot, "tests", "fixtures");

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var ruleDir in Directory.EnumerateDirectories(FixturesRoot).OrderBy(d => d, StringComparer.Ordinal))
        {
            var rule = Path.GetFileName(ruleDir);
            foreach (var file in Directory.EnumerateFiles(ruleDir).Where(f => !Path.GetFileName(f).StartsWith('.')).OrderBy(f => f, StringComparer.Ordinal))
                yield return new TestCaseData(FixtureCase.FromFile(rule, file)).SetName($"{rule}/{Path.GetFileName(file)}");
            foreach (var dir in Directory.EnumerateDirectories(ruleDir).OrderBy(d => d, StringComparer.Ordinal))
                yield return new TestCaseData(FixtureCase.FromDirectory(rule, dir)).SetName($"{rule}/{Path.GetFileName(dir)}/");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Fixture(FixtureCase fixture)
    {
        Assert.That(fixture.Inputs.Count + fixture.Candidates.Count, Is.Not.Zero, "the fixture has no file the default items would give the check");
        var result = Engine.Analyze(new AnalysisRequest { ProjectDirectory = fixture.Root, Files = fixture.Inputs, Candidates = fixture.Candidates, Properties = fixture.Properties });
        FixtureAssert.Matches(fixture, result.Findings);
    }
}

public static class FixtureAssert
{
    public static void Matches(FixtureCase fixture, IEnumerable<Finding> findings)
    {
        var actual = findings.Where(f => fixture.CheckedIds.Contains(f.RuleId)).ToList();
        var missing = fixture.Expectations.Where(e => !actual.Any(f => Satisfies(f, e))).ToList();
        var unexpected = actual.Where(f => !fixture.Expectations.Any(e => Satisfies(f, e))).ToList();
        if (missing.Count == 0 && unexpected.Count == 0) return;
        var report = new List<string>();
        report.AddRange(missing.Select(e => "missing:    " + e));
        report.AddRange(unexpected.Select(f => $"unexpected: {Path.GetFileName(f.Location.FilePath)}({f.Location.Line},{f.Location.Column}): {f.RuleId}: {f.Message}"));
        Assert.Fail(fixture + "\n" + string.Join("\n", report));
    }

    private static bool Satisfies(Finding finding, Expectation expected) =>
        finding.RuleId == expected.RuleId
        && string.Equals(finding.Location.FilePath, expected.File, StringComparison.Ordinal)
        && finding.Location.Line == expected.Line
        && (expected.Column == null || finding.Location.Column == expected.Column)
        && expected.MessageMatches(finding.Message);
}
