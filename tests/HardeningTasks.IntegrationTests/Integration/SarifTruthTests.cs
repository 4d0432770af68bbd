using System.Text.Json;

namespace HardeningTasks.IntegrationTests.Integration;

/// <summary>
/// The SARIF log of a real build says what the build said: a NoWarn'd finding is a suppressed result saying why, an
/// .editorconfig <c>none</c> is absent, an escalated warning (-warnaserror, TreatWarningsAsErrors) is
/// <c>level: error</c>, and the baseline takes no finding the build would not report.
/// </summary>
[TestFixture]
[Category("Integration")]
[Parallelizable(ParallelScope.Children)]
public class SarifTruthTests
{
    private static Consumer C(string name) => IntegrationSetup.Consumer(name);

    /// <summary>Each result as "line ruleId level", plus " kind: justification" when suppressed.</summary>
    private static List<string> Results(Consumer c)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(c.PathOf("artifacts/hardening.sarif")));
        return doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Select(r =>
        {
            var line = r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32();
            var text = $"{line} {r.GetProperty("ruleId").GetString()} {r.GetProperty("level").GetString()}";
            if (r.TryGetProperty("suppressions", out var s))
                text += $" {s[0].GetProperty("kind").GetString()}: {s[0].GetProperty("justification").GetString()}";
            return text;
        }).ToList();
    }

    private static void AssertBuild(DotnetResult result, int exitCode, params string[] lines)
    {
        Assert.That(result.HardeningLines, Is.EqualTo(lines), result.ToString());
        Assert.That(result.ExitCode, Is.EqualTo(exitCode), result.ToString());
    }

    [Test]
    public void NoWarn_IsASuppressedResultSayingWhy()
    {
        var c = C("sarif-nowarn");
        AssertBuild(c.Build(), 0);
        Assert.That(Results(c), Is.EqualTo(new[] { "3 HRD001 warning external: HRD001 is in NoWarn" }));
    }

    [Test]
    public void EditorConfigNone_IsAbsent()
    {
        var c = C("sarif-editorconfig-none");
        AssertBuild(c.Build(), 0);
        Assert.That(Results(c), Is.Empty);
    }

    /// <summary>-warnaserror and -nowarn are in no property: the package asks MSBuild, and switching them scans again.</summary>
    [Test]
    public void WarnAsErrorOnTheCommandLine_IsLevelError_AndOffAgainIsWarning()
    {
        var c = C("sarif-warnaserror");
        AssertBuild(c.Build("-warnaserror"), 1, c.Line("docker-compose.yml", 3, 12, "HRD001", "error"));
        Assert.That(Results(c), Is.EqualTo(new[] { "3 HRD001 error" }));

        AssertBuild(c.Build(), 0, c.Line("docker-compose.yml", 3, 12, "HRD001", "warning"));
        Assert.That(Results(c), Is.EqualTo(new[] { "3 HRD001 warning" }));

        AssertBuild(c.Build("-warnaserror", "-warnnotaserror:HRD001"), 0, c.Line("docker-compose.yml", 3, 12, "HRD001", "warning"));
        Assert.That(Results(c), Is.EqualTo(new[] { "3 HRD001 warning" }));

        // and the command line's -nowarn (MSBuild's -warnasmessage), in no property either
        AssertBuild(c.Build("-nowarn:HRD001"), 0);
        Assert.That(Results(c), Is.EqualTo(new[] { "3 HRD001 warning external: HRD001 is in NoWarn" }));
    }

    [Test]
    public void TreatWarningsAsErrors_IsLevelError()
    {
        var c = C("sarif-twae");
        AssertBuild(c.Build(), 1, c.Line("docker-compose.yml", 3, 12, "HRD001", "error"));
        Assert.That(Results(c), Is.EqualTo(new[] { "3 HRD001 error" }));
    }

    [Test]
    public void Baseline_TakesNoNoWarnedFinding()
    {
        var c = C("sarif-baseline-nowarn");
        var update = c.Build("-p:HardeningUpdateBaseline=true");
        Assert.That(update.ExitCode, Is.Zero, update.ToString());
        var baseline = File.ReadAllText(c.PathOf("hardening-baseline.json"));
        Assert.That(baseline, Does.Contain("\"rule\": \"HRD020\"").And.Not.Contain("HRD001"), "the build never reports the NoWarn'd HRD001");

        AssertBuild(c.Build("-warnaserror"), 0);
        Assert.That(Results(c), Is.EqualTo(new[]
        {
            "3 HRD001 warning external: HRD001 is in NoWarn",
            "4 HRD020 error external: accepted in hardening-baseline.json",
        }));
    }
}
