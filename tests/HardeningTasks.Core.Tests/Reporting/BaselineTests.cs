using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Reporting;
using HardeningTasks.Core.Rules;
using HardeningTasks.Core.Rules.Container;
using HardeningTasks.Core.Rules.SupplyChain;

namespace HardeningTasks.Core.Tests.Reporting;

/// <summary>The baseline: fingerprints without lines, multiset matching, stable bytes, strict reading with positions.</summary>
public class BaselineTests
{
    private const string Root = "/repo";
    private const string BaselinePath = Root + "/hardening-baseline.json";
    private const string Compose = Root + "/deploy/docker-compose.yml";

    private const string Stack =
        "services:\n" +
        "  web:\n" +
        "    image: nginx:latest\n" +
        "    privileged: true\n" +
        "  cache:\n" +
        "    image: redis\n";

    /// <summary>The same stack, lines moved (a comment and a new first service above) and reindented with four spaces.</summary>
    private const string StackMovedAndReindented =
        "# the edge of the platform\n" +
        "services:\n" +
        "    cache:\n" +
        "        image: redis\n" +
        "\n" +
        "    web:\n" +
        "        privileged: true\n" +
        "        image: \"nginx:latest\"\n";

    private static IReadOnlyList<Finding> Analyze(string compose, InMemoryFileSystem? fs = null)
    {
        fs ??= new InMemoryFileSystem();
        fs.Add(Compose, compose);
        // HRD001 and HRD020 only, so a rule added later does not change the exact baseline below
        fs.Add(Root + "/.editorconfig", "root = true\n[*]\ndotnet_analyzer_diagnostic.severity = none\ndotnet_diagnostic.HRD001.severity = warning\ndotnet_diagnostic.HRD020.severity = error\ndotnet_diagnostic.HRD091.severity = suggestion\n");
        return Engine.Analyze(new AnalysisRequest { ProjectDirectory = Root, Files = new[] { new InputFile(Compose, InputKind.Compose) }, FileSystem = fs }).Findings;
    }

    private static Finding Synthetic(RuleDescriptor rule, int line, string? subject, string? value, string message = "m", string path = Compose) =>
        new(rule, new SourceLocation(path, SourceSpan.At(line, 1)), message, subject, value);

    [Test]
    public void ToJson_IsReadableSortedAndExact()
    {
        var baseline = Baseline.From(BaselinePath, Analyze(Stack));
        Assert.That(baseline.ToJson(), Is.EqualTo(
            "{\n" +
            "  \"version\": 1,\n" +
            "  \"tool\": \"HardeningTasks\",\n" +
            "  \"findings\": [\n" +
            "    {\n" +
            "      \"rule\": \"HRD001\",\n" +
            "      \"file\": \"deploy/docker-compose.yml\",\n" +
            "      \"subject\": \"cache\",\n" +
            "      \"value\": \"redis\",\n" +
            "      \"count\": 1\n" +
            "    },\n" +
            "    {\n" +
            "      \"rule\": \"HRD001\",\n" +
            "      \"file\": \"deploy/docker-compose.yml\",\n" +
            "      \"subject\": \"web\",\n" +
            "      \"value\": \"nginx:latest\",\n" +
            "      \"count\": 1\n" +
            "    },\n" +
            "    {\n" +
            "      \"rule\": \"HRD020\",\n" +
            "      \"file\": \"deploy/docker-compose.yml\",\n" +
            "      \"subject\": \"web\",\n" +
            "      \"value\": \"privileged\",\n" +
            "      \"count\": 1\n" +
            "    }\n" +
            "  ]\n" +
            "}\n"));
    }

    [Test]
    public void Regenerating_AnUnchangedBaseline_GivesTheSameBytes_WhateverTheFindingOrder()
    {
        var findings = Analyze(Stack);
        var first = Baseline.From(BaselinePath, findings).ToJson();
        var fs = new InMemoryFileSystem().Add(BaselinePath, first);
        var read = Baseline.Read(BaselinePath, fs, out var problem);
        Assert.That(problem, Is.Null);
        Assert.That(Baseline.From(BaselinePath, findings.Reverse().ToList()).ToJson(), Is.EqualTo(first));
        Assert.That(Baseline.From(BaselinePath, Analyze(StackMovedAndReindented)).ToJson(), Is.EqualTo(first), "moved and reindented lines give the same baseline");
        Assert.That(read!.Entries.Select(e => e.Key), Is.EqualTo(Baseline.From(BaselinePath, findings).Entries.Select(e => e.Key)));
    }

    [Test]
    public void Fingerprints_SurviveMovedLinesAndReindentation()
    {
        var baseline = Baseline.From(BaselinePath, Analyze(Stack));
        var moved = Analyze(StackMovedAndReindented);
        Assert.That(moved.Select(f => f.Location.Line), Is.Not.EquivalentTo(Analyze(Stack).Select(f => f.Location.Line)), "the lines did move");
        var applied = baseline.Apply(moved, out var stale);
        Assert.Multiple(() =>
        {
            Assert.That(applied.Select(f => f.BaselineState), Is.All.EqualTo(BaselineState.Unchanged));
            Assert.That(applied.Select(f => f.Suppression?.Kind), Is.All.EqualTo(SuppressionKind.External));
            Assert.That(applied.Select(f => f.Suppression?.Justification), Is.All.EqualTo("accepted in hardening-baseline.json"));
            Assert.That(stale, Is.Zero);
        });
    }

    [Test]
    public void ANewFinding_IsNew_AndAFixedOne_IsStale()
    {
        var baseline = Baseline.From(BaselinePath, Analyze(Stack));
        var changed = Analyze(Stack.Replace("image: redis", "image: redis:7.4.1") + "  queue:\n    image: rabbitmq:latest\n");
        var applied = baseline.Apply(changed, out var stale);
        Assert.That(applied.Where(f => f.BaselineState == BaselineState.New).Select(f => (f.RuleId, f.Subject, f.Location.Line)),
            Is.EqualTo(new[] { ("HRD001", (string?)"queue", 8) }));
        Assert.That(applied.Where(f => f.BaselineState == BaselineState.New).Select(f => f.Suppression), Is.All.Null);
        Assert.That(stale, Is.EqualTo(1), "cache's unpinned redis was fixed");
        Assert.That(Baseline.From(BaselinePath, changed).Entries.Select(e => e.Key.Subject + "/" + e.Key.Value),
            Is.EqualTo(new[] { "queue/rabbitmq:latest", "web/nginx:latest", "web/privileged" }), "an update drops the fixed finding");
    }

    [Test]
    public void Matching_IsAMultiset()
    {
        var three = Enumerable.Range(1, 3).Select(line => Synthetic(UnpinnedImageRule.Definition, line, null, "ubuntu")).ToList();
        var baseline = Baseline.From(BaselinePath, three.Take(2));
        Assert.That(baseline.Entries.Single().Count, Is.EqualTo(2));
        Assert.That(baseline.ToJson(), Does.Contain("\"count\": 2"));

        var applied = baseline.Apply(three, out var stale);
        Assert.That(applied.Select(f => f.BaselineState), Is.EqualTo(new[] { BaselineState.Unchanged, BaselineState.Unchanged, BaselineState.New }));
        Assert.That(stale, Is.Zero);

        baseline.Apply(three.Take(1).ToList(), out stale);
        Assert.That(stale, Is.EqualTo(1));
    }

    [Test]
    public void WithoutSubjectAndValue_TheMessageIsTheFingerprint()
    {
        var a = Synthetic(PrivilegedContainerRule.Definition, 4, null, null, "message one");
        var baseline = Baseline.From(BaselinePath, new[] { a });
        Assert.That(baseline.ToJson(), Does.Contain("\"message\": \"message one\"").And.Not.Contain("\"subject\""));
        var applied = baseline.Apply(new[] { a with { Location = new SourceLocation(Compose, SourceSpan.At(40, 3)) }, a with { Message = "message two" } }, out _);
        Assert.That(applied.Select(f => f.BaselineState), Is.EqualTo(new[] { BaselineState.Unchanged, BaselineState.New }));
    }

    [Test]
    public void ToolDiagnosticsAndSuppressedOrSilentFindings_AreNeverBaselined()
    {
        var findings = new List<Finding>
        {
            Synthetic(ToolDiagnostics.FileNotLoaded, 1, null, null, "cannot parse"),
            Synthetic(ToolDiagnostics.ConfigurationProblem, 2, null, "HRD999", "unknown id"),
            Synthetic(ToolDiagnostics.StaleSuppression, 3, null, "HRD001", "stale"),
            Synthetic(UnpinnedImageRule.Definition, 4, "web", "nginx") with { Suppression = new FindingSuppression(SuppressionKind.InSource, "why", null) },
            Synthetic(UnpinnedImageRule.Definition, 5, "api", "node") with { Severity = Severity.None },
            Synthetic(UnpinnedImageRule.Definition, 6, "db", "postgres") with { Severity = Severity.Silent },
            Synthetic(UnpinnedImageRule.Definition, 7, "worker", "python"),
        };
        var baseline = Baseline.From(BaselinePath, findings);
        Assert.That(baseline.Entries.Select(e => e.Key.Subject), Is.EqualTo(new[] { "worker" }));

        // even an entry written for them by hand is refused, and a tool diagnostic is never matched
        var fs = new InMemoryFileSystem().Add(BaselinePath, "{\"version\":1,\"findings\":[{\"rule\":\"HRD000\",\"file\":\"deploy/docker-compose.yml\",\"message\":\"cannot parse\"}]}");
        Assert.That(Baseline.Read(BaselinePath, fs, out var problem), Is.Null);
        Assert.That(problem!.Message, Does.Contain("\"HRD000\" is not a HardeningTasks rule that can be baselined"));
        var applied = baseline.Apply(findings, out _);
        Assert.That(applied.Where(f => f.BaselineState == BaselineState.Unchanged).Select(f => f.Subject), Is.EqualTo(new[] { "worker" }));
        Assert.That(applied[3].BaselineState, Is.EqualTo(BaselineState.None), "an inline-suppressed finding keeps its own suppression");
    }

    [TestCase("", 1, 1, "ends where a value was expected")]
    [TestCase("{\n  \"version\": 1,\n  \"findings\": [],\n}\n", 4, 1, "trailing comma")]
    [TestCase("{\n  \"version\": 2,\n  \"findings\": []\n}\n", 2, 14, "\"version\" is 2; this version of HardeningTasks reads version 1")]
    [TestCase("{\n  \"version\": 1,\n  \"findings\": {}\n}\n", 3, 15, "\"findings\" must be an array, not an object")]
    [TestCase("{\"version\": 1}", 1, 1, "no \"findings\" array")]
    [TestCase("[1]", 1, 1, "The baseline must be a JSON object, not an array")]
    [TestCase("{\n  \"version\": 1,\n  \"findings\": [\n    {\"file\": \"a.yml\"}\n  ]\n}\n", 4, 5, "This finding has no \"rule\"")]
    [TestCase("{\n  \"version\": 1,\n  \"findings\": [\n    {\"rule\": \"HRD001\", \"file\": \"a.yml\", \"line\": 3}\n  ]\n}\n", 4, 41, "Unknown property \"line\"")]
    [TestCase("{\n  \"version\": 1,\n  \"findings\": [\n    {\"rule\": \"HRD001\", \"file\": \"a.yml\", \"count\": 0}\n  ]\n}\n", 4, 50, "\"count\" must be a whole number of at least 1")]
    [TestCase("{\n  \"version\": 1,\n  \"findings\": [\n    {\"rule\": \"HRD001\", \"file\": 7}\n  ]\n}\n", 4, 32, "\"file\" must be a string, not a number")]
    [TestCase("{\n  \"version\": 1, \"version\": 1\n}", 2, 17, "written twice")]
    [TestCase("{\n  // accepted\n  \"version\": 1\n}", 2, 3, "Comments are not allowed")]
    [TestCase("{\n  \"version\": 1,\n  \"findings\": [\n    {\"rule\": \"HRD001\", \"file\": \"a\nb.yml\"}\n  ]\n}\n", 4, 34, "control character")]
    [TestCase("{\"version\": 1, \"findings\": []} x", 1, 32, "after the end")]
    [TestCase("{\"version\": 1, \"findings\": [}", 1, 29, "value was expected")]
    public void AMalformedBaseline_IsHrd090AtItsPosition(string text, int line, int column, string message)
    {
        var fs = new InMemoryFileSystem().Add(BaselinePath, text);
        var baseline = Baseline.Read(BaselinePath, fs, out var problem);
        Assert.That(baseline, Is.Null);
        Assert.That(problem, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(problem!.RuleId, Is.EqualTo("HRD090"));
            Assert.That(problem.Location.FilePath, Is.EqualTo(BaselinePath));
            Assert.That((problem.Location.Line, problem.Location.Column), Is.EqualTo((line, column)), problem.Message);
            Assert.That(problem.Message, Does.Contain(message));
            Assert.That(problem.Message, Does.Contain("No finding is filtered by it"));
        });
    }

    [Test]
    public void DeepNesting_IsRefusedNotAStackOverflow()
    {
        var fs = new InMemoryFileSystem().Add(BaselinePath, new string('[', 100_000));
        Assert.That(Baseline.Read(BaselinePath, fs, out var problem), Is.Null);
        Assert.That(problem!.Message, Does.Contain("nests deeper than 64 levels"));
        Assert.That((problem.Location.Line, problem.Location.Column), Is.EqualTo((1, 65)));
    }

    [Test]
    public void Process_MissingFileIsNoBaseline_MalformedFiltersNothing()
    {
        var dir = Path.Combine(Path.GetTempPath(), "hrd-baseline-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            var path = Path.Combine(dir, "hardening-baseline.json");
            var compose = Path.Combine(dir, "deploy", "docker-compose.yml");
            var findings = new[] { Synthetic(UnpinnedImageRule.Definition, 3, "web", "nginx:latest", path: compose) };

            var none = Baseline.Process(findings, path, update: false, PhysicalFileSystem.Instance);
            Assert.That(none.Findings, Is.EqualTo(findings), "no file: the findings as they are, no baselineState");
            Assert.That((none.Problem, none.Written, none.Stale), Is.EqualTo(((Finding?)null, -1, 0)));

            var updated = Baseline.Process(findings, path, update: true, PhysicalFileSystem.Instance);
            Assert.That(updated.Written, Is.EqualTo(1));
            Assert.That(updated.Findings.Single().BaselineState, Is.EqualTo(BaselineState.Unchanged));
            Assert.That(File.ReadAllText(path), Does.Contain("\"file\": \"deploy/docker-compose.yml\""));

            File.WriteAllText(path, "{\"version\": 1, \"findings\": [}");
            var malformed = Baseline.Process(findings, path, update: false, PhysicalFileSystem.Instance);
            Assert.That(malformed.Findings.Select(f => f.RuleId), Is.EqualTo(new[] { "HRD001", "HRD090" }));
            Assert.That(malformed.Findings[0].Suppression, Is.Null);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
