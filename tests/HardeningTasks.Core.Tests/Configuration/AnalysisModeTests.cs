using HardeningTasks.Core.Checking;
using HardeningTasks.Core.Configuration;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Rules;

namespace HardeningTasks.Core.Tests.Configuration;

/// <summary>The presets of shared/DESIGN.md "Presets": the starting severity of every rule, and .editorconfig on top.</summary>
public class AnalysisModeTests
{
    private static Severity Of(string id, AnalysisMode mode) =>
        AnalysisModes.StartingSeverity(RuleCatalog.Descriptors.Single(d => d.Id == id), mode);

    [TestCase("HRD001", AnalysisMode.Default, Severity.Warning)]
    [TestCase("HRD020", AnalysisMode.Minimum, Severity.Error)]
    [TestCase("HRD001", AnalysisMode.Minimum, Severity.Warning)]
    [TestCase("HRD022", AnalysisMode.Minimum, Severity.None)]
    [TestCase("HRD023", AnalysisMode.Minimum, Severity.None)]
    [TestCase("HRD091", AnalysisMode.Minimum, Severity.None)]
    [TestCase("HRD025", AnalysisMode.Recommended, Severity.Warning)]
    [TestCase("HRD002", AnalysisMode.Recommended, Severity.Silent)]
    [TestCase("HRD004", AnalysisMode.Recommended, Severity.Silent)]
    [TestCase("HRD022", AnalysisMode.Recommended, Severity.Warning)]
    [TestCase("HRD002", AnalysisMode.All, Severity.Warning)]
    [TestCase("HRD004", AnalysisMode.All, Severity.Warning)]
    [TestCase("HRD020", AnalysisMode.All, Severity.Error)]
    [TestCase("HRD000", AnalysisMode.None, Severity.Error)]
    [TestCase("HRD090", AnalysisMode.None, Severity.Warning)]
    [TestCase("HRD001", AnalysisMode.None, Severity.None)]
    [TestCase("HRD020", AnalysisMode.None, Severity.None)]
    public void StartingSeverity(string id, AnalysisMode mode, Severity expected) => Assert.That(Of(id, mode), Is.EqualTo(expected));

    [Test]
    public void Minimum_KeepsExactlyTheListedRules_AtWarningOrAbove()
    {
        foreach (var rule in RuleCatalog.Descriptors.Concat(ToolDiagnostics.All))
        {
            var severity = AnalysisModes.StartingSeverity(rule, AnalysisMode.Minimum);
            if (AnalysisModes.MinimumRules.Contains(rule.Id)) Assert.That(severity, Is.GreaterThanOrEqualTo(Severity.Warning), rule.Id);
            else Assert.That(severity, Is.EqualTo(Severity.None), rule.Id);
        }
    }

    [Test]
    public void Recommended_RaisesNoSuggestionButHrd002AndHrd004_AndLowersNothing()
    {
        foreach (var rule in RuleCatalog.Descriptors.Concat(ToolDiagnostics.All))
        {
            var severity = AnalysisModes.StartingSeverity(rule, AnalysisMode.Recommended);
            Assert.That(severity, Is.EqualTo(rule.DefaultSeverity == Severity.Suggestion && rule.Id is not ("HRD002" or "HRD004") ? Severity.Warning : rule.DefaultSeverity), rule.Id);
        }
    }

    [TestCase("minimum", AnalysisMode.Minimum)]
    [TestCase(" All ", AnalysisMode.All)]
    [TestCase("", AnalysisMode.Default)]
    [TestCase(null, AnalysisMode.Default)]
    [TestCase("NONE", AnalysisMode.None)]
    public void ParsesNamesCaseInsensitively(string? text, AnalysisMode expected)
    {
        Assert.That(AnalysisModes.TryParse(text, out var mode), Is.True);
        Assert.That(mode, Is.EqualTo(expected));
    }

    [Test]
    public void RejectsOtherWords() => Assert.That(AnalysisModes.TryParse("strict", out _), Is.False);

    /// <summary>The preset picks the start; .editorconfig wins; `default` there means the preset's severity; bulk keys reach only rules the preset enables.</summary>
    [Test]
    public void EditorConfigAppliesOnTopOfThePreset()
    {
        var fs = new InMemoryFileSystem()
            .Add("/r/docker-compose.yml", "services:\n  web:\n    image: nginx:latest\n    privileged: true\n")
            .Add("/r/.editorconfig", "root = true\n[*]\ndotnet_diagnostic.HRD001.severity = error\ndotnet_diagnostic.HRD020.severity = default\n" +
                                      "dotnet_analyzer_diagnostic.category-Hardening.Reliability.severity = error\n");
        var result = CheckService.Run(new CheckRequest
        {
            Analysis = new AnalysisRequest { ProjectDirectory = "/r", Files = new[] { new InputFile("/r/docker-compose.yml", InputKind.Compose) }, FileSystem = fs, Mode = AnalysisMode.None },
        });
        Assert.That(result.Reported.Select(f => (f.RuleId, f.Severity)), Is.EqualTo(new[] { ("HRD001", Severity.Error) }),
            "HRD001 by ID; HRD020 'default' is the preset's none; the Reliability rules (off in None) are not turned on by the category key");
    }
}
