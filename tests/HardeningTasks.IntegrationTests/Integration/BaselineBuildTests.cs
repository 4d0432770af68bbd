using System.Text.Json;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Reporting;
using HardeningTasks.Tests.Shared;

namespace HardeningTasks.IntegrationTests.Integration;

/// <summary>
/// The baseline through the real package: -p:HardeningUpdateBaseline=true writes it, later builds report only new
/// findings, moved lines still match, a fixed finding leaves it at the next update, a malformed one is HRD090 with every
/// finding reported, and the SARIF of a build with a baseline and an in-file suppression passes Microsoft's validator.
/// </summary>
[TestFixture]
[Category("Integration")]
[Parallelizable(ParallelScope.Children)]
public class BaselineBuildTests
{
    private static Consumer C(string name) => IntegrationSetup.Consumer(name);

    private static void AssertBuild(DotnetResult result, int exitCode, params string[] lines)
    {
        Assert.Multiple(() =>
        {
            Assert.That(result.HardeningLines, Is.EqualTo(lines), result.ToString());
            Assert.That(result.ExitCode, Is.EqualTo(exitCode), result.ToString());
            Assert.That(result.Output, Does.Not.Contain("MSB4018").And.Not.Contain("MSB4181").And.Not.Contain("MSB4062"), result.ToString());
        });
    }

    private static string Entry(string subject, string value) =>
        "    {\n" +
        "      \"rule\": \"HRD001\",\n" +
        "      \"file\": \"docker-compose.yml\",\n" +
        $"      \"subject\": \"{subject}\",\n" +
        $"      \"value\": \"{value}\",\n" +
        "      \"count\": 1\n" +
        "    }";

    private static string BaselineText(params string[] entries) =>
        "{\n  \"version\": 1,\n  \"tool\": \"HardeningTasks\",\n  \"findings\": [\n" + string.Join(",\n", entries) + "\n  ]\n}\n";

    [Test]
    public void UpdateThenOnlyNewFindings_MovedLinesMatch_FixedFindingsLeave()
    {
        var c = C("baseline");
        var baseline = c.PathOf("hardening-baseline.json");

        var update = c.Build("-p:HardeningUpdateBaseline=true");
        AssertBuild(update, 0);
        Assert.That(update.Output, Does.Contain($"HardeningTasks: wrote 2 findings to {baseline}"), "logged at high importance: shown at the default verbosity");
        var written = File.ReadAllText(baseline);
        Assert.That(written, Is.EqualTo(BaselineText(Entry("cache", "redis:latest"), Entry("web", "nginx:latest"))));

        AssertBuild(c.Build(), 0);

        var again = c.Build("-p:HardeningUpdateBaseline=true", "-v:d");
        Assert.That(again.Output, Does.Not.Contain("Skipping target \"_HardeningScan\""), "an update scans even when nothing changed");
        Assert.That(File.ReadAllText(baseline), Is.EqualTo(written), "regenerating an unchanged baseline gives the same bytes");

        // lines moved, reindented, and a new service: only the new one is reported
        c.Write("docker-compose.yml",
            "# the edge of the platform\nservices:\n    queue:\n        image: rabbitmq:latest\n\n    cache:\n        image: redis:latest\n    web:\n        image: \"nginx:latest\"\n");
        AssertBuild(c.Build(), 0, c.Line("docker-compose.yml", 4, 16, "HRD001", "warning"));

        // cache fixed: its entry is stale (a low-importance message), and leaves the baseline at the next update
        c.Write("docker-compose.yml",
            "services:\n    queue:\n        image: rabbitmq:latest\n    cache:\n        image: redis:7.4.1\n    web:\n        image: nginx:latest\n");
        var stale = c.Build("-v:d");
        AssertBuild(stale, 0, c.Line("docker-compose.yml", 3, 16, "HRD001", "warning"));
        Assert.That(stale.Output, Does.Contain($"HardeningTasks: 1 finding accepted in {baseline} was not found any more; update the baseline (-p:HardeningUpdateBaseline=true) to drop it."));

        var updated = c.Build("-p:HardeningUpdateBaseline=true");
        AssertBuild(updated, 0);
        Assert.That(updated.Output, Does.Contain($"HardeningTasks: wrote 2 findings to {baseline}"));
        Assert.That(File.ReadAllText(baseline), Is.EqualTo(BaselineText(Entry("queue", "rabbitmq:latest"), Entry("web", "nginx:latest"))));
        AssertBuild(c.Build(), 0);

        // the baseline removed: the scan runs again (it was a recorded input) and reports everything
        File.Delete(baseline);
        AssertBuild(c.Build(), 0,
            c.Line("docker-compose.yml", 3, 16, "HRD001", "warning"),
            c.Line("docker-compose.yml", 7, 16, "HRD001", "warning"));
        // and it appearing again is seen too (it was recorded as absent)
        File.WriteAllText(baseline, BaselineText(Entry("queue", "rabbitmq:latest"), Entry("web", "nginx:latest")));
        File.SetLastWriteTimeUtc(baseline, new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        AssertBuild(c.Build(), 0);
    }

    [Test]
    public void MalformedBaseline_IsHrd090AtItsLineAndColumn_AndEveryFindingIsReported()
    {
        var c = C("baseline-malformed");
        var path = c.PathOf("hardening-baseline.json");
        Baseline.Read(path, PhysicalFileSystem.Instance, out var problem);
        Assert.That(problem, Is.Not.Null);
        Assert.That((problem!.Location.Line, problem.Location.Column), Is.EqualTo((4, 5)));
        AssertBuild(c.Build(), 0,
            c.Line("docker-compose.yml", 3, 12, "HRD001", "warning"),
            $"{path}(4,5): warning HRD090: {problem.Message} [{c.ProjectFile}]");
        Assert.That(problem.Message, Does.Contain("Each finding must be an object, not a string."));

        // with -warnaserror the HRD090 fails the build like any warning
        var strict = c.Build("-warnaserror");
        Assert.That(strict.ExitCode, Is.EqualTo(1), strict.ToString());
        Assert.That(strict.HardeningLines, Does.Contain($"{path}(4,5): error HRD090: {problem.Message} [{c.ProjectFile}]"));
    }

    [Test]
    public void SarifOfABuildWithBaselineAndSuppression_PassesMicrosoftsValidator()
    {
        var c = C("baseline-sarif");
        SarifMultitool.Require();
        var baseline = c.PathOf("config/accepted.json");
        var update = c.Build("-p:HardeningUpdateBaseline=true");
        AssertBuild(update, 0);
        Assert.That(File.ReadAllText(baseline), Does.Contain("\"subject\": \"web\"").And.Not.Contain("proxy"), "the suppressed finding is not baselined");

        c.Write("docker-compose.yml", File.ReadAllText(c.PathOf("docker-compose.yml")) + "  api:\n    image: node:latest\n");
        AssertBuild(c.Build(), 0, c.Line("docker-compose.yml", 8, 12, "HRD001", "warning"));

        var sarif = c.PathOf("artifacts/hardening.sarif");
        using (var doc = JsonDocument.Parse(File.ReadAllText(sarif)))
        {
            var results = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
                .Select(r => (Line: r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32(),
                              State: r.TryGetProperty("baselineState", out var s) ? s.GetString() : null,
                              Kind: r.TryGetProperty("suppressions", out var sup) ? sup[0].GetProperty("kind").GetString() : null,
                              Why: r.TryGetProperty("suppressions", out var sup2) && sup2[0].TryGetProperty("justification", out var j) ? j.GetString() : null))
                .ToList();
            Assert.That(results, Is.EqualTo(new (int, string?, string?, string?)[]
            {
                (3, "unchanged", "external", "accepted in accepted.json"),
                (6, null, "inSource", "the mirror retags it nightly"),
                (8, "new", null, null),
            }));
        }
        SarifMultitool.AssertValid(sarif);
    }
}
