using System.Text.Json;
using HardeningTasks.Core.Checking;
using HardeningTasks.Core.Configuration;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Reporting;

namespace HardeningTasks.Core.Tests.Checking;

/// <summary>
/// The check service decides once what every sink shows: NoWarn, escalation, .editorconfig none and the baseline give
/// the same answer in the reported findings, the SARIF log (level, suppressions) and the baseline file.
/// </summary>
public class CheckServiceTests
{
    /// <summary>web: HRD001 (3,12) warning; db: HRD020 (6,17) error (privileged). Every other rule is off.</summary>
    private const string Stack =
        "services:\n" +
        "  web:\n" +
        "    image: nginx:latest\n" +
        "  db:\n" +
        "    image: postgres:16.4\n" +
        "    privileged: true\n";

    private const string OnlyTwoRules =
        "root = true\n[*]\ndotnet_analyzer_diagnostic.severity = none\n" +
        "dotnet_diagnostic.HRD000.severity = error\ndotnet_diagnostic.HRD001.severity = warning\ndotnet_diagnostic.HRD020.severity = error\n" +
        "dotnet_diagnostic.HRD090.severity = warning\n";

    private string dir = "";

    [SetUp]
    public void SetUp()
    {
        dir = Path.Combine(Path.GetTempPath(), "hrd-check-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, ".editorconfig"), OnlyTwoRules);
        File.WriteAllText(Compose, Stack);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    private string Compose => Path.Combine(dir, "docker-compose.yml");

    private CheckResult Run(WarningOptions? warnings = null, string? baseline = null, bool update = false, AnalysisMode mode = AnalysisMode.Default, params string[] problems) =>
        CheckService.Run(new CheckRequest
        {
            Analysis = new AnalysisRequest { ProjectDirectory = dir, Files = new[] { new InputFile(Compose, InputKind.Compose) }, Mode = mode },
            Warnings = warnings ?? WarningOptions.None,
            BaselineFile = baseline,
            UpdateBaseline = update,
            SettingProblems = problems,
        });

    private static IEnumerable<string> Lines(IEnumerable<Finding> findings) =>
        findings.Select(f => $"{f.Location.Line},{f.Location.Column} {f.Severity.ToWord()} {f.RuleId}" + (f.Suppression is { } s ? $" suppressed {s.Kind}: {s.Justification}" : ""));

    /// <summary>Each SARIF result as "line ruleId level [suppression kind: justification]".</summary>
    private static List<string> Sarif(CheckResult result)
    {
        using var doc = JsonDocument.Parse(result.ToSarif(new SarifOptions()));
        return doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Select(r =>
        {
            var line = r.TryGetProperty("locations", out var l) ? l[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32() : 0;
            var text = $"{line} {r.GetProperty("ruleId").GetString()} {r.GetProperty("level").GetString()}";
            if (r.TryGetProperty("suppressions", out var s))
                text += $" {s[0].GetProperty("kind").GetString()}: {s[0].GetProperty("justification").GetString()}";
            return text;
        }).ToList();
    }

    [Test]
    public void WithoutKnobs_TheRulesSeveritiesAreReported()
    {
        var result = Run();
        Assert.That(Lines(result.Reported), Is.EqualTo(new[] { "3,12 warning HRD001", "6,17 error HRD020" }));
        Assert.That(Sarif(result), Is.EqualTo(new[] { "3 HRD001 warning", "6 HRD020 error" }));
        Assert.That((result.Errors, result.Warnings, result.Suggestions), Is.EqualTo((1, 1, 0)));
    }

    [Test]
    public void NoWarn_HidesTheWarning_AndSarifKeepsItSuppressedWithTheReason()
    {
        var result = Run(new WarningOptions { NoWarn = new[] { "hrd001" } });
        Assert.That(Lines(result.Reported), Is.EqualTo(new[] { "6,17 error HRD020" }));
        Assert.That(Sarif(result), Is.EqualTo(new[] { "3 HRD001 warning external: HRD001 is in NoWarn", "6 HRD020 error" }));
    }

    [Test]
    public void NoWarn_NeverHidesAnError_AsMSBuildNeverHidesALoggedError()
    {
        var result = Run(new WarningOptions { NoWarn = new[] { "HRD020" } });
        Assert.That(Lines(result.Reported), Is.EqualTo(new[] { "3,12 warning HRD001", "6,17 error HRD020" }));
    }

    [Test]
    public void NoWarn_WinsOverWarningsAsErrors()
    {
        var result = Run(new WarningOptions { NoWarn = new[] { "HRD001" }, WarningsAsErrors = new[] { "HRD001" } });
        Assert.That(Lines(result.Reported), Is.EqualTo(new[] { "6,17 error HRD020" }));
    }

    [Test]
    public void WarningsAsErrors_IsLevelErrorInSarifToo()
    {
        var result = Run(new WarningOptions { WarningsAsErrors = new[] { "HRD001" } });
        Assert.That(Lines(result.Reported), Is.EqualTo(new[] { "3,12 error HRD001", "6,17 error HRD020" }));
        Assert.That(Sarif(result), Is.EqualTo(new[] { "3 HRD001 error", "6 HRD020 error" }));
    }

    [Test]
    public void TreatWarningsAsErrors_HonoursWarningsNotAsErrors_ButAnExplicitIdWins()
    {
        Assert.That(Lines(Run(new WarningOptions { TreatWarningsAsErrors = true }).Reported), Is.EqualTo(new[] { "3,12 error HRD001", "6,17 error HRD020" }));
        Assert.That(Lines(Run(new WarningOptions { TreatWarningsAsErrors = true, WarningsNotAsErrors = new[] { "HRD001" } }).Reported),
            Is.EqualTo(new[] { "3,12 warning HRD001", "6,17 error HRD020" }));
        Assert.That(Lines(Run(new WarningOptions { TreatWarningsAsErrors = true, WarningsNotAsErrors = new[] { "HRD001" }, WarningsAsErrors = new[] { "HRD001" } }).Reported),
            Is.EqualTo(new[] { "3,12 error HRD001", "6,17 error HRD020" }), "MSBuild: an explicit WarningsAsErrors entry beats WarningsNotAsErrors");
    }

    [Test]
    public void TreatWarningsAsErrors_LeavesSuggestionsAlone()
    {
        File.AppendAllText(Path.Combine(dir, ".editorconfig"), "dotnet_diagnostic.HRD001.severity = suggestion\n");
        Assert.That(Lines(Run(new WarningOptions { TreatWarningsAsErrors = true }).Reported), Is.EqualTo(new[] { "3,12 suggestion HRD001", "6,17 error HRD020" }));
    }

    [Test]
    public void EditorConfigNone_IsAbsentEverywhere()
    {
        File.AppendAllText(Path.Combine(dir, ".editorconfig"), "dotnet_diagnostic.HRD001.severity = none\n");
        var result = Run(new WarningOptions { TreatWarningsAsErrors = true });
        Assert.That(Lines(result.Findings), Is.EqualTo(new[] { "6,17 error HRD020" }));
        Assert.That(Sarif(result), Is.EqualTo(new[] { "6 HRD020 error" }));
    }

    [Test]
    public void Baseline_TakesOnlyWhatTheBuildWouldReport()
    {
        File.AppendAllText(Path.Combine(dir, ".editorconfig"), "dotnet_diagnostic.HRD020.severity = none\n");
        File.AppendAllText(Compose, "  cache:\n    # hardening-ignore HRD001 mirrored nightly\n    image: redis:latest\n  queue:\n    image: rabbitmq:latest\n");
        var baseline = Path.Combine(dir, "hardening-baseline.json");

        var update = Run(new WarningOptions { NoWarn = new[] { "HRD001" }, WarningsAsErrors = new[] { "HRD001" } }, baseline, update: true);
        Assert.That(update.Baseline!.Written, Is.Zero, "NoWarn'd, inline-suppressed and .editorconfig none findings are reported by no build");
        Assert.That(update.BaselineWrittenNote, Is.EqualTo($"wrote 0 findings to {baseline}"));

        var updateWithoutNoWarn = Run(baseline: baseline, update: true);
        Assert.That(File.ReadAllText(baseline), Does.Contain("\"subject\": \"web\"").And.Contain("\"subject\": \"queue\"").And.Not.Contain("cache").And.Not.Contain("HRD020"));
        Assert.That(updateWithoutNoWarn.Baseline!.Written, Is.EqualTo(2));

        File.AppendAllText(Compose, "  api:\n    image: node:latest\n");
        var later = Run(new WarningOptions { TreatWarningsAsErrors = true }, baseline);
        Assert.That(Lines(later.Reported), Is.EqualTo(new[] { "13,12 error HRD001" }));
        Assert.That(Sarif(later), Is.EqualTo(new[]
        {
            "3 HRD001 error external: accepted in hardening-baseline.json",
            "9 HRD001 error inSource: mirrored nightly",
            "11 HRD001 error external: accepted in hardening-baseline.json",
            "13 HRD001 error",
        }));
    }

    [Test]
    public void SettingProblems_AreHrd090WithoutALocation_JudgedLikeAnyFinding()
    {
        var result = Run(new WarningOptions { TreatWarningsAsErrors = true }, problems: new[] { "HardeningVariables: 'X' is not NAME=value; it is ignored.", "second" });
        Assert.That(result.Reported.Take(2).Select(f => (f.RuleId, f.Severity, f.Location.FilePath, f.Message)), Is.EqualTo(new[]
        {
            ("HRD090", Severity.Error, "", "HardeningVariables: 'X' is not NAME=value; it is ignored."),
            ("HRD090", Severity.Error, "", "second"),
        }));
        Assert.That(Run(new WarningOptions { NoWarn = new[] { "HRD090" } }, problems: "x").Reported.Select(f => f.RuleId), Is.EqualTo(new[] { "HRD001", "HRD020" }));
    }

    [Test]
    public void Inputs_AreTheFilesReadAndThePathsProbed()
    {
        var result = Run(baseline: Path.Combine(dir, "absent-baseline.json"));
        Assert.That(result.InputsRead, Does.Contain(Compose).And.Contain(Path.Combine(dir, ".editorconfig")));
        Assert.That(result.InputsAbsent, Does.Contain(Path.Combine(dir, "absent-baseline.json")).And.Contain(Path.Combine(dir, ".env")));
    }

    [Test]
    public void UnitsCache_GivesTheWholeAnalysisAnswer_AndIsReusedNextTime()
    {
        var units = Path.Combine(dir, "obj", "units.txt");
        var request = new CheckRequest
        {
            Analysis = new AnalysisRequest { ProjectDirectory = dir, Files = new[] { new InputFile(Compose, InputKind.Compose) } },
            Warnings = new WarningOptions { WarningsAsErrors = new[] { "HRD001" } },
            UnitsCacheFile = units,
        };
        var first = CheckService.Run(request);
        Assert.That(File.Exists(units), Is.True);
        Assert.That(first.Incremental!.UnitsAnalysed, Is.EqualTo(1));
        var second = CheckService.Run(request);
        Assert.That(second.Incremental!.UnitsReused, Is.EqualTo(1));
        Assert.That(Lines(second.Findings), Is.EqualTo(Lines(first.Findings)).And.EqualTo(new[] { "3,12 error HRD001", "6,17 error HRD020" }));
    }
}
