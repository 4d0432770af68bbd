using Microsoft.Build.Framework;

namespace HardeningTasks.IntegrationTests.Unit;

public class HardeningReportTests
{
    private string dir = "";

    [SetUp]
    public void SetUp() => dir = TestPaths.NewTempDirectory("hrd-report");

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    private string WriteCache(params CachedFinding[] findings)
    {
        var path = Path.Combine(dir, "obj", "hardening", "infra.proj.findings.tsv");
        FindingsCache.Write(path, findings);
        return path;
    }

    [Test]
    public void WarningCarriesCodeFullPathLineColumnAndHelpLinkButNoEndPositionOrSubcategory()
    {
        var file = Path.Combine(dir, "docker-compose.yml");
        var cache = WriteCache(new CachedFinding("warning", "HRD001", file, 3, 12, "https://example.test/HRD001.md", "Service 'web' uses image 'nginx:latest'."));
        var engine = new FakeBuildEngine();

        var ok = new HardeningReport { BuildEngine = engine, FindingsFile = cache }.Execute();

        Assert.That(ok, Is.True);
        var w = engine.Warnings.Single();
        Assert.Multiple(() =>
        {
            Assert.That(w.Code, Is.EqualTo("HRD001"));
            Assert.That(w.File, Is.EqualTo(file));
            Assert.That((w.LineNumber, w.ColumnNumber, w.EndLineNumber, w.EndColumnNumber), Is.EqualTo((3, 12, 0, 0)));
            Assert.That(w.HelpLink, Is.EqualTo("https://example.test/HRD001.md"));
            Assert.That(w.Subcategory, Is.Null);
            Assert.That(w.Message, Is.EqualTo("Service 'web' uses image 'nginx:latest'."));
            Assert.That(engine.Errors, Is.Empty);
        });
    }

    [Test]
    public void TheSummaryIsANormalMessageAndItsDetailALowOne_AfterTheFindings()
    {
        var cache = WriteCache(
            new CachedFinding("warning", "HRD001", "/x/stack.yml", 3, 12, "h", "latest"),
            FindingsCache.SummaryLine(FindingsCache.Summary, "checked 1 compose file (1 project); skipped 1 YAML file (not compose or Traefik)"),
            FindingsCache.SummaryLine(FindingsCache.Detail, "skipped k8s/app.yaml: not compose or Traefik"));
        var engine = new FakeBuildEngine();

        Assert.That(new HardeningReport { BuildEngine = engine, FindingsFile = cache }.Execute(), Is.True);
        Assert.That(engine.Warnings.Select(w => w.Code), Is.EqualTo(new[] { "HRD001" }), "summary records are not findings");
        Assert.That(engine.Messages.Select(m => (m.Importance, m.Message)), Is.EqualTo(new[]
        {
            (MessageImportance.Normal, "HardeningTasks: checked 1 compose file (1 project); skipped 1 YAML file (not compose or Traefik)"),
            (MessageImportance.Low, "HardeningTasks: skipped k8s/app.yaml: not compose or Traefik"),
        }));
    }

    [Test]
    public void ErrorFailsTheTask()
    {
        var cache = WriteCache(new CachedFinding("error", "HRD000", "/x/compose.yaml", 4, 1, "h", "Invalid YAML"));
        var engine = new FakeBuildEngine();

        var ok = new HardeningReport { BuildEngine = engine, FindingsFile = cache }.Execute();

        Assert.That(ok, Is.False);
        var e = engine.Errors.Single();
        Assert.That((e.Code, e.File, e.LineNumber, e.ColumnNumber, e.EndLineNumber, e.EndColumnNumber, e.Subcategory), Is.EqualTo(("HRD000", "/x/compose.yaml", 4, 1, 0, 0, (string?)null)));
    }

    [TestCase(null, MessageImportance.Low)]
    [TestCase("high", MessageImportance.High)]
    [TestCase("Normal", MessageImportance.Normal)]
    public void SuggestionIsAMessageWithCodeAndLocation(string? importance, MessageImportance expected)
    {
        var cache = WriteCache(new CachedFinding("suggestion", "HRD091", "/x/docker-compose.yml", 7, 5, "h", "Stale suppression."));
        var engine = new FakeBuildEngine();

        var ok = new HardeningReport { BuildEngine = engine, FindingsFile = cache, SuggestionImportance = importance }.Execute();

        Assert.That(ok, Is.True);
        Assert.That(engine.Warnings, Is.Empty);
        var m = engine.CodedMessages.Single();
        Assert.That((m.Code, m.File, m.LineNumber, m.ColumnNumber, m.Importance), Is.EqualTo(("HRD091", "/x/docker-compose.yml", 7, 5, expected)));
    }

    [Test]
    public void MessageTextIsNotTreatedAsAFormatString()
    {
        const string text = "Service 'web' sets labels {a: b} and '{0}' literally\tthen a tab";
        var cache = WriteCache(new CachedFinding("warning", "HRD001", "/x/docker-compose.yml", 1, 1, "h", text));
        var engine = new FakeBuildEngine();

        new HardeningReport { BuildEngine = engine, FindingsFile = cache }.Execute();

        Assert.That(engine.Warnings.Single().Message, Is.EqualTo(text));
    }

    [Test]
    public void FindingWithoutFileLeavesTheFileToMSBuild()
    {
        var cache = WriteCache(new CachedFinding("warning", "HRD090", "", 0, 0, "h", "HardeningVariables: 'X' is not NAME=value"));
        var engine = new FakeBuildEngine();

        new HardeningReport { BuildEngine = engine, FindingsFile = cache }.Execute();

        var w = engine.Warnings.Single();
        Assert.That((w.Code, w.File, w.LineNumber), Is.EqualTo(("HRD090", "/consumer/infra.proj", 0)), "no file of ours: MSBuild points it at the project");
    }

    [Test]
    public void MissingCacheReportsNothing()
    {
        var engine = new FakeBuildEngine();

        var ok = new HardeningReport { BuildEngine = engine, FindingsFile = Path.Combine(dir, "none.tsv") }.Execute();

        Assert.That(ok, Is.True);
        Assert.That(engine.Errors.Count + engine.Warnings.Count + engine.CodedMessages.Count(), Is.Zero);
    }

    [Test]
    public void UnreadableCacheIsOneHrd000ErrorNotAnException()
    {
        var cache = Path.Combine(dir, "f.tsv");
        File.WriteAllText(cache, "#something else\n");
        var engine = new FakeBuildEngine();

        var ok = new HardeningReport { BuildEngine = engine, FindingsFile = cache }.Execute();

        Assert.That(ok, Is.False);
        var e = engine.Errors.Single();
        Assert.That(e.Code, Is.EqualTo("HRD000"));
        Assert.That(e.Message, Does.Contain("could not report the findings stored in '" + cache + "'").And.Contain("InvalidDataException"));
        Assert.That(e.HelpLink, Does.EndWith("/HRD000.md"));
    }
}
