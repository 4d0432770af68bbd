using HardeningTasks.Core.Configuration;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Parsing.Dockerfile;
using HardeningTasks.Core.Reporting;
using HardeningTasks.Core.Rules;

namespace HardeningTasks.Core.Tests.Reporting;

/// <summary>
/// hadolint at home: <c># hadolint ignore=</c> comments suppress the HRD rules their codes map to (kept as in-source
/// suppressions), codes without a counterpart do nothing and say nothing, and a <c>.hadolint.yaml</c> feeds
/// <c>ignored:</c> and <c>trustedRegistries:</c>.
/// </summary>
public class HadolintCompatibilityTests
{
    private const string Dockerfile = "/repo/app/Dockerfile";

    /// <summary>Only the rules a case is about are on, so each assertion sees exactly its own findings.</summary>
    private const string EditorConfig =
        "root = true\n[*]\ndotnet_analyzer_diagnostic.severity = none\n" +
        "dotnet_diagnostic.HRD001.severity = warning\ndotnet_diagnostic.HRD004.severity = warning\ndotnet_diagnostic.HRD060.severity = warning\n" +
        "dotnet_diagnostic.HRD063.severity = warning\ndotnet_diagnostic.HRD068.severity = warning\n" +
        "dotnet_diagnostic.HRD090.severity = warning\ndotnet_diagnostic.HRD091.severity = warning\n";

    private static AnalysisResult Analyze(string dockerfile, string? hadolintYaml = null, string? compose = null, string projectDirectory = "/repo/app",
        IReadOnlyDictionary<string, string>? properties = null, string hadolintPath = "/repo/.hadolint.yaml")
    {
        var fs = new InMemoryFileSystem().Add(Dockerfile, dockerfile).Add("/repo/.editorconfig", EditorConfig).Add("/repo/.git/HEAD", "ref: refs/heads/main\n");
        var files = new List<InputFile> { new(Dockerfile, InputKind.Dockerfile) };
        if (hadolintYaml != null) fs.Add(hadolintPath, hadolintYaml);
        if (compose != null)
        {
            fs.Add("/repo/app/compose.yaml", compose);
            files.Add(new InputFile("/repo/app/compose.yaml", InputKind.Compose));
        }
        return Engine.Analyze(new AnalysisRequest
        {
            ProjectDirectory = projectDirectory,
            Files = files,
            FileSystem = fs,
            Properties = properties ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase),
        });
    }

    private static string Lines(IEnumerable<Finding> findings) =>
        string.Join("; ", findings.Select(f => $"{f.Location.Line}: {f.RuleId}"));

    [Test]
    public void IgnoreComment_SuppressesTheMappedRule_AndKeepsItAsAnInSourceSuppression()
    {
        var result = Analyze("# hadolint ignore=DL3006,DL3008 # the base is rebuilt nightly\nFROM ubuntu\nUSER app\n");
        Assert.That(result.Findings, Is.Empty, "no HRD001, and no HRD090/HRD091 for DL3008, which maps to nothing");
        var suppressed = result.Suppressed.Single();
        Assert.Multiple(() =>
        {
            Assert.That((suppressed.RuleId, suppressed.Location.Line), Is.EqualTo(("HRD001", 2)));
            Assert.That(suppressed.Suppression!.Kind, Is.EqualTo(SuppressionKind.InSource));
            Assert.That(suppressed.Suppression.Justification, Is.EqualTo("hadolint ignore=DL3006,DL3008: the base is rebuilt nightly"));
            Assert.That(suppressed.Suppression.Location!.Line, Is.EqualTo(1));
        });
    }

    [TestCase("# hadolint ignore=DL3007\nFROM ubuntu:latest\n", "", TestName = "Ignore_NextLine")]
    [TestCase("#hadolint ignore = DL3007 , DL3002\nFROM ubuntu:latest\n", "", TestName = "Ignore_SpacesAsHadolintAllows")]
    [TestCase("# hadolint ignore=DL3007\n\nFROM ubuntu:latest\n", "3: HRD001", TestName = "Ignore_BlankLineBetween_AppliesToNothing")]
    [TestCase("# hadolint ignore=DL3007 the base is rebuilt\nFROM ubuntu:latest\n", "2: HRD001", TestName = "Ignore_TextAfterTheCodesWithoutHash_IsNotAPragma")]
    [TestCase("# Hadolint ignore=DL3007\nFROM ubuntu:latest\n", "2: HRD001", TestName = "Ignore_IsCaseSensitive")]
    [TestCase("# hadolint ignore=DL3002\nFROM ubuntu:latest\n", "2: HRD001", TestName = "Ignore_OtherCode_LeavesTheFinding")]
    [TestCase("# hadolint ignore=DL3006\nFROM ubuntu:latest\n", "2: HRD001", TestName = "Ignore_Untagged_DoesNotCoverLatest")]
    [TestCase("# hadolint ignore=DL3007\nFROM ubuntu\n", "2: HRD001", TestName = "Ignore_Latest_DoesNotCoverUntagged")]
    [TestCase("FROM ubuntu:latest\n# hadolint global ignore=DL3007\n", "", TestName = "GlobalIgnore_AnywhereInTheFile")]
    [TestCase("# hadolint ignore=SC2086,DL3059,DL9999\nFROM ubuntu:latest\n", "2: HRD001", TestName = "UnmappedCodes_AreQuiet")]
    public void Pragmas(string dockerfile, string expected)
    {
        var result = Analyze(dockerfile + "USER app\n");
        Assert.That(Lines(result.Findings), Is.EqualTo(expected));
    }

    [Test]
    public void StageIgnore_CoversTheRestOfItsStage_NotTheNext()
    {
        // the final stage is built FROM base, so base's layers are shipped and HRD063 checks them
        var result = Analyze(
            "FROM alpine:3.20.3 AS base\n# hadolint stage ignore=DL3019,DL3002\nRUN apk add curl\n" +
            "FROM base\nRUN apk add git\nUSER root\n");
        Assert.That(Lines(result.Suppressed), Is.EqualTo("3: HRD063"));
        Assert.That(Lines(result.Findings), Is.EqualTo("5: HRD063; 6: HRD060"), "the next stage is not covered");
        var twice = Analyze(
            "FROM alpine:3.20.3\n# hadolint stage ignore=DL3019\nRUN apk add curl\nRUN apk add git\nUSER app\n");
        Assert.That(Lines(twice.Findings), Is.Empty);
        Assert.That(twice.Suppressed.Select(f => f.Suppression!.Justification).Distinct(), Is.EqualTo(new[] { "hadolint stage ignore=DL3019" }));
    }

    [Test]
    public void OneRuleForSeveralCommands_EachCodeCoversItsOwnCommand()
    {
        var result = Analyze("FROM python:3.12.7-slim\n# hadolint ignore=DL3042\nRUN pip install flask==3.0.3 \\\n && apt-get update && apt-get install -y curl\nUSER app\n");
        Assert.That(Lines(result.Findings), Is.EqualTo("4: HRD063"), "DL3042 is pip's: apt-get's finding stays");
        Assert.That(Lines(result.Suppressed), Is.EqualTo("3: HRD063"));
    }

    [Test]
    public void RepeatedInstruction_ACommentOnTheLaterOneCoversTheEarlierOnes()
    {
        // hadolint reports DL4003 on the second CMD; HRD068 reports the first (the one that has no effect)
        var result = Analyze("FROM alpine:3.20.3\nUSER app\nCMD [\"a\"]\n# hadolint ignore=DL4003\nCMD [\"b\"]\nENTRYPOINT [\"x\"]\nENTRYPOINT [\"y\"]\n");
        Assert.That(Lines(result.Findings), Is.EqualTo("6: HRD068"), "DL4003 is CMD's: the ENTRYPOINT finding stays");
        Assert.That(Lines(result.Suppressed), Is.EqualTo("3: HRD068"));
    }

    [Test]
    public void HadolintYaml_Ignored_TurnsTheRuleOffInDockerfilesOnly()
    {
        var result = Analyze("FROM ubuntu:latest\nUSER app\n", "ignored:\n  - DL3007\n  - DL3008\n", compose: "services:\n  web:\n    image: nginx:latest\n");
        Assert.That(result.Findings.Select(f => $"{Path.GetFileName(f.Location.FilePath)}:{f.Location.Line}: {f.RuleId}"),
            Is.EqualTo(new[] { "compose.yaml:3: HRD001" }), "hadolint checks only Dockerfiles: the compose image is still reported");
        Assert.That(result.Suppressed, Is.Empty, "ignored: is NoWarn, not a suppression");
        Assert.That(result.Inputs, Does.Contain("/repo/.hadolint.yaml"), "the file is an input of the incremental build");
    }

    [Test]
    public void HadolintYaml_DisableIgnorePragma_TurnsTheCommentsOff()
    {
        var result = Analyze("# hadolint ignore=DL3007\nFROM ubuntu:latest\nUSER app\n", "disable-ignore-pragma: true\n");
        Assert.That(Lines(result.Findings), Is.EqualTo("2: HRD001"));
    }

    [Test]
    public void HadolintYaml_TrustedRegistries_FeedHrd004_WithHadolintsWildcards()
    {
        const string dockerfile = "FROM registry.corp.example/base/python:3.12.7\nFROM ghcr.io/acme/tool:1.0.0\nFROM python:3.12.7-slim\nUSER app\n";
        var result = Analyze(dockerfile, "trustedRegistries:\n  - \"*.corp.example\"\n  - docker.io\n");
        Assert.That(Lines(result.Findings.Where(f => f.RuleId == "HRD004")), Is.EqualTo("2: HRD004"));
        Assert.That(result.Findings.Single(f => f.RuleId == "HRD004").Message, Does.Contain("(*.corp.example, docker.io)"));

        var own = Analyze(dockerfile, "trustedRegistries: [docker.io]\n",
            properties: new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["HardeningTrustedRegistries"] = "ghcr.io;registry.corp.example" });
        Assert.That(Lines(own.Findings.Where(f => f.RuleId == "HRD004")), Is.EqualTo("3: HRD004"), "the build's own list wins");
    }

    [Test]
    public void HadolintYaml_IsFoundUpToTheRepositoryRoot_NearestFirst()
    {
        const string dockerfile = "FROM ubuntu:latest\nUSER app\n";
        Assert.That(Lines(Analyze(dockerfile, "ignored: [DL3007]\n").Findings), Is.Empty, "found in the repository root above the project");
        Assert.That(Lines(Analyze(dockerfile, "ignored: [DL3007]\n", hadolintPath: "/repo/app/.hadolint.yml").Findings), Is.Empty, ".yml too");
        Assert.That(Lines(Analyze(dockerfile, "ignored: [DL3007]\n", hadolintPath: "/.hadolint.yaml").Findings), Is.EqualTo("1: HRD001"),
            "not above the repository root (/repo holds .git)");
    }

    [TestCase("ignored: [DL3007\n", 2, "not valid YAML", TestName = "HadolintYaml_Malformed_IsHrd090")]
    [TestCase("ignored: DL3007\n", 1, "ignored: must be a list", TestName = "HadolintYaml_WrongShape_IsHrd090")]
    public void HadolintYaml_Problems(string yaml, int line, string message)
    {
        var result = Analyze("FROM ubuntu:latest\nUSER app\n", yaml);
        var problem = result.Findings.Single(f => f.RuleId == "HRD090");
        Assert.That((problem.Location.FilePath, problem.Location.Line), Is.EqualTo(("/repo/.hadolint.yaml", line)));
        Assert.That(problem.Message, Does.Contain(message));
        Assert.That(result.Findings.Count(f => f.RuleId == "HRD001"), Is.EqualTo(1), "the Dockerfile is still checked");
    }

    [Test]
    public void PragmaParsing_FollowsHadolintsGrammar()
    {
        var model = DockerfileParser.Parse("/r/Dockerfile",
            "# hadolint global ignore=DL3059\nFROM alpine:3.20.3\n# hadolint ignore=DL3018,DL3019 # pinned by the lock file\nRUN apk add \\\n  curl\n# hadolint stage ignore=DL3002\nUSER root\n").Model!;
        var pragmas = HadolintPragmas.Of(model);
        Assert.That(pragmas.Select(p => (p.Scope, string.Join(",", p.Codes), p.FirstLine, p.LastLine, p.Reason)), Is.EqualTo(new[]
        {
            (HadolintPragmaScope.File, "DL3059", 1, int.MaxValue, ""),
            (HadolintPragmaScope.Instruction, "DL3018,DL3019", 4, 5, "pinned by the lock file"),
            (HadolintPragmaScope.Stage, "DL3002", 7, int.MaxValue, ""),
        }));
    }

    [Test]
    public void EveryCounterpartNamesARuleOfOurs_AndTheMigrationPageListsEachOnce()
    {
        var page = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "migrating-from-hadolint.md"));
        Assert.Multiple(() =>
        {
            foreach (var counterpart in HadolintRules.All)
            {
                Assert.That(RuleCatalog.Find(counterpart.RuleId), Is.Not.Null, counterpart.ToString());
                Assert.That(page, Does.Contain($"| {counterpart.Code} | {counterpart.RuleId} |"), "the migration page's table lacks " + counterpart);
            }
            var rows = System.Text.RegularExpressions.Regex.Matches(page, @"^\| (DL\d{4}) \| (HRD\d{3}) \|", System.Text.RegularExpressions.RegexOptions.Multiline);
            Assert.That(rows.Count, Is.EqualTo(HadolintRules.All.Count), "the table lists a code the code does not map");
        });
    }
}
