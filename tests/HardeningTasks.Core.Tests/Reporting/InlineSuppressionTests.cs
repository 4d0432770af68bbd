using System.Text;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Tests.Reporting;

/// <summary>Suppressed findings stay in the result, marked with the comment and its reason (SARIF shows them).</summary>
public class InlineSuppressionTests
{
    private const string Compose = "/repo/docker-compose.yml";

    private static AnalysisResult Analyze(string text) =>
        Engine.Analyze(new AnalysisRequest
        {
            ProjectDirectory = "/repo",
            Files = new[] { new InputFile(Compose, InputKind.Compose) },
            FileSystem = new InMemoryFileSystem()
                .Add(Compose, text)
                .Add("/repo/.editorconfig", "root = true\n[*]\ndotnet_analyzer_diagnostic.severity = none\ndotnet_diagnostic.HRD001.severity = warning\ndotnet_diagnostic.HRD091.severity = suggestion\n"),
        });

    [Test]
    public void SuppressedFinding_IsKeptWithKindReasonAndLocation()
    {
        var result = Analyze("services:\n  web:\n    # hardening-ignore HRD001 mirrored and scanned nightly\n    image: nginx:latest\n");
        Assert.That(result.Findings, Is.Empty);
        var suppressed = result.Suppressed.Single();
        Assert.Multiple(() =>
        {
            Assert.That((suppressed.RuleId, suppressed.Location.Line, suppressed.Location.Column), Is.EqualTo(("HRD001", 4, 12)));
            Assert.That(suppressed.Suppression!.Kind, Is.EqualTo(SuppressionKind.InSource));
            Assert.That(suppressed.Suppression.Justification, Is.EqualTo("mirrored and scanned nightly"));
            Assert.That((suppressed.Suppression.Location!.FilePath, suppressed.Suppression.Location.Line, suppressed.Suppression.Location.Column), Is.EqualTo((Compose, 3, 5)));
        });
    }

    [Test]
    public void NestedSuppressions_TheInnermostGivesTheReason_AndAllAreUsed()
    {
        var result = Analyze(
            "# hardening-ignore-file HRD001 the whole file is a dev stack\n" +
            "services:\n" +
            "  # hardening-ignore HRD001 the service block\n" +
            "  web:\n" +
            "    image: nginx:latest # hardening-ignore HRD001 this line\n" +
            "  api:\n" +
            "    image: node:latest\n" +
            "  db:\n" +
            "    # hardening-ignore HRD001 db block\n" +
            "    image: postgres:latest\n");
        Assert.That(result.Findings, Is.Empty, "no HRD091: every suppression covers something");
        Assert.That(string.Join("; ", result.Suppressed.Select(f => $"{f.Location.Line}: {f.Suppression!.Justification}")),
            Is.EqualTo("5: this line; 7: the whole file is a dev stack; 10: db block"));
    }

    [Test]
    public void OneCommentPerService_ManyServices_EachMatchesItsOwn()
    {
        var text = new StringBuilder("services:\n");
        for (var i = 0; i < 300; i++)
        {
            text.Append($"  s{i}:\n");
            if (i != 150) text.Append($"    # hardening-ignore HRD001 reason {i}\n");
            text.Append(i == 299 ? "    image: nginx:1.27.3\n" : "    image: nginx:latest\n");
        }
        var result = Analyze(text.ToString());
        Assert.That(result.Suppressed.Count, Is.EqualTo(298));
        Assert.That(result.Suppressed.Select(f => f.Suppression!.Justification), Is.EqualTo(Enumerable.Range(0, 299).Where(i => i != 150).Select(i => "reason " + i)));
        Assert.That(string.Join("; ", result.Findings.Select(f => $"{f.RuleId} {f.Location.Line}")), Is.EqualTo($"HRD001 {2 + 150 * 3 + 1}; HRD091 {2 + 299 * 3}"),
            "s150 has no comment; s299's comment suppresses nothing");
    }
}
