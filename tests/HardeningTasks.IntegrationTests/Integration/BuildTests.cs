using System.Text.Json;
using HardeningTasks.Tests.Shared;
using HardeningTasks.Core;

[assembly: LevelOfParallelism(2)]

namespace HardeningTasks.IntegrationTests.Integration;

/// <summary>
/// The real package in real `dotnet build` processes: exact console lines (full path, (line,col), code, message,
/// project) and exit codes, for NoTargets, plain SDK and multi-targeted consumers and every warning knob.
/// </summary>
[TestFixture]
[Category("Integration")]
[Parallelizable(ParallelScope.Children)]
public class BuildTests
{
    private static Consumer C(string name) => IntegrationSetup.Consumer(name);

    /// <summary>The problem matcher actions/setup-dotnet installs (.github/csc.json): the lines must turn into GitHub annotations.</summary>
    private static readonly System.Text.RegularExpressions.Regex CscProblemMatcher =
        new(@"^(.*)\((\d+)(?:,\d+|,\d+,\d+)?\):\s+(error|warning)\s+([a-zA-Z]+(?<!MSB)\d+):\s*(.*?)\s+\[(.*?)\]$");

    private static void AssertBuild(DotnetResult result, int exitCode, params string[] lines)
    {
        Assert.Multiple(() =>
        {
            foreach (var line in result.HardeningLines)
                Assert.That(CscProblemMatcher.IsMatch(line), Is.True, "not matched by the csc problem matcher: " + line);
            Assert.That(result.HardeningLines, Is.EqualTo(lines), result.ToString());
            Assert.That(result.ExitCode, Is.EqualTo(exitCode), result.ToString());
            Assert.That(result.Output, Does.Not.Contain("MSB4018").And.Not.Contain("MSB4181").And.Not.Contain("MSB4062"), result.ToString());
        });
    }

    [Test]
    public void PackageLayout()
    {
        var entries = IntegrationSetup.Workspace.PackageEntries().Where(e => !e.StartsWith("_rels/") && !e.StartsWith("package/") && e != "[Content_Types].xml");
        Assert.That(entries.OrderBy(e => e, StringComparer.Ordinal), Is.EqualTo(new[]
        {
            "HardeningTasks.nuspec", "LICENSE", "README.md",
            "build/HardeningTasks.RuleIds.props", "build/HardeningTasks.props", "build/HardeningTasks.targets",
            "buildMultiTargeting/HardeningTasks.props", "buildMultiTargeting/HardeningTasks.targets", "icon.png",
            "tasks/net472/HardeningTasks.Core.dll", "tasks/net472/HardeningTasks.deps.json", "tasks/net472/HardeningTasks.dll", "tasks/net472/YamlDotNet.dll",
            "tasks/net8.0/HardeningTasks.Core.dll", "tasks/net8.0/HardeningTasks.deps.json", "tasks/net8.0/HardeningTasks.dll", "tasks/net8.0/YamlDotNet.dll",
        }.Concat(NativeEngineTests.PackedEngines)));
        var nuspec = IntegrationSetup.Workspace.Nuspec();
        Assert.That(nuspec, Does.Contain("<developmentDependency>true</developmentDependency>"));
        Assert.That(nuspec, Does.Not.Contain("<dependencies"));
    }

    [Test]
    public void NoTargetsFirstBuildReportsAndNoOpBuildReplaysWithoutScanning()
    {
        var c = C("notargets");
        var expected = c.Line("docker-compose.yml", 3, 12, "HRD001", "warning");

        // the managed engine, in MSBuild's process: its YAML parser must load from the package (the native engine loads none)
        var first = c.Build("-v:d", "-p:HardeningUseNativeEngine=false");
        AssertBuild(first, 0, expected);
        Assert.That(first.Occurrences(expected), Is.EqualTo(2), "once as it happens, once in the summary");
        Assert.That(first.Output, Does.Contain("1 Warning(s)").And.Contain("0 Error(s)"));
        var taskFolder = Path.Combine(IntegrationSetup.Workspace.Packages, "hardeningtasks", IntegrationSetup.Workspace.Version, "tasks", "net8.0");
        Assert.That(first.Output, Does.Match(@"YamlDotNet, Version=[0-9.]+, [^\n]*\(location: " + System.Text.RegularExpressions.Regex.Escape(Path.Combine(taskFolder, "YamlDotNet.dll"))),
            "YamlDotNet comes from the package's own task folder, in the task's load context");
        var scannedAt = File.GetLastWriteTimeUtc(c.FindingsCache);

        var second = c.Build("-v:d");
        AssertBuild(second, 0, expected);
        Assert.That(second.Output, Does.Contain("Skipping target \"_HardeningScan\" because all output files are up-to-date"), second.ToString());
        Assert.That(File.GetLastWriteTimeUtc(c.FindingsCache), Is.EqualTo(scannedAt), "the no-op build must not scan again");
        Assert.That(second.Output, Does.Not.Contain("YamlDotNet, Version"), "replaying the findings loads no YAML parser");
    }

    [Test]
    public void SdkProjectReports()
    {
        var c = C("sdk");
        AssertBuild(c.Build(), 0, c.Line("docker-compose.yml", 3, 12, "HRD001", "warning"));
    }

    [Test]
    public void MultiTargetedProjectReportsOnceFromTheOuterBuild()
    {
        var c = C("multi");
        var expected = c.Line("docker-compose.yml", 3, 12, "HRD001", "warning");
        var result = c.Build();
        AssertBuild(result, 0, expected);
        Assert.That(result.Occurrences(expected), Is.EqualTo(2), "once, plus the summary: " + result);
        Assert.That(result.Output, Does.Contain("1 Warning(s)"));
    }

    [Test]
    public void MultiTargetedProjectHonoursNoWarn()
    {
        // HRD022 proves the check ran: NoWarn silenced HRD001, not the whole package
        var c = C("multi-nowarn");
        AssertBuild(c.Build(), 0, c.Line("docker-compose.yml", 2, 3, "HRD022", "warning"));
    }

    [Test]
    public void MultiTargetedProjectHonoursTreatWarningsAsErrors()
    {
        var c = C("multi-twae");
        AssertBuild(c.Build(), 1, c.Line("docker-compose.yml", 3, 12, "HRD001", "error"));
    }

    [Test]
    public void EditorConfigSuggestionIsAMessageWithCodeAtDetailedVerbosity()
    {
        var c = C("editorconfig-suggestion");
        var message = c.Line("docker-compose.yml", 3, 12, "HRD001", "message");
        var normal = c.Build();
        AssertBuild(normal, 0);
        Assert.That(normal.Output, Does.Not.Contain("HRD001"), "like csc's info diagnostics, suggestions show at detailed verbosity only");
        var detailed = c.Build("-v:d");
        AssertBuild(detailed, 0);
        Assert.That(detailed.Output, Does.Contain(message));
    }

    [Test]
    public void EditorConfigEscalationToErrorFailsTheBuild()
    {
        var c = C("editorconfig");
        AssertBuild(c.Build(), 1, c.Line("docker-compose.yml", 3, 12, "HRD001", "error"));
    }

    [Test]
    public void NoWarnSilences()
    {
        var c = C("nowarn");
        var result = c.Build();
        AssertBuild(result, 0, c.Line("docker-compose.yml", 2, 3, "HRD022", "warning"));
        Assert.That(result.Output, Does.Contain("1 Warning(s)"), "HRD001 is silenced; HRD022, from the same check, is not");
    }

    [Test]
    public void WarningsAsErrorsEscalates()
    {
        var c = C("warningsaserrors");
        AssertBuild(c.Build(), 1, c.Line("docker-compose.yml", 3, 12, "HRD001", "error"));
    }

    [TestCase("twae")]
    [TestCase("twae-sdk")]
    public void TreatWarningsAsErrorsEscalates(string consumer)
    {
        var c = C(consumer);
        AssertBuild(c.Build(), 1, c.Line("docker-compose.yml", 3, 12, "HRD001", "error"));
    }

    [Test]
    public void TreatWarningsAsErrorsHonoursWarningsNotAsErrors()
    {
        var c = C("twae-notaserrors");
        AssertBuild(c.Build(), 0, c.Line("docker-compose.yml", 3, 12, "HRD001", "warning"));
    }

    [Test]
    public void TreatWarningsAsErrorsHonoursNoWarn()
    {
        // HRD001 is neither reported nor escalated; HRD022 is escalated, which proves the check ran and the mapping too
        var c = C("twae-nowarn");
        AssertBuild(c.Build(), 1, c.Line("docker-compose.yml", 2, 3, "HRD022", "error"));
    }

    [Test]
    public void TreatWarningsAsErrorsMappingCanBeSwitchedOff()
    {
        var c = C("twae-optout");
        AssertBuild(c.Build(), 0, c.Line("docker-compose.yml", 3, 12, "HRD001", "warning"));
    }

    [Test]
    public void CommandLineWarnAsErrorAndNoWarn()
    {
        var c = C("cli");
        AssertBuild(c.Build("-warnaserror"), 1, c.Line("docker-compose.yml", 2, 3, "HRD022", "error"), c.Line("docker-compose.yml", 3, 12, "HRD001", "error"));
        AssertBuild(c.Build("-nowarn:HRD001"), 0, c.Line("docker-compose.yml", 2, 3, "HRD022", "warning"));
    }

    /// <summary>A repository written for hadolint, through the real package: its <c># hadolint ignore=</c> comments suppress
    /// the HRD counterparts (kept in SARIF as in-source suppressions with the comment as justification), its
    /// <c>.hadolint.yaml</c> <c>ignored:</c> turns HRD001 off in the Dockerfile and <c>trustedRegistries:</c> (with a
    /// wildcard) is HRD004's list; DL3008/DL3059 map to nothing and say nothing; the compose file is still checked.</summary>
    [Test]
    public void HadolintCommentsAndConfigurationApplyThroughThePackage()
    {
        SarifMultitool.Require();
        var c = C("hadolint");
        AssertBuild(c.Build(), 0, c.Line("Dockerfile", 4, 6, "HRD004", "warning"), c.Line("docker-compose.yml", 3, 12, "HRD001", "warning"));
        var sarif = c.PathOf("artifacts/hardening.sarif");
        using (var doc = JsonDocument.Parse(File.ReadAllText(sarif)))
        {
            var results = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
                .Select(r => (Rule: r.GetProperty("ruleId").GetString(),
                              File: Path.GetFileName(r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()),
                              Line: r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32(),
                              Kind: r.TryGetProperty("suppressions", out var sup) ? sup[0].GetProperty("kind").GetString() : null,
                              Why: r.TryGetProperty("suppressions", out var sup2) && sup2[0].TryGetProperty("justification", out var j) ? j.GetString() : null))
                .ToList();
            Assert.That(results, Is.EquivalentTo(new (string?, string?, int, string?, string?)[]
            {
                ("HRD001", "Dockerfile", 2, "inSource", "hadolint ignore=DL3006"),
                ("HRD004", "Dockerfile", 4, null, null),
                ("HRD060", "Dockerfile", 10, "inSource", "hadolint ignore=DL3002,DL3008: the agent reads every file"),
                ("HRD001", "docker-compose.yml", 3, null, null),
            }), "the HRD001 of line 5 (ignored: DL3007) is off, as NoWarn would make it: not in SARIF");
        }
        SarifMultitool.AssertValid(sarif);
    }

    [Test]
    public void HardeningEnabledFalseTurnsEverythingOff()
    {
        var c = C("disabled");
        AssertBuild(c.Build(), 0);
        Assert.That(Directory.Exists(Path.GetDirectoryName(c.FindingsCache)), Is.False);
    }

    [Test]
    public void DesignTimeBuildSkipsTheCheck()
    {
        var c = C("designtime");
        AssertBuild(c.Build("-p:DesignTimeBuild=true"), 0);
        Assert.That(File.Exists(c.FindingsCache), Is.False);
    }

    [Test]
    public void ExplicitItemWithDefaultItemsOff()
    {
        var c = C("explicit");
        AssertBuild(c.Build(), 0, c.Line("stack/prod-stack.yml", 3, 12, "HRD001", "warning"));
    }

    /// <summary>HardeningComposeProject merges an overlay the globs do not pick up; HardeningVariables feed interpolation.</summary>
    [Test]
    public void ComposeProjectOverlaysAndVariables()
    {
        var c = C("compose-project");
        var request = new Core.AnalysisRequest
        {
            ProjectDirectory = c.Directory,
            Files = new[] { new Core.InputFile(c.PathOf("stack/compose.yaml"), Core.InputKind.Compose) },
            ComposeProjects = new[] { new Core.ComposeProjectSpec(c.PathOf("stack/compose.yaml"), new[] { c.PathOf("stack/prod.override.yml") }) },
            Variables = new Dictionary<string, string> { ["REDIS_TAG"] = "latest", ["UNUSED"] = "1" },
        };
        AssertBuild(c.Build(), 0,
            c.Line("stack/compose.yaml", 5, 12, "HRD001", "warning", request),
            c.Line("stack/prod.override.yml", 3, 12, "HRD001", "warning", request));
    }

    /// <summary>HardeningSarifFile writes a SARIF 2.1.0 log with project-relative locations, on the scan's run.</summary>
    [Test]
    public void SarifFileIsWritten()
    {
        var c = C("sarif");
        AssertBuild(c.Build(), 0, c.Line("docker-compose.yml", 3, 12, "HRD001", "warning"));
        var sarif = c.PathOf("artifacts/hardening.sarif");
        Assert.That(File.Exists(sarif), Is.True, "the SARIF log was not written");
        using var doc = JsonDocument.Parse(File.ReadAllText(sarif));
        var run = doc.RootElement.GetProperty("runs")[0];
        var result = run.GetProperty("results").EnumerateArray().Single();
        var region = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Multiple(() =>
        {
            Assert.That(doc.RootElement.GetProperty("version").GetString(), Is.EqualTo("2.1.0"));
            Assert.That(result.GetProperty("ruleId").GetString(), Is.EqualTo("HRD001"));
            Assert.That(result.GetProperty("level").GetString(), Is.EqualTo("warning"));
            Assert.That(region.GetProperty("artifactLocation").GetProperty("uri").GetString(), Is.EqualTo("docker-compose.yml"));
            Assert.That(region.GetProperty("region").GetProperty("startLine").GetInt32(), Is.EqualTo(3));
            Assert.That(region.GetProperty("region").GetProperty("startColumn").GetInt32(), Is.EqualTo(12));
        });
        File.Delete(sarif);
        c.Build();
        Assert.That(File.Exists(sarif), Is.True, "a deleted SARIF log is an out-of-date output: the next build writes it again");
    }

    /// <summary>The README's first command builds this sample: HRD001 and HRD010 at the lines the README shows.</summary>
    [Test]
    public void SampleStackReportsUnpinnedImagesAndTheHttpsEntrypointWithoutResolver()
    {
        var c = C("sample");
        var compose = "deployments/docker/docker-compose.core.yml";
        var request = new Core.AnalysisRequest
        {
            ProjectDirectory = c.Directory,
            Files = new[]
            {
                new Core.InputFile(c.PathOf(compose), Core.InputKind.Compose),
                new Core.InputFile(c.PathOf("services/arc-sherlock-brain/Dockerfile"), Core.InputKind.Dockerfile),
            },
        };
        AssertBuild(c.Build(), 0,
            c.Line(compose, 4, 12, "HRD001", "warning", request),
            c.Line(compose, 10, 9, "HRD010", "warning", request),
            c.Line(compose, 19, 12, "HRD001", "warning", request),
            c.Line(compose, 35, 12, "HRD001", "warning", request),
            c.Line("services/arc-sherlock-brain/Dockerfile", 5, 13, "HRD001", "warning", request));
    }

    [Test]
    public void MsbuildHardeningCheckTargetAlone()
    {
        var c = C("msbuild-target");
        var result = c.Msbuild("-t:HardeningCheck");
        AssertBuild(result, 0, c.Line("docker-compose.yml", 3, 12, "HRD001", "warning"));
        Assert.That(Directory.Exists(Path.Combine(c.Directory, "bin")), Is.False, "only the check ran, not a build");
    }

    [Test]
    public void MalformedYamlIsHrd000AndTheOtherFileIsStillChecked()
    {
        var c = C("malformed");
        AssertBuild(c.Build(), 1,
            c.Line("docker-compose.yml", 3, 12, "HRD001", "warning"),
            c.Line("sub/compose.yaml", 4, 1, "HRD000", "error"));
    }

    [Test]
    public void DeletedFileDropsItsFindingAndAnEditIsRechecked()
    {
        var c = C("changes");
        var root = c.Line("docker-compose.yml", 3, 12, "HRD001", "warning");
        var app = c.Line("app/compose.yaml", 3, 12, "HRD001", "warning");
        AssertBuild(c.Build(), 0, app, root);
        var scannedAt = File.GetLastWriteTimeUtc(c.FindingsCache);

        AssertBuild(c.Build("-p:HardeningTrustedRegistries=ghcr.io"), 0, app, root);
        Assert.That(File.GetLastWriteTimeUtc(c.FindingsCache), Is.GreaterThan(scannedAt), "a changed option makes the scan run again");
        scannedAt = File.GetLastWriteTimeUtc(c.FindingsCache);

        AssertBuild(c.Build("-p:HardeningTrustedRegistries=ghcr.io", "-p:HardeningVariables=QUOTE=it's%3BGLOB=*.yml%3BPCT=100%25"), 0, app, root);
        Assert.That(File.GetLastWriteTimeUtc(c.FindingsCache), Is.GreaterThan(scannedAt), "changed variables make the scan run again");

        File.Delete(c.PathOf("app/compose.yaml"));
        AssertBuild(c.Build(), 0, root);

        c.Write("docker-compose.yml", Consumers.Pinned);
        AssertBuild(c.Build(), 0);
        Assert.That(File.Exists(c.FindingsCache), Is.True);

        var clean = c.Workspace.Dotnet(c.Directory, "clean", c.ProjectFile, "-tl:off", "-nologo");
        Assert.That(clean.ExitCode, Is.Zero, clean.ToString());
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(c.FindingsCache)!), Is.Empty, "dotnet clean removes the check's files");
    }

    /// <summary>
    /// The incremental scan through the real package: three independent stacks (a: compose building its Dockerfile, b,
    /// c). A change re-analyses only the unit it touches (the detailed log says how many), and the findings are those
    /// of a clean, whole analysis; an .editorconfig escalation changes the severity and fails the build.
    /// </summary>
    [Test]
    public void IncrementalScanReanalysesOnlyTheChangedUnit()
    {
        var c = C("incremental");
        var cacheDir = Path.GetDirectoryName(c.FindingsCache)!;
        DotnetResult Clean()
        {
            // a clean, whole analysis of the same files: no cache, incremental scan off
            Directory.Delete(cacheDir, recursive: true);
            var whole = c.Build("-p:HardeningIncremental=false");
            // and the cache back for the next step (the clean build wrote none)
            Directory.Delete(cacheDir, recursive: true);
            c.Build();
            return whole;
        }

        var cold = c.Build("-v:d");
        Assert.That(cold.Output, Does.Contain("HardeningTasks: analysed 3 of 3 unit(s), 0 reused from"), cold.ToString());
        Assert.That(cold.HardeningLines, Is.EqualTo(new[] { c.Line("b/compose.yaml", 3, 12, "HRD001", "warning") }), cold.ToString());

        c.Write("c/compose.yaml", "services:\n  cache:\n    image: redis:latest\n");
        var one = c.Build("-v:d");
        Assert.That(one.Output, Does.Contain("HardeningTasks: analysed 1 of 3 unit(s), 2 reused from"), one.ToString());
        Assert.That(one.HardeningLines, Is.EqualTo(new[] { c.Line("b/compose.yaml", 3, 12, "HRD001", "warning"), c.Line("c/compose.yaml", 3, 12, "HRD001", "warning") }), one.ToString());
        AssertBuild(Clean(), 0, one.HardeningLines.ToArray());

        c.Write("a/Dockerfile", "FROM node:latest\nUSER node\nCMD [\"node\", \"app.js\"]\n");
        var dockerfile = c.Build("-v:d");
        Assert.That(dockerfile.Output, Does.Contain("HardeningTasks: analysed 1 of 3 unit(s), 2 reused from"), dockerfile.ToString());
        Assert.That(dockerfile.HardeningLines, Has.Some.StartsWith(c.PathOf("a/Dockerfile") + "(1,"), "the Dockerfile's new finding");
        Assert.That(dockerfile.ExitCode, Is.Zero, dockerfile.ToString());
        AssertBuild(Clean(), 0, dockerfile.HardeningLines.ToArray());

        c.Write(".editorconfig", "[*.yaml]\ndotnet_diagnostic.HRD001.severity = error\n");
        var escalated = c.Build("-v:d");
        Assert.That(escalated.Output, Does.Contain("HardeningTasks: analysed 3 of 3 unit(s), 0 reused from"), escalated.ToString());
        Assert.That(escalated.HardeningLines, Does.Contain(c.Line("b/compose.yaml", 3, 12, "HRD001", "error")).And.Contain(c.Line("c/compose.yaml", 3, 12, "HRD001", "error")), escalated.ToString());
        Assert.That(escalated.ExitCode, Is.EqualTo(1), escalated.ToString());
        AssertBuild(Clean(), 1, escalated.HardeningLines.ToArray());
    }

    /// <summary>
    /// Stacks joined the way Docker joins them, through the real package (<see cref="Consumers.LinkedStacks"/>): the app stack's
    /// router on 'le' is served by the Traefik stack it reaches over the external network, so only its misspelled resolver is
    /// reported; the unrelated stack's router on 'le' is not satisfied by the other stack's resolver; and that stack's Traefik,
    /// with resolver flags beside a mounted traefik.yml, is judged as Traefik runs it: the flags are ignored (HRD015), the
    /// HTTPS entrypoint of the file has no certificate source (HRD010).
    /// </summary>
    [Test]
    public void StacksAreJoinedAsDockerJoinsThemAndTraefikIsJudgedAsItRuns()
    {
        var c = C("linked-stacks");
        var inputs = new[] { "apps/compose.yaml", "other/compose.yaml", "other/traefik.yml", "traefik/compose.yaml" }
            .Select(f => new InputFile(c.PathOf(f), InputClassifier.Classify(c.PathOf(f))!.Value)).ToList();
        var whole = new AnalysisRequest { ProjectDirectory = c.Directory, Files = inputs };
        AssertBuild(c.Build(), 0,
            c.Line("apps/compose.yaml", 11, 55, "HRD011", "warning", whole),
            c.Line("other/compose.yaml", 5, 9, "HRD015", "warning", whole),
            c.Line("other/compose.yaml", 11, 52, "HRD011", "warning", whole),
            c.Line("other/traefik.yml", 3, 5, "HRD010", "warning", whole));
    }

    /// <summary>A CI build (<c>ContinuousIntegrationBuild=true</c>) starts from a clean checkout: it analyses everything at once
    /// and writes no units cache, which would never be read; <c>HardeningIncremental=true</c> brings the cache back.</summary>
    [Test]
    public void ContinuousIntegrationBuildAnalysesEverythingAtOnceWithoutAUnitsCache()
    {
        var c = C("ci-build");
        var cacheDir = Path.GetDirectoryName(c.FindingsCache)!;
        var units = Path.Combine(cacheDir, Path.GetFileName(c.ProjectFile) + ".units.txt");
        var expected = c.Line("docker-compose.yml", 3, 12, "HRD001", "warning");

        var ci = c.Build("-v:d", "-p:ContinuousIntegrationBuild=true");
        AssertBuild(ci, 0, expected);
        Assert.That(ci.Output, Does.Contain("HardeningScan: 1 file(s)").And.Not.Contain("HardeningTasks: analysed"), ci.ToString());
        Assert.That(File.Exists(units), Is.False, "no units cache in a CI build");

        Directory.Delete(cacheDir, recursive: true);
        var opted = c.Build("-v:d", "-p:ContinuousIntegrationBuild=true", "-p:HardeningIncremental=true");
        AssertBuild(opted, 0, expected);
        Assert.That(opted.Output, Does.Contain("HardeningTasks: analysed 1 of 1 unit(s), 0 reused from"), opted.ToString());
        Assert.That(File.Exists(units), Is.True, "HardeningIncremental=true keeps the units cache");
    }

    /// <summary>The scan records what it read and what it probed but did not find (an .env, an override file); a probed
    /// file appearing or a read one vanishing forces the next scan even when no timestamp says so.</summary>
    [Test]
    public void RecordedInputsAppearingOrVanishingForceAScan()
    {
        var c = C("recorded-inputs");
        var expected = c.Line("docker-compose.yml", 3, 12, "HRD001", "warning");
        var hardeningDir = Path.GetDirectoryName(c.FindingsCache)!;
        var absentList = Path.Combine(hardeningDir, Path.GetFileName(c.ProjectFile) + ".absent.txt");
        var inputsList = Path.Combine(hardeningDir, Path.GetFileName(c.ProjectFile) + ".inputs.txt");
        var longAgo = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        AssertBuild(c.Build(), 0, expected);
        var scannedAt = File.GetLastWriteTimeUtc(c.FindingsCache);

        var env = c.PathOf(".env");
        File.AppendAllText(absentList, env + "\n");
        c.Write(".env", "TAG=1\n");
        File.SetLastWriteTimeUtc(env, longAgo);
        AssertBuild(c.Build(), 0, expected);
        Assert.That(File.GetLastWriteTimeUtc(c.FindingsCache), Is.GreaterThan(scannedAt), "a probed file that appeared forces a scan");
        scannedAt = File.GetLastWriteTimeUtc(c.FindingsCache);

        var extra = c.PathOf("extra.env");
        c.Write("extra.env", "A=1\n");
        File.SetLastWriteTimeUtc(extra, longAgo);
        File.AppendAllText(inputsList, extra + "\n");
        AssertBuild(c.Build(), 0, expected);
        Assert.That(File.GetLastWriteTimeUtc(c.FindingsCache), Is.EqualTo(scannedAt), "an unchanged recorded input does not");

        File.Delete(extra);
        AssertBuild(c.Build(), 0, expected);
        Assert.That(File.GetLastWriteTimeUtc(c.FindingsCache), Is.GreaterThan(scannedAt), "a recorded input that vanished forces a scan");
    }

    [Test]
    public void DefaultItemGlobs()
    {
        var c = C("default-items");
        var result = c.Msbuild("-getItem:HardeningComposeFile", "-getItem:HardeningDockerfile", "-getItem:HardeningTraefikConfig", "-getItem:HardeningYamlFile");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        var actual = new List<(string, string)>();
        foreach (var itemType in json.RootElement.GetProperty("Items").EnumerateObject())
            foreach (var item in itemType.Value.EnumerateArray())
                actual.Add((itemType.Name, item.GetProperty("Identity").GetString()!.Replace('\\', '/')));
        Assert.That(actual.OrderBy(a => a.Item1, StringComparer.Ordinal).ThenBy(a => a.Item2, StringComparer.Ordinal),
            Is.EqualTo(Consumers.DefaultItemsExpected.OrderBy(a => a.Item, StringComparer.Ordinal).ThenBy(a => a.Path, StringComparer.Ordinal)));

        var upToDate = c.Msbuild("-getItem:UpToDateCheckInput");
        Assert.That(upToDate.ExitCode, Is.Zero, upToDate.ToString());
        using var inputs = JsonDocument.Parse(upToDate.Output);
        var checkInputs = inputs.RootElement.GetProperty("Items").GetProperty("UpToDateCheckInput").EnumerateArray()
            .Select(i => i.GetProperty("Identity").GetString()!.Replace('\\', '/')).ToList();
        Assert.That(checkInputs, Is.SupersetOf(Consumers.DefaultItemsExpected.Select(e => e.Path)), "Visual Studio's fast up-to-date check sees the checked files");
    }

    /// <summary>
    /// Issue 11 through the real package: a compose file named stack.yml is checked with the values of the committed
    /// .env.example; YAML that is not ours, a fragment, a workflow and a nested project's files are not; one summary line
    /// says what was checked and skipped at normal verbosity (on the no-op build too, replayed), the skipped files at
    /// detailed verbosity and in SARIF; a misspelled ID in NoWarn is HRD090.
    /// </summary>
    [Test]
    public void CoverageOfARepositoryAsItIs()
    {
        var c = C("coverage");
        var hrd001 = c.Line("stack.yml", 3, 12, "HRD001", "warning");
        const string summary = "HardeningTasks: checked 1 compose file (1 project); skipped 3 YAML files (2 not compose or Traefik, 1 compose fragment without services)";

        var first = c.Build("-v:n");
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        Assert.That(first.HardeningLines.Where(l => !l.Contains("HRD090")), Is.EqualTo(new[] { hrd001 }), "only stack.yml: " + first);
        Assert.That(first.HardeningLines.Single(l => l.Contains("HRD090")),
            Does.Contain("warning HRD090: NoWarn: 'HRD0O1' is not a HardeningTasks rule ID (did you mean HRD001?), so this entry has no effect"));
        Assert.That(first.Output.Split('\n').Count(l => l.Trim() == summary), Is.EqualTo(1), "one summary line at normal verbosity: " + first);
        Assert.That(first.Output, Does.Not.Contain("skipped k8s"), "the list of skipped files is for detailed verbosity");

        var noOp = c.Build("-v:d");
        Assert.That(noOp.Output, Does.Contain("Skipping target \"_HardeningScan\" because all output files are up-to-date"), noOp.ToString());
        var lines = noOp.Output.Split('\n').Select(l => l.Trim()).ToList();
        Assert.That(lines.Where(l => l.StartsWith("HardeningTasks: ", StringComparison.Ordinal)), Is.EqualTo(new[]
        {
            summary,
            "HardeningTasks: skipped ansible/site.yml: not compose or Traefik",
            "HardeningTasks: skipped docker-compose.snippets.yml: compose fragment without services",
            "HardeningTasks: skipped k8s/deployment.yaml: not compose or Traefik",
        }), "replayed from the cache on the no-op build: " + noOp);

        var run = JsonDocument.Parse(File.ReadAllText(c.PathOf("hardening.sarif"))).RootElement.GetProperty("runs")[0];
        var notifications = run.GetProperty("invocations")[0].GetProperty("toolExecutionNotifications").EnumerateArray()
            .Select(n => (n.GetProperty("message").GetProperty("text").GetString(),
                n.TryGetProperty("locations", out var at) ? at[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString() : null))
            .ToList();
        Assert.That(notifications, Is.EqualTo(new (string?, string?)[]
        {
            (summary.Substring("HardeningTasks: ".Length), null),
            ("Not checked: not compose or Traefik.", "ansible/site.yml"),
            ("Not checked: compose fragment without services.", "docker-compose.snippets.yml"),
            ("Not checked: not compose or Traefik.", "k8s/deployment.yaml"),
        }));

        // a new YAML file (an old time stamp, as a checkout gives) makes the scan run again, and is checked by what it holds
        c.Write("deploy/prod.yml", "services:\n  cache:\n    image: redis:latest\n");
        File.SetLastWriteTimeUtc(c.PathOf("deploy/prod.yml"), new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var added = c.Build("-v:n");
        Assert.That(added.HardeningLines, Does.Contain(c.Line("deploy/prod.yml", 3, 12, "HRD001", "warning")), added.ToString());
        Assert.That(added.Output, Does.Contain("HardeningTasks: checked 2 compose files (2 projects);"), added.ToString());
        File.Delete(c.PathOf("deploy/prod.yml"));
    }
}
