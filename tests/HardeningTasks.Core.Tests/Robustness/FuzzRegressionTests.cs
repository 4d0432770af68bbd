namespace HardeningTasks.Core.Tests.Robustness;

/// <summary>
/// Every crash the fuzzer found, minimised, as a regression test: the file now gives a precise HRD000 (or loads), no
/// exception escapes, no rule fails, and the ordinary file beside it is still checked.
/// </summary>
public class FuzzRegressionTests
{
    /// <summary>A minimised fuzz find: the file it is written as, its text, and what the engine must say about it
    /// (null: it must load without an HRD000).</summary>
    public sealed record Find(string File, string Text, int? Line, int? Column, string? Says, string Note)
    {
        public override string ToString() => Note;
    }

    public static IEnumerable<TestCaseData> Finds() => new[]
    {
        // YamlDotNet's scanner threw InvalidOperationException (no position) on an unclosed flow sequence followed by a
        // plain scalar on the next line; it escaped Engine.Analyze and would have failed the build. The HRD000 points at the '['.
        new Find("compose.yml", ": [\nx", 1, 3, "Invalid YAML: the text after this point cannot be parsed", "YamlDotNet InvalidOperationException on ': [\\nx'"),
        new Find("traefik.yml", "http:\n  routers: [\nx", 2, 12, "Invalid YAML: the text after this point cannot be parsed", "the same in a Traefik file"),
        // YamlDotNet threw ArgumentException for a global tag that is not a URI.
        new Find("compose.yml", "!![", 1, 1, "Invalid YAML: Global tags must be valid URIs.", "YamlDotNet ArgumentException on the tag '!!['"),
        new Find("compose.yml", "services:\n  web:\n    image: !![x\n", 3, 12, "Invalid YAML: Global tags must be valid URIs.", "the same tag on a value"),
    }.Select(f => new TestCaseData(f).SetName("Fuzz find: " + f.Note));

    [TestCaseSource(nameof(Finds))]
    public void A_fuzz_find_gives_a_precise_diagnostic_and_the_other_files_are_still_checked(Find find)
    {
        using var bed = HostileBed.InMemory().Write(find.File, find.Text);
        var result = bed.Analyze(find.File);
        Assert.That(result.Findings.Where(FuzzTests.IsCrash), Is.Empty, HostileBed.Describe(result));
        if (find.Line == null)
        {
            Assert.That(result.Findings.Where(f => f.RuleId == "HRD000"), Is.Empty, HostileBed.Describe(result));
            bed.AssertOrdinaryFileChecked(result);
            return;
        }
        var finding = bed.AssertSingle(result, find.File, "HRD000", find.Line.Value, find.Column!.Value);
        Assert.That(finding.Message, Does.StartWith(find.Says!));
    }
}
