using HardeningTasks.Core;
using Microsoft.Build.Utilities;

namespace HardeningTasks.IntegrationTests.Unit;

public class HardeningScanTests
{
    private string dir = "";

    [SetUp]
    public void SetUp() => dir = TestPaths.NewTempDirectory("hrd-scan");

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private HardeningScan NewScan(FakeBuildEngine engine) => new()
    {
        BuildEngine = engine,
        ProjectDirectory = dir,
        FindingsFile = Path.Combine(dir, "obj", "hardening", "p.findings.tsv"),
        InputsFile = Path.Combine(dir, "obj", "hardening", "p.inputs.txt"),
        AbsentInputsFile = Path.Combine(dir, "obj", "hardening", "p.absent.txt"),
    };

    /// <summary>The findings in the cache, without the summary records that follow them.</summary>
    private static List<CachedFinding> CachedFindings(string cache) =>
        FindingsCache.Read(cache)!.Where(f => f.Severity is not (FindingsCache.Summary or FindingsCache.Detail)).ToList();

    [Test]
    public void WritesFindingsWithFullPathsLogsNoneAndRecordsWhatItRead()
    {
        var bad = Write("sub/compose.yaml", "services:\n  db:\n    image: [postgres\n");
        var good = Write("docker-compose.yml", "services:\n  web:\n    image: nginx:1.27\n");
        var engine = new FakeBuildEngine();
        var scan = NewScan(engine);
        scan.ComposeFiles = new[] { new TaskItem("docker-compose.yml"), new TaskItem("sub/compose.yaml") };

        var ok = scan.Execute();

        Assert.That(ok, Is.True, "the scan stores findings; it is the report that fails the build");
        Assert.That(engine.Errors.Concat<object>(engine.Warnings), Is.Empty);
        var finding = FindingsCache.Read(scan.FindingsFile)!.Where(f => f.File == bad).ToList();
        Assert.That(finding.Select(f => (f.Severity, f.Code, f.Line, f.Column)), Is.EqualTo(new[] { ("error", "HRD000", 4, 1) }));
        Assert.That(finding[0].HelpLink, Does.EndWith("/HRD000.md"));
        Assert.That(File.ReadAllLines(scan.InputsFile), Is.SupersetOf(new[] { good, bad }));
        Assert.That(scan.FindingCount, Is.EqualTo(CachedFindings(scan.FindingsFile).Count));
        Assert.That(FindingsCache.Read(scan.FindingsFile)!.Where(f => f.Severity == FindingsCache.Summary).Select(f => f.Message),
            Is.EqualTo(new[] { "checked 1 compose file (1 project)" }), "the summary the report replays on every build (the file that fails to load is not counted as checked)");
    }

    [Test]
    public void OtherYamlFilesAreClassifiedByContent_AndTheSkippedOnesAreInTheSummary()
    {
        Write("stack.yml", "services:\n  web:\n    image: nginx:latest\n");
        var manifest = Write("k8s/app.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
        var scan = NewScan(new FakeBuildEngine());
        scan.YamlFiles = new[] { new TaskItem("stack.yml"), new TaskItem("k8s/app.yaml") };

        Assert.That(scan.Execute(), Is.True);

        Assert.That(CachedFindings(scan.FindingsFile).Where(f => f.Code == "HRD001").Select(f => (Path.GetFileName(f.File), f.Line)), Is.EqualTo(new[] { ("stack.yml", 3) }));
        var summary = FindingsCache.Read(scan.FindingsFile)!.Where(f => f.Severity is FindingsCache.Summary or FindingsCache.Detail).Select(f => (f.Severity, f.Message));
        Assert.That(summary, Is.EqualTo(new[]
        {
            (FindingsCache.Summary, "checked 1 compose file (1 project); skipped 1 YAML file (not compose or Traefik)"),
            (FindingsCache.Detail, "skipped k8s/app.yaml: not compose or Traefik"),
        }));
        Assert.That(File.ReadAllLines(scan.InputsFile), Does.Contain(manifest), "a skipped file is an input: if it becomes a compose file, the next build scans");
    }

    [Test]
    public void AMisspelledRuleIdInNoWarnStyleListsIsHrd090NamingTheProperty()
    {
        var scan = NewScan(new FakeBuildEngine());
        scan.NoWarn = "1701;1702;HRD001;HRD0O1";
        scan.WarningsAsErrors = "nullable, hrd999";
        scan.WarningsNotAsErrors = "CS0618";

        Assert.That(scan.Execute(), Is.True);

        var problems = FindingsCache.Read(scan.FindingsFile)!.Where(f => f.Code == "HRD090").ToList();
        Assert.That(problems.Select(p => p.File), Is.All.EqualTo(""));
        Assert.That(problems.Select(p => p.Message), Is.EqualTo(new[]
        {
            "NoWarn: 'HRD0O1' is not a HardeningTasks rule ID (did you mean HRD001?), so this entry has no effect; every rule is listed at https://github.com/HardeningTasks/HardeningTasks/blob/main/docs/rules/README.md.",
            "WarningsAsErrors: 'hrd999' is not a HardeningTasks rule ID, so this entry has no effect; every rule is listed at https://github.com/HardeningTasks/HardeningTasks/blob/main/docs/rules/README.md.",
        }), "other tools' IDs are not ours to judge; ours are matched case-insensitively, as MSBuild does");
    }

    [Test]
    public void AMissingExplicitFileIsRecordedAsAbsent()
    {
        var engine = new FakeBuildEngine();
        var scan = NewScan(engine);
        scan.ComposeFiles = new[] { new TaskItem("gone/docker-compose.yml") };

        Assert.That(scan.Execute(), Is.True);

        Assert.That(File.ReadAllLines(scan.AbsentInputsFile), Does.Contain(Path.Combine(dir, "gone", "docker-compose.yml")));
        Assert.That(File.ReadAllLines(scan.InputsFile), Does.Not.Contain(Path.Combine(dir, "gone", "docker-compose.yml")));
    }

    [Test]
    public void MapsItemsAndPropertiesOntoTheRequest()
    {
        var scan = NewScan(new FakeBuildEngine());
        scan.ComposeFiles = new[] { new TaskItem("a/docker-compose.yml"), new TaskItem(Path.Combine(dir, "a", "docker-compose.yml")) };
        scan.Dockerfiles = new[] { new TaskItem("a/Dockerfile") };
        scan.TraefikConfigs = new[] { new TaskItem("traefik.yml") };
        scan.YamlFiles = new[] { new TaskItem("deploy/prod.yml"), new TaskItem("traefik.yml") };
        var project = new TaskItem("stack/compose.yaml");
        project.SetMetadata("Overlays", "stack/compose.prod.yaml; stack/compose.ci.yaml ;");
        scan.ComposeProjects = new[] { project };
        scan.Variables = "TAG=1.2; URL=http://x/?a=b ;";
        var option = new TaskItem("HardeningTrustedRegistries");
        option.SetMetadata("Value", "ghcr.io;docker.io");
        scan.Options = new[] { option };
        scan.MaxFileSize = "2MB";
        scan.AnalysisMode = "minimum";
        scan.NoWarn = "1591;HRD022,HRD023";
        scan.WarningsAsErrors = ";HRD001;";
        scan.WarningsNotAsErrors = "HRD010";
        scan.TreatWarningsAsErrors = true;
        scan.BaselineFile = "accepted.json";

        var check = scan.BuildRequest();
        var request = check.Analysis;

        Assert.Multiple(() =>
        {
            Assert.That(check.SettingProblems, Is.Empty);
            Assert.That(request.Mode, Is.EqualTo(Core.Configuration.AnalysisMode.Minimum));
            Assert.That(check.Warnings.NoWarn, Is.EquivalentTo(new[] { "1591", "HRD022", "HRD023" }));
            Assert.That(check.Warnings.WarningsAsErrors, Is.EquivalentTo(new[] { "HRD001" }));
            Assert.That(check.Warnings.WarningsNotAsErrors, Is.EquivalentTo(new[] { "HRD010" }));
            Assert.That(check.Warnings.TreatWarningsAsErrors, Is.True);
            Assert.That(check.BaselineFile, Is.EqualTo(Path.Combine(dir, "accepted.json")));
            Assert.That(request.ProjectDirectory, Is.EqualTo(dir));
            Assert.That(request.Files, Is.EqualTo(new[]
            {
                new InputFile(Path.Combine(dir, "a", "docker-compose.yml"), InputKind.Compose),
                new InputFile(Path.Combine(dir, "a", "Dockerfile"), InputKind.Dockerfile),
                new InputFile(Path.Combine(dir, "traefik.yml"), InputKind.TraefikConfig),
            }), "full paths, each file once");
            Assert.That(request.Candidates, Is.EqualTo(new[] { Path.Combine(dir, "deploy", "prod.yml") }), "a file already given by name is not a candidate too");
            Assert.That(request.ComposeProjects.Single().MainFile, Is.EqualTo(Path.Combine(dir, "stack", "compose.yaml")));
            Assert.That(request.ComposeProjects.Single().Overlays, Is.EqualTo(new[] { Path.Combine(dir, "stack", "compose.prod.yaml"), Path.Combine(dir, "stack", "compose.ci.yaml") }));
            Assert.That(request.Variables, Is.EquivalentTo(new Dictionary<string, string> { ["TAG"] = "1.2", ["URL"] = "http://x/?a=b" }));
            Assert.That(request.Properties["hardeningtrustedregistries"], Is.EqualTo("ghcr.io;docker.io"), "option names are case-insensitive");
            Assert.That(request.MaxFileBytes, Is.EqualTo(2 * 1024 * 1024));
        });
    }

    [Test]
    public void BadVariablesAndSizeAreHrd090WarningsInTheCache()
    {
        var engine = new FakeBuildEngine();
        var scan = NewScan(engine);
        scan.Variables = "GOOD=1;NOEQUALS;=nameless";
        scan.MaxFileSize = "ten megs";
        scan.AnalysisMode = "strict";

        Assert.That(scan.Execute(), Is.True);

        var cached = CachedFindings(scan.FindingsFile);
        Assert.That(cached.Select(f => (f.Severity, f.Code, f.File)), Is.All.EqualTo(("warning", "HRD090", "")));
        Assert.That(cached.Select(f => f.Message), Is.EquivalentTo(new[]
        {
            "HardeningVariables: 'NOEQUALS' is not NAME=value; it is ignored.",
            "HardeningVariables: '=nameless' is not NAME=value; it is ignored.",
            "HardeningMaxFileSize: 'ten megs' is not a size in bytes (e.g. 10485760, 512KB, 10MB); the default 10 MB is used.",
            "HardeningAnalysisMode: 'strict' is not a preset; use Default, Minimum, Recommended, All or None. Default is used.",
        }));
    }

    [TestCase("1048576", 1048576L)]
    [TestCase("512KB", 524288L)]
    [TestCase(" 10 mb ", 10485760L)]
    [TestCase("100B", 100L)]
    [TestCase("0", null)]
    [TestCase("-5", null)]
    [TestCase("1.5MB", null)]
    [TestCase("lots", null)]
    public void ParsesSizes(string text, long? expected)
    {
        var ok = Core.Parsing.SourceReader.TryParseSize(text, out var bytes);
        Assert.That(ok ? bytes : (long?)null, Is.EqualTo(expected));
    }

    [Test]
    public void AFailureIsOneHrd000ErrorNotAnException()
    {
        Write("docker-compose.yml", "services: {}\n");
        var blocker = Write("obj", "a file where the cache folder should be");
        var engine = new FakeBuildEngine();
        var scan = NewScan(engine);
        scan.ComposeFiles = new[] { new TaskItem("docker-compose.yml") };

        bool ok = true;
        Assert.DoesNotThrow(() => ok = scan.Execute());

        Assert.That(ok, Is.False);
        var e = engine.Errors.Single();
        Assert.That(e.Code, Is.EqualTo("HRD000"));
        Assert.That(e.File, Is.EqualTo("/consumer/infra.proj"), "no file of ours: MSBuild points it at the project");
        Assert.That(e.Message, Does.StartWith("HardeningTasks could not check the files: ").And.Contain(Path.Combine(dir, "obj")));
        Assert.That(File.Exists(blocker), Is.True);
    }

    [Test]
    public void AFailureAfterTheCacheWasWrittenRemovesIt()
    {
        Write("docker-compose.yml", "services: {}\n");
        var blocker = Write("blocker", "a file where a folder should be");
        var engine = new FakeBuildEngine();
        var scan = NewScan(engine);
        scan.ComposeFiles = new[] { new TaskItem("docker-compose.yml") };
        scan.InputsFile = Path.Combine(blocker, "p.inputs.txt");

        Assert.That(scan.Execute(), Is.False);

        Assert.That(engine.Errors.Single().Code, Is.EqualTo("HRD000"));
        Assert.That(File.Exists(scan.FindingsFile), Is.False, "a half-finished scan must not leave a cache that the report would replay as current");
    }

    /// <summary>Two projects given the same HardeningSarifFile (a user error) or one project built twice at once with
    /// different global properties write one path from two builds at once. Each write goes through a temporary file
    /// renamed over the target: no writer fails on a sharing violation (which used to become an HRD000 error and drop
    /// that project's findings cache), and a reader never sees a half-written file.</summary>
    [Test]
    public void ConcurrentScansWritingOneSarifPathAndOneCacheNeitherFailNorTear()
    {
        var (rounds, writers) = (25, 6);
        Write("docker-compose.yml", "services:\n  web:\n    image: nginx:latest\n");
        var sarif = Path.Combine(dir, "artifacts", "shared.sarif");
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var (torn, refused) = (0, 0);
        // reads that got a whole file with the finding in it: a reader that never read anything would prove nothing
        var (sarifReads, cacheReads) = (0, 0);
        var cache = Path.Combine(dir, "obj", "hardening", "p.findings.tsv");
        using var stop = new CancellationTokenSource();
        // a reader racing the writers, like the report step of the other build or a CI upload of the SARIF log
        var reader = System.Threading.Tasks.Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var text = File.Exists(sarif) ? File.ReadAllText(sarif) : null;
                    if (text != null)
                    {
                        using var log = System.Text.Json.JsonDocument.Parse(text);
                        if (log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Any(r => r.GetProperty("ruleId").GetString() == "HRD001"))
                            Interlocked.Increment(ref sarifReads);
                        else Interlocked.Increment(ref torn);
                    }
                    if (FindingsCache.Read(cache) is { } findings)
                    {
                        if (findings.Any(f => f.Code == "HRD001")) Interlocked.Increment(ref cacheReads);
                        else Interlocked.Increment(ref torn);
                    }
                }
                catch (FileNotFoundException) { }
                catch (System.Text.Json.JsonException) { Interlocked.Increment(ref torn); }
                catch (InvalidDataException) { Interlocked.Increment(ref torn); }
                catch (IOException) { Interlocked.Increment(ref refused); }
            }
        });
        // at least the planned rounds, and on until the reader has read both files a few times while they were rewritten
        for (var round = 0; round < rounds || ((Volatile.Read(ref sarifReads) < 3 || Volatile.Read(ref cacheReads) < 3) && round < rounds * 20); round++)
        {
            Parallel.For(0, writers, new ParallelOptions { MaxDegreeOfParallelism = writers }, _ =>
            {
                var engine = new FakeBuildEngine();
                var scan = NewScan(engine);
                scan.ComposeFiles = new[] { new TaskItem("docker-compose.yml") };
                scan.SarifFile = "artifacts/shared.sarif";
                if (!scan.Execute() || engine.Errors.Count > 0)
                    failures.Add(string.Join("; ", engine.Errors.Select(e => e.Code + ": " + e.Message)));
            });
        }
        stop.Cancel();
        reader.Wait();

        Assert.That(failures, Is.Empty);
        Assert.That(sarifReads, Is.GreaterThanOrEqualTo(3), "the reader must have read the SARIF log, with its finding, while it was rewritten");
        Assert.That(cacheReads, Is.GreaterThanOrEqualTo(3), "the reader must have read the findings cache, with its finding, while it was rewritten");
        Assert.That(torn, Is.Zero, "a reader saw a half-written SARIF log or findings cache");
        // a rename on Unix swaps the directory entry: a reader opens the old file or the new one and is never refused
        // (Windows may refuse an open for the instant of the replace; the writer retries there instead)
        if (!OperatingSystem.IsWindows()) Assert.That(refused, Is.Zero, "a reader was locked out by a writer");
        using var log = System.Text.Json.JsonDocument.Parse(File.ReadAllText(sarif));
        Assert.That(log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Select(r => r.GetProperty("ruleId").GetString()), Does.Contain("HRD001"));
        Assert.That(FindingsCache.Read(Path.Combine(dir, "obj", "hardening", "p.findings.tsv"))!.Select(f => f.Code), Does.Contain("HRD001"));
        Assert.That(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories), Is.Empty, "no temporary file is left behind");
    }

    [Test]
    public void ASarifPathThatCannotBeWrittenIsOneClearHrd000AndTheCacheIsKept()
    {
        Write("docker-compose.yml", "services:\n  web:\n    image: nginx:latest\n");
        Directory.CreateDirectory(Path.Combine(dir, "artifacts", "hardening.sarif"));
        var engine = new FakeBuildEngine();
        var scan = NewScan(engine);
        scan.ComposeFiles = new[] { new TaskItem("docker-compose.yml") };
        scan.SarifFile = "artifacts/hardening.sarif";

        Assert.That(scan.Execute(), Is.False);

        var e = engine.Errors.Single();
        Assert.That(e.Code, Is.EqualTo("HRD000"));
        Assert.That(e.Message, Does.StartWith($"HardeningTasks could not write the SARIF log '{Path.Combine(dir, "artifacts", "hardening.sarif")}' (HardeningSarifFile): "));
        Assert.That(FindingsCache.Read(scan.FindingsFile)!.Select(f => f.Code), Does.Contain("HRD001"),
            "the findings were stored before the SARIF log was tried");
        Assert.That(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    public void CancellingWhileTheNativeEngineRunsStopsTheScan_NoManagedScanFollows()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("the fake engine is a shell script");
        var rid = NativeEngine.HostRuntimeIdentifier();
        Assert.That(rid, Is.Not.Null, "a Unix machine has a runtime identifier");
        Write("docker-compose.yml", "services:\n  web:\n    image: nginx:latest\n");
        // an engine that would run for a minute: only the cancellation can end it in time
        var fake = Write($"native/{rid}/hardening", "#!/bin/sh\nsleep 60\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var engine = new FakeBuildEngine();
        var scan = NewScan(engine);
        scan.ComposeFiles = new[] { new TaskItem("docker-compose.yml") };
        scan.NativeEngineDirectory = Path.Combine(dir, "native");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var run = System.Threading.Tasks.Task.Run(scan.Execute);
        Thread.Sleep(1000);
        scan.Cancel();

        Assert.That(run.Wait(TimeSpan.FromSeconds(30)), Is.True, "the task ended after the cancellation");
        Assert.That(run.Result, Is.False, "a cancelled scan does not succeed");
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)));
        Assert.That(File.Exists(scan.FindingsFile), Is.False, "no managed scan ran after the native engine was stopped");
        Assert.That(engine.Errors, Is.Empty, "cancelling is not an error of the scan");
    }
}
