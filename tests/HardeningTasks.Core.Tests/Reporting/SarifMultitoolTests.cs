using HardeningTasks.Core.Model;
using HardeningTasks.Core.Reporting;
using HardeningTasks.Tests.Shared;

namespace HardeningTasks.Core.Tests.Reporting;

/// <summary>
/// Microsoft's SARIF Multitool validates a log of real engine findings against the SARIF rules and GitHub's ingestion
/// rules: every level, an in-file suppression with its reason and location, and a baseline (unchanged and new results).
/// The test is skipped only when npm is not on PATH; a failed install fails it.
/// </summary>
[Category("External")]
public class SarifMultitoolTests
{
    [Test]
    public void EngineLog_PassesSarifAndGitHubValidation()
    {
        SarifMultitool.Require();
        var root = Path.Combine(Path.GetTempPath(), "hardening-sarif-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            var result = SarifSampleStack.AnalyzeAll(root);
            Assert.That(result.Findings.Select(f => f.Severity).Distinct().Count(), Is.GreaterThanOrEqualTo(3), "errors, warnings and suggestions are all validated");
            Assert.That(result.Suppressed, Is.Not.Empty, "an in-file suppression is validated");
            // the baseline accepts the Dockerfile's findings; the compose file's are new
            var baselinePath = Path.Combine(root, Baseline.DefaultFileName);
            var baseline = Baseline.From(baselinePath, result.Findings.Where(f => f.Location.FilePath.EndsWith("Dockerfile", StringComparison.Ordinal)));
            var findings = baseline.Apply(result.Findings, out _).Concat(result.Suppressed).ToList();
            Assert.That(findings.Select(f => f.BaselineState).Distinct(), Is.SupersetOf(new[] { BaselineState.New, BaselineState.Unchanged }));

            var log = Path.Combine(root, "hardening.sarif");
            using (var stream = File.Create(log))
            {
                // what was checked and skipped, as toolExecutionNotifications (a skipped file with its location)
                var summary = result.Summary.WithSkipped(new[] { new SkippedInput(Path.Combine(root, "k8s", "app.yaml"), SkipReason.NotOurs) });
                SarifWriter.Write(stream, findings, new SarifOptions { RootDirectory = root, ToolVersion = "1.0.0", Summary = summary });
            }
            var text = File.ReadAllText(log);
            Assert.That(text, Does.Contain("\"kind\": \"inSource\"").And.Contain("\"kind\": \"external\"").And.Contain("\"baselineState\": \"unchanged\""));
            Assert.That(text, Does.Contain("\"toolExecutionNotifications\"").And.Contain("\"uri\": \"k8s/app.yaml\""));
            SarifMultitool.AssertValid(log);

            // The same log without a rule's help text breaks a GitHub rule: proves the validation above can fail.
            var broken = System.Text.Json.Nodes.JsonNode.Parse(text)!;
            broken["runs"]![0]!["tool"]!["driver"]!["rules"]![0]!.AsObject().Remove("help");
            File.WriteAllText(log, broken.ToJsonString());
            var (_, brokenOutput) = SarifMultitool.Validate(log);
            Assert.That(brokenOutput, Does.Contain("error GH2012"), brokenOutput);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
