using System.Text.Json;

namespace HardeningTasks.Cli.Tests;

/// <summary><c>--baseline</c> and <c>--update-baseline</c> in real processes: the file written, the lines reported, the exit codes.</summary>
public class BaselineTests
{
    private const string Stack = "services:\n  web:\n    image: nginx:latest\n";

    private static string Hrd001(string service, string image, string tag = "latest") =>
        $"Service '{service}' uses image '{image}:{tag}' with the mutable tag '{tag}'; pin a version ('{image}:<version>') or a digest ('{image}@sha256:…') so every build and deploy gets the same image.";

    private const string WebBaseline =
        "{\n  \"version\": 1,\n  \"tool\": \"HardeningTasks\",\n  \"findings\": [\n    {\n      \"rule\": \"HRD001\",\n      \"file\": \"docker-compose.yml\",\n" +
        "      \"subject\": \"web\",\n      \"value\": \"nginx:latest\",\n      \"count\": 1\n    }\n  ]\n}\n";

    [Test]
    public void UpdateBaseline_WritesTheProjectBaseline_ThenOnlyNewFindingsAreReportedAndFailTheCheck()
    {
        using var tree = new TempTree((".editorconfig", TempTree.Only() + "dotnet_diagnostic.HRD001.severity = error\n"), ("docker-compose.yml", Stack));

        var update = Cli.Run(tree.Root, "check", "--update-baseline");
        Assert.That(update.ExitCode, Is.EqualTo(0), "the accepted error does not fail the check: " + update);
        Assert.That(update.Lines, Is.Empty, update.ToString());
        Assert.That(update.ErrorLines, Is.EqualTo(new[]
        {
            "hardening: wrote 1 finding to " + tree["hardening-baseline.json"],
            "hardening: checked 1 compose file (1 project): 0 errors, 0 warnings, 0 suggestions.",
        }), update.ToString());
        Assert.That(File.ReadAllText(tree["hardening-baseline.json"]), Is.EqualTo(WebBaseline));

        var unchanged = Cli.Run(tree.Root, "check");
        Assert.That((unchanged.ExitCode, unchanged.Stdout), Is.EqualTo((0, "")), "the project's hardening-baseline.json is read by default: " + unchanged);

        tree.Write("docker-compose.yml", "services:\n  api:\n    image: node:latest\n  web:\n    image: nginx:latest\n");
        var added = Cli.Run(tree.Root, "check");
        Assert.That(added.ExitCode, Is.EqualTo(1), added.ToString());
        Assert.That(added.Lines, Is.EqualTo(new[] { "docker-compose.yml(3,12): error HRD001: " + Hrd001("api", "node") }), added.ToString());

        tree.Write("docker-compose.yml", "services:\n  api:\n    image: node:latest\n");
        var fixedWeb = Cli.Run(tree.Root, "check");
        Assert.That(fixedWeb.ErrorLines, Does.Contain($"hardening: 1 finding accepted in {tree["hardening-baseline.json"]} was not found any more; update the baseline (--update-baseline) to drop it."));
    }

    [Test]
    public void ExplicitBaseline_MissingIsAUsageError_ElsewhereIsRead_AndSarifKeepsAcceptedResults()
    {
        using var tree = new TempTree((".editorconfig", TempTree.Only("HRD001")),
            ("docker-compose.yml", Stack + "  proxy:\n    # hardening-ignore HRD001 retagged nightly\n    image: traefik:latest\n  api:\n    image: node:latest\n"),
            ("ci/accepted.json", WebBaseline.Replace("\"docker-compose.yml\"", "\"../docker-compose.yml\"")));

        var missing = Cli.Run(tree.Root, "check", "--baseline", "nope.json");
        Assert.That(missing.ExitCode, Is.EqualTo(2), missing.ToString());
        Assert.That(missing.ErrorLines, Is.EqualTo(new[] { "hardening: --baseline 'nope.json' does not exist; write it with --update-baseline." }));

        var text = Cli.Run(tree.Root, "check", "--baseline", "ci/accepted.json");
        Assert.That(text.Lines, Is.EqualTo(new[] { "docker-compose.yml(8,12): warning HRD001: " + Hrd001("api", "node") }), text.ToString());

        var sarif = Cli.Run(tree.Root, "check", "--baseline=ci/accepted.json", "--format", "sarif");
        Assert.That(sarif.ExitCode, Is.EqualTo(0), sarif.ToString());
        var results = JsonDocument.Parse(sarif.Stdout).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => $"{r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32()} " +
                         $"{(r.TryGetProperty("baselineState", out var s) ? s.GetString() : "-")} " +
                         $"{(r.TryGetProperty("suppressions", out var sup) ? sup[0].GetProperty("kind").GetString() + ":" + sup[0].GetProperty("justification").GetString() : "-")}")
            .ToList();
        Assert.That(results, Is.EqualTo(new[] { "3 unchanged external:accepted in accepted.json", "6 - inSource:retagged nightly", "8 new -" }));
    }

    [Test]
    public void MalformedBaseline_IsHrd090AtItsPosition_AndNothingIsFiltered()
    {
        using var tree = new TempTree((".editorconfig", TempTree.Only("HRD001")), ("docker-compose.yml", Stack),
            ("hardening-baseline.json", "{\n  \"version\": 1,\n  \"findings\": [\n    \"HRD001\"\n  ]\n}\n"));
        var result = Cli.Run(tree.Root, "check");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Lines, Is.EqualTo(new[]
        {
            "docker-compose.yml(3,12): warning HRD001: " + Hrd001("web", "nginx"),
            "hardening-baseline.json(4,5): warning HRD090: The baseline is not valid: Each finding must be an object, not a string. No finding is filtered by it; " +
            "fix the file or write it again with --update-baseline.",
        }), result.ToString());
    }

    [Test]
    public void UpdateBaselineTakesNoValue()
    {
        using var tree = new TempTree(("docker-compose.yml", Stack));
        var result = Cli.Run(tree.Root, "check", "--update-baseline=yes");
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.ErrorLines[0], Is.EqualTo("hardening: --update-baseline takes no value."));
    }
}
