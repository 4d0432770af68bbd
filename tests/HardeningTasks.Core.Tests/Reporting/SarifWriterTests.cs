using System.Text;
using System.Text.Json;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Reporting;
using HardeningTasks.Core.Rules;

namespace HardeningTasks.Core.Tests.Reporting;

/// <summary>The SARIF log is parsed back and every field GitHub code scanning reads is checked.</summary>
public class SarifWriterTests
{
    private const string Root = "/repo";

    private static readonly SarifOptions Options = new() { RootDirectory = Root, ToolVersion = "1.2.3" };

    private static Finding Tool(RuleDescriptor rule, string path, SourceSpan span, string message, string? subject = null, string? value = null) =>
        rule.At(new SourceLocation(path, span), subject, value, message);

    private static JsonElement Run(IReadOnlyList<Finding> findings, SarifOptions? options = null)
    {
        var json = SarifWriter.ToJson(findings, options ?? Options);
        return JsonDocument.Parse(json).RootElement.GetProperty("runs")[0].Clone();
    }

    private static JsonElement Rule(JsonElement run, string id) =>
        run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == id);

    private static string Str(JsonElement e, params string[] path)
    {
        foreach (var p in path) e = e.GetProperty(p);
        return e.GetString()!;
    }

    [Test]
    public void EngineFindings_AreResultsWithRelativeEscapedLocationsAndFullRanges()
    {
        var compose = Root + "/deploy/my stack/docker-compose.yml";
        var fs = new InMemoryFileSystem().Add(compose, "services:\n  web:\n    image: nginx:latest\n");
        var findings = Engine.Analyze(new AnalysisRequest
        {
            ProjectDirectory = Root,
            Files = new[] { new InputFile(compose, InputKind.Compose) },
            FileSystem = fs,
        }).Findings;
        var hrd001 = findings.Single(f => f.RuleId == "HRD001");

        var document = JsonDocument.Parse(SarifWriter.ToJson(findings, Options)).RootElement;
        Assert.That(Str(document, "$schema"), Is.EqualTo("https://json.schemastore.org/sarif-2.1.0.json"));
        Assert.That(Str(document, "version"), Is.EqualTo("2.1.0"));
        var run = document.GetProperty("runs").EnumerateArray().Single();

        var result = run.GetProperty("results").EnumerateArray().Single(r => Str(r, "ruleId") == "HRD001");
        Assert.That(Str(result, "level"), Is.EqualTo("warning"));
        Assert.That(Str(result, "message", "text"), Is.EqualTo(hrd001.Message));
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules");
        Assert.That(Str(rules[result.GetProperty("ruleIndex").GetInt32()], "id"), Is.EqualTo("HRD001"));

        var physical = result.GetProperty("locations").EnumerateArray().Single().GetProperty("physicalLocation");
        Assert.That(Str(physical, "artifactLocation", "uri"), Is.EqualTo("deploy/my%20stack/docker-compose.yml"));
        Assert.That(Str(physical, "artifactLocation", "uriBaseId"), Is.EqualTo("%SRCROOT%"));
        var region = physical.GetProperty("region");
        Assert.That(
            (region.GetProperty("startLine").GetInt32(), region.GetProperty("startColumn").GetInt32(), region.GetProperty("endLine").GetInt32(), region.GetProperty("endColumn").GetInt32()),
            Is.EqualTo((3, 12, 3, 24)), "the span of 'nginx:latest', end column exclusive");

        Assert.That(Str(run, "originalUriBaseIds", "%SRCROOT%", "uri"), Is.EqualTo("file:///repo/"));
        Assert.That(Str(run, "columnKind"), Is.EqualTo("utf16CodeUnits"));
        Assert.That(Str(run, "automationDetails", "id"), Is.EqualTo("hardening/"));

        var hash = SarifWriter.Fingerprint("HRD001", "deploy/my%20stack/docker-compose.yml", hrd001.Subject, hrd001.Value);
        Assert.That(Str(result, "partialFingerprints", "primaryLocationLineHash"), Is.EqualTo(hash + ":1"));
        Assert.That(Str(result, "partialFingerprints", "hardeningFingerprint/v1"), Is.EqualTo(hash));
        Assert.That(hash, Does.Match("^[0-9a-f]{16}$"));
    }

    [Test]
    public void Driver_DescribesEveryRuleOfTheCatalog()
    {
        var driver = Run(Array.Empty<Finding>()).GetProperty("tool").GetProperty("driver");
        Assert.That(Str(driver, "name"), Is.EqualTo("HardeningTasks"));
        Assert.That(Str(driver, "semanticVersion"), Is.EqualTo("1.2.3"));
        Assert.That(Str(driver, "informationUri"), Does.StartWith("https://"));

        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        Assert.That(rules.Select(r => Str(r, "id")), Is.EqualTo(RuleCatalog.Descriptors.Select(d => d.Id)));
        foreach (var (rule, descriptor) in rules.Zip(RuleCatalog.Descriptors))
        {
            Assert.That(Str(rule, "name"), Does.Match("^[A-Z][A-Za-z0-9]*$"), descriptor.Id);
            Assert.That(Str(rule, "shortDescription", "text"), Is.EqualTo(descriptor.Title + "."));
            Assert.That(Str(rule, "fullDescription", "text"), Does.StartWith(descriptor.Title + ". ").And.Contain(descriptor.HelpLink));
            Assert.That(Str(rule, "help", "text"), Does.Contain($"dotnet_diagnostic.{descriptor.Id}.severity").And.Contain($"# hardening-ignore {descriptor.Id}"));
            Assert.That(Str(rule, "help", "markdown"), Does.Contain($"[{descriptor.Id}]({descriptor.HelpLink})"));
            Assert.That(Str(rule, "helpUri"), Is.EqualTo(descriptor.HelpLink));
            Assert.That(rule.GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { descriptor.Category }));
        }
        Assert.That(rules.Select(r => Str(r, "name")), Is.Unique);

        Assert.That(Str(Rule(Run(Array.Empty<Finding>()), "HRD001"), "name"), Is.EqualTo("ImageNotPinnedToAVersion"));
        Assert.That(Str(Rule(Run(Array.Empty<Finding>()), "HRD000"), "defaultConfiguration", "level"), Is.EqualTo("error"));
        Assert.That(Str(Rule(Run(Array.Empty<Finding>()), "HRD090"), "defaultConfiguration", "level"), Is.EqualTo("warning"));
        Assert.That(Str(Rule(Run(Array.Empty<Finding>()), "HRD091"), "defaultConfiguration", "level"), Is.EqualTo("note"));
    }

    [Test]
    public void DefaultLevel_SilentRuleIsNone()
    {
        var silent = RuleCatalog.Descriptors.FirstOrDefault(d => d.DefaultSeverity <= Severity.Silent);
        if (silent == null) Assert.Ignore("no rule of the catalog is silent by default");
        Assert.That(Str(Rule(Run(Array.Empty<Finding>()), silent!.Id), "defaultConfiguration", "level"), Is.EqualTo("none"));
    }

    [TestCase("ADD where COPY would do", "AddWhereCopyWouldDo")]
    [TestCase("Secret in a Dockerfile ENV or ARG", "SecretInADockerfileEnvOrArg")]
    [TestCase("Repeated CMD, ENTRYPOINT or HEALTHCHECK", "RepeatedCmdEntrypointOrHealthcheck")]
    [TestCase("sudo in RUN", "SudoInRun")]
    [TestCase("Traefik API exposed insecurely", "TraefikApiExposedInsecurely")]
    public void RuleName_IsThePascalCaseOfTheTitle(string title, string name) =>
        Assert.That(SarifWriter.RuleName(new RuleDescriptor("HRD999", title, Categories.Tool, Severity.Warning, "{0}")), Is.EqualTo(name));

    [TestCase(Severity.Error, "error")]
    [TestCase(Severity.Warning, "warning")]
    [TestCase(Severity.Suggestion, "note")]
    [TestCase(Severity.Silent, "none")]
    [TestCase(Severity.None, "none")]
    public void ResultLevel_IsTheEffectiveSeverity(Severity severity, string level)
    {
        // HRD090 is a warning by default: the level must follow the effective severity (e.g. .editorconfig), not the default.
        var finding = Tool(ToolDiagnostics.ConfigurationProblem, Root + "/compose.yml", new SourceSpan(1, 1, 1, 5), "m") with { Severity = severity };
        Assert.That(Str(Run(new[] { finding }).GetProperty("results")[0], "level"), Is.EqualTo(level));
    }

    [TestCase(4, 7, 4, 7, 4, 7, 4, 8)]
    [TestCase(1, 1, 1, 1, 1, 1, 1, 2)]
    [TestCase(2, 3, 5, 1, 2, 3, 5, 1)]
    [TestCase(6, 9, 0, 0, 6, 9, 6, 10)]
    [TestCase(0, 0, 0, 0, 1, 1, 1, 2)]
    public void Region_IsNeverEmpty(int line, int column, int endLine, int endColumn, int l, int c, int el, int ec)
    {
        var finding = Tool(ToolDiagnostics.FileNotLoaded, Root + "/compose.yml", new SourceSpan(line, column, endLine, endColumn), "m");
        var region = Run(new[] { finding }).GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
        Assert.That(
            (region.GetProperty("startLine").GetInt32(), region.GetProperty("startColumn").GetInt32(), region.GetProperty("endLine").GetInt32(), region.GetProperty("endColumn").GetInt32()),
            Is.EqualTo((l, c, el, ec)));
    }

    [Test]
    public void Fingerprint_FollowsTheFindingWhenLinesMove_AndTellsDifferentFindingsApart()
    {
        string Print(SourceSpan span, string? subject, string? value, string path = Root + "/compose.yml") =>
            Str(Run(new[] { Tool(ToolDiagnostics.ConfigurationProblem, path, span, "m", subject, value) }).GetProperty("results")[0], "partialFingerprints", "primaryLocationLineHash");

        var original = Print(new SourceSpan(3, 12, 3, 24), "web", "nginx:latest");
        Assert.That(Print(new SourceSpan(17, 5, 17, 17), "web", "nginx:latest"), Is.EqualTo(original), "moved lines and columns");
        Assert.That(Print(new SourceSpan(3, 12, 3, 24), "web", "nginx:1.27"), Is.Not.EqualTo(original), "another value");
        Assert.That(Print(new SourceSpan(3, 12, 3, 24), "api", "nginx:latest"), Is.Not.EqualTo(original), "another service");
        Assert.That(Print(new SourceSpan(3, 12, 3, 24), "web", "nginx:latest", Root + "/other/compose.yml"), Is.Not.EqualTo(original), "another file");
        Assert.That(Print(new SourceSpan(3, 12, 3, 24), "webn", "ginx:latest"), Is.Not.EqualTo(original), "fields are separated");
    }

    [Test]
    public void Fingerprint_SameIdentityTwiceInAFile_IsNumberedInOrder()
    {
        var findings = new[]
        {
            Tool(ToolDiagnostics.FileNotLoaded, Root + "/compose.yml", new SourceSpan(9, 1, 9, 2), "second"),
            Tool(ToolDiagnostics.FileNotLoaded, Root + "/compose.yml", new SourceSpan(2, 1, 2, 2), "first"),
        };
        var results = Run(findings).GetProperty("results").EnumerateArray().ToList();
        Assert.That(results.Select(r => Str(r, "message", "text")), Is.EqualTo(new[] { "first", "second" }));
        var hashes = results.Select(r => Str(r, "partialFingerprints", "primaryLocationLineHash")).ToList();
        Assert.That(hashes[0], Does.EndWith(":1"));
        Assert.That(hashes[1], Is.EqualTo(hashes[0][..^2] + ":2"));
    }

    [Test]
    public void Output_IsDeterministic_WhateverTheInputOrder()
    {
        var findings = new[]
        {
            Tool(ToolDiagnostics.ConfigurationProblem, Root + "/b/compose.yml", new SourceSpan(1, 1, 1, 3), "b"),
            Tool(ToolDiagnostics.FileNotLoaded, Root + "/a/Dockerfile", new SourceSpan(5, 2, 5, 9), "a5"),
            Tool(ToolDiagnostics.StaleSuppression, Root + "/a/Dockerfile", new SourceSpan(2, 1, 2, 30), "a2"),
        };
        var first = SarifWriter.ToJson(findings, Options);
        Assert.That(SarifWriter.ToJson(findings.Reverse().ToList(), Options), Is.EqualTo(first));
        Assert.That(SarifWriter.ToJson(findings, Options), Is.EqualTo(first));

        using var stream = new MemoryStream();
        SarifWriter.Write(stream, findings, Options);
        var bytes = stream.ToArray();
        Assert.That(bytes.Take(3), Is.Not.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "no byte-order mark");
        Assert.That(Encoding.UTF8.GetString(bytes), Is.EqualTo(first));
        Assert.That(first, Does.Not.Contain("\r"), "\\n line ends on every platform");
        Assert.That(first, Does.EndWith("}\n"));

        var order = Run(findings).GetProperty("results").EnumerateArray().Select(r => Str(r, "message", "text"));
        Assert.That(order, Is.EqualTo(new[] { "a2", "a5", "b" }), "sorted by file, line, column");
    }

    [Test]
    public void Uris_AreEscapedPerSegment_AndFilesOutsideTheRootAreAbsolute()
    {
        var findings = new[]
        {
            Tool(ToolDiagnostics.FileNotLoaded, Root + "/a b#c/ü%/docker-compose.yml", new SourceSpan(1, 1, 1, 2), "inside"),
            Tool(ToolDiagnostics.FileNotLoaded, "/elsewhere/x y/compose.yml", new SourceSpan(1, 1, 1, 2), "outside"),
            Tool(ToolDiagnostics.FileNotLoaded, "/repository-next-door/compose.yml", new SourceSpan(1, 1, 1, 2), "prefix but not inside"),
        };
        var locations = Run(findings).GetProperty("results").EnumerateArray()
            .ToDictionary(r => Str(r, "message", "text"), r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation"));
        Assert.That(Str(locations["inside"], "uri"), Is.EqualTo("a%20b%23c/%C3%BC%25/docker-compose.yml"));
        Assert.That(Str(locations["outside"], "uri"), Is.EqualTo("file:///elsewhere/x%20y/compose.yml"));
        Assert.That(locations["outside"].TryGetProperty("uriBaseId", out _), Is.False);
        Assert.That(Str(locations["prefix but not inside"], "uri"), Is.EqualTo("file:///repository-next-door/compose.yml"));
    }

    [Test]
    public void NoRootDirectory_GivesAbsoluteUrisAndNoBaseIds()
    {
        var run = Run(new[] { Tool(ToolDiagnostics.FileNotLoaded, Root + "/compose.yml", new SourceSpan(1, 1, 1, 2), "m") }, new SarifOptions { ToolVersion = "1.0.0" });
        Assert.That(run.TryGetProperty("originalUriBaseIds", out _), Is.False);
        Assert.That(Str(run.GetProperty("results")[0].GetProperty("locations")[0], "physicalLocation", "artifactLocation", "uri"), Is.EqualTo("file:///repo/compose.yml"));
    }

    [Test]
    public void Category_NamesTheAutomationDetails()
    {
        var run = Run(Array.Empty<Finding>(), new SarifOptions { RootDirectory = Root, Category = "infra" });
        Assert.That(Str(run, "automationDetails", "id"), Is.EqualTo("infra/"));
        Assert.That(Str(run, "tool", "driver", "semanticVersion"), Is.Not.Empty, "the engine's own version when none is given");
    }

    [Test]
    public void Messages_AreEscaped()
    {
        const string message = "quote \" backslash \\ newline \n tab \t bell \u0007 line separator \u2028 emoji \U0001F433 end";
        var findings = new[]
        {
            Tool(ToolDiagnostics.FileNotLoaded, Root + "/compose.yml", new SourceSpan(1, 1, 1, 2), message),
            Tool(ToolDiagnostics.FileNotLoaded, Root + "/compose.yml", new SourceSpan(2, 1, 2, 2), "lone \ud800 half"),
        };
        var json = SarifWriter.ToJson(findings, Options);
        Assert.That(json, Does.Contain("\\u0007").And.Contain("\\u2028"));
        var results = JsonDocument.Parse(json).RootElement.GetProperty("runs")[0].GetProperty("results");
        Assert.That(Str(results[0], "message", "text"), Is.EqualTo(message));
        Assert.That(Str(results[1], "message", "text"), Is.EqualTo("lone \uFFFD half"));
    }

    [Test]
    public void FindingOfARuleOutsideTheCatalog_GetsItsOwnDescriptor()
    {
        var extra = new RuleDescriptor("XYZ001", "Custom check", Categories.Operations, Severity.Warning, "{0}");
        var run = Run(new[] { extra.At(new SourceLocation(Root + "/compose.yml", new SourceSpan(1, 1, 1, 2)), null, null, "m") });
        var index = run.GetProperty("results")[0].GetProperty("ruleIndex").GetInt32();
        Assert.That(Str(run.GetProperty("tool").GetProperty("driver").GetProperty("rules")[index], "id"), Is.EqualTo("XYZ001"));
        Assert.That(index, Is.EqualTo(RuleCatalog.Descriptors.Count));
    }

    [Test]
    public void SuppressedAndBaselinedResults_CarryKindJustificationLocationAndBaselineState()
    {
        var compose = Root + "/docker-compose.yml";
        Finding F(SourceSpan span, string message, string subject, string value) => new(Core.Rules.SupplyChain.UnpinnedImageRule.Definition, new SourceLocation(compose, span), message, subject, value);
        var inSource = F(new SourceSpan(4, 12, 4, 24), "a", "proxy", "traefik:latest")
            with { Suppression = new FindingSuppression(SuppressionKind.InSource, "retagged nightly", new SourceLocation(compose, new SourceSpan(3, 5, 3, 40))) };
        var baselined = F(new SourceSpan(7, 12, 7, 24), "b", "web", "nginx:latest")
            with { BaselineState = BaselineState.Unchanged, Suppression = new FindingSuppression(SuppressionKind.External, "accepted in hardening-baseline.json", null) };
        var fresh = F(new SourceSpan(9, 12, 9, 24), "c", "api", "node:latest") with { BaselineState = BaselineState.New };
        var plain = F(new SourceSpan(11, 12, 11, 24), "d", "db", "postgres");

        var results = Run(new[] { inSource, baselined, fresh, plain }).GetProperty("results").EnumerateArray().ToList();
        Assert.That(results.Select(r => Str(r, "message", "text")), Is.EqualTo(new[] { "a", "b", "c", "d" }));

        var suppression = results[0].GetProperty("suppressions").EnumerateArray().Single();
        Assert.That(Str(suppression, "kind"), Is.EqualTo("inSource"));
        Assert.That(Str(suppression, "justification"), Is.EqualTo("retagged nightly"));
        var where = suppression.GetProperty("location").GetProperty("physicalLocation");
        Assert.That(Str(where, "artifactLocation", "uri"), Is.EqualTo("docker-compose.yml"));
        Assert.That(where.GetProperty("region").GetProperty("startLine").GetInt32(), Is.EqualTo(3));
        Assert.That(results[0].TryGetProperty("baselineState", out _), Is.False);

        Assert.That(Str(results[1], "baselineState"), Is.EqualTo("unchanged"));
        var external = results[1].GetProperty("suppressions").EnumerateArray().Single();
        Assert.That((Str(external, "kind"), Str(external, "justification")), Is.EqualTo(("external", "accepted in hardening-baseline.json")));
        Assert.That(external.TryGetProperty("location", out _), Is.False);

        Assert.That(Str(results[2], "baselineState"), Is.EqualTo("new"));
        Assert.That(results[2].TryGetProperty("suppressions", out _), Is.False);
        Assert.That(results[3].TryGetProperty("baselineState", out _) || results[3].TryGetProperty("suppressions", out _), Is.False, "no baseline in use: neither field");
    }
}
