using System.Text.Json;
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
            "HardeningTasks.nuspec",
            "build/HardeningTasks.RuleIds.props", "build/HardeningTasks.props", "build/HardeningTasks.targets",
            "buildMultiTargeting/HardeningTasks.props", "buildMultiTargeting/HardeningTasks.targets",
            "tasks/net472/HardeningTasks.Core.dll", "tasks/net472/HardeningTasks.deps.json", "tasks/net472/HardeningTasks.dll", "tasks/net472/YamlDotNet.dll",
            "tasks/net8.0/HardeningTasks.Core.dll", "tasks/net8.0/HardeningTasks.deps.json", "tasks/net8.0/HardeningTasks.dll", "tasks/net8.0/YamlDotNet.dll",
        }));
        var nuspec = IntegrationSetup.Workspace.Nuspec();
        Assert.That(nuspec, Does.Contain("<developmentDependency>true</developmentDependency>"));
        Assert.That(nuspec, Does.Not.Contain("<dependencies"));
    }

    [Test]
    public void NoTargetsFirstBuildReportsAndNoOpBuildReplaysWithoutScanning()
    {
        var c = C("notargets");
        var expected = c.Line("docker-compose.yml", 3, 12, "HRD001", "warning");

        var first = c.Build("-v:d");
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
    public void MultiTargetedProjectHonoursNoWarn() => AssertBuild(C("multi-nowarn").Build(), 0);

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
        var result = C("nowarn").Build();
        AssertBuild(result, 0);
        Assert.That(result.Output, Does.Contain("0 Warning(s)"));
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
    public void TreatWarningsAsErrorsHonoursNoWarn() => AssertBuild(C("twae-nowarn").Build(), 0);

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
        AssertBuild(c.Build("-warnaserror"), 1, c.Line("docker-compose.yml", 3, 12, "HRD001", "error"));
        AssertBuild(c.Build("-nowarn:HRD001"), 0);
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
        var result = c.Msbuild("-getItem:HardeningComposeFile", "-getItem:HardeningDockerfile", "-getItem:HardeningTraefikConfig");
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
}
