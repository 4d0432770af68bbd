namespace HardeningTasks.Core.Tests.Robustness;

/// <summary>
/// Every crash the fuzzer found, minimised, as a regression test: the file now gives a precise HRD000 (or loads), no
/// exception escapes, no rule fails, and the ordinary file beside it is still checked.
/// </summary>
public class FuzzRegressionTests
{
    /// <summary>A minimised fuzz find: the file it is written as, its text, and the one diagnostic the engine must give
    /// about it (HRD000 unless <see cref="Rule"/> says otherwise; no line: it must load without any HRD000 or HRD090).</summary>
    public sealed record Find(string File, string Text, int? Line, int? Column, string? Says, string Note, string Rule = "HRD000")
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
        // Rule HRD001 failed (ArgumentException: Null character in path): a build context "\0" (a YAML escape) reached
        // Path.GetFullPath. Paths written in files are now resolved by PathText, which never throws.
        new Find("compose.yml", "services:\n  b:\n    build:\n      context: \"\\0\"\n", null, null, null, "HRD001 crash on build context \"\\0\""),
        new Find("compose.yml", "services:\n  b:\n    build:\n      context: .\n      dockerfile: \"a\\0b\"\n", null, null, null, "a dockerfile name with a NUL"),
        new Find("compose.yml", "services:\n  b:\n    image: nginx:1.25.3\n    extends:\n      file: \"x\\0y.yml\"\n      service: a\n", 5, 13,
            "The file 'x\0y.yml' this service extends from does not exist", "an extends file with a NUL is missing, not a crash", "HRD090"),
        new Find("compose.yml", "include:\n  - \"a\\0b.yml\"\nservices:\n  b:\n    image: nginx:1.25.3\n", 2, 5,
            "The included file 'a\0b.yml' does not exist", "an include with a NUL is missing, not a crash", "HRD090"),
        // Rule HRD010 failed (InvalidOperationException: Sequence contains no elements): a label key whose router name
        // ends in a blank before '[' named a router none of whose settings TraefikRouter found (own.First()).
        new Find("compose.yml", "services:\n  x:\n    image: traefik:v3.1.2\n    labels:\n      - traefik.http.routers.D [=\n      - traefik.http.middlewares.M [=\n", null, null, null,
            "HRD010 crash on the label 'traefik.http.routers.D [='"),
        // The loader's safety net caught ArgumentOutOfRangeException (startIndex past the end) in DockerVariables: a
        // "${A:" cut off after the colon read its operator and word past the end of the text. (The rare crash the lead saw
        // once on nginx-aspnet-mysql/proxy/Dockerfile; found again with HARDENING_FUZZ_ONLY on that file.)
        new Find("Dockerfile", "FROM ${:", null, null, null, "DockerVariables ArgumentOutOfRange on 'FROM ${:'"),
        new Find("Dockerfile", "ARG V=1\nFROM alpine:${V:", null, null, null, "the same after a name"),
    }.Select(f => new TestCaseData(f).SetName("Fuzz find: " + f.Note));

    [TestCaseSource(nameof(Finds))]
    public void A_fuzz_find_gives_a_precise_diagnostic_and_the_other_files_are_still_checked(Find find)
    {
        using var bed = HostileBed.InMemory().Write(find.File, find.Text);
        var result = bed.Analyze(find.File);
        Assert.That(result.Findings.Where(FuzzTests.IsCrash), Is.Empty, HostileBed.Describe(result));
        if (find.Line == null)
        {
            Assert.That(result.Findings.Where(f => f.RuleId is "HRD000" or "HRD090"), Is.Empty, HostileBed.Describe(result));
            bed.AssertOrdinaryFileChecked(result);
            return;
        }
        var finding = bed.AssertSingle(result, find.File, find.Rule, find.Line.Value, find.Column!.Value);
        Assert.That(finding.Message, Does.StartWith(find.Says!));
    }
}
