using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using HardeningTasks.Core;

namespace HardeningTasks.IntegrationTests.Integration;

/// <summary>
/// Twenty infra projects in one solution, built through the real package by real <c>dotnet build</c> processes: one
/// at a time (<c>-m:1</c>) and on parallel nodes (<c>-m</c>), each from the restored-but-never-built state, then a
/// second <c>-m</c> build that changes nothing. They share a compose file outside every project folder (through
/// HardeningComposeProject), parent folders with an .editorconfig, and a SARIF folder; every build runs with a proxy
/// that records connections. The builds run once, in <see cref="BuildAll"/>; the tests assert on what they recorded.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable] // the -m build is what is measured: it gets the machine's cores to itself
public class ParallelBuildTests
{
    private const string SolutionName = "parallel.slnx";
    private const string CorpusStacks = "docker__awesome-compose";

    /// <summary>Where a project lives, its SDK, its stack from the corpus (or its own files), and whether it checks the shared compose file or writes SARIF.</summary>
    private sealed record Spec(string Folder, string Name, ConsumerKind Kind, string? Stack, bool SharedCompose = false, string? Sarif = null,
                               IReadOnlyDictionary<string, string>? Files = null);

    private sealed record Run(string Label, DotnetResult Result, TimeSpan Elapsed, Dictionary<string, string> Before, Dictionary<string, string> After,
                              Dictionary<string, string> Caches);

    private static readonly Spec[] Specs =
    {
        // team-a/.editorconfig escalates HRD001 to an error for the yml files below it
        new("team-a", "p01", ConsumerKind.NoTargets, "angular"),
        new("team-a", "p02", ConsumerKind.NoTargets, "apache-php", Sarif: "$(MSBuildProjectDirectory)/../../artifacts/sarif/$(MSBuildProjectName).sarif"),
        new("team-a", "p03", ConsumerKind.Sdk, "django"),
        new("team-a", "p04", ConsumerKind.NoTargets, "flask-redis"),
        new("team-a", "p05", ConsumerKind.NoTargets, "gitea-postgres", SharedCompose: true),
        new("team-a", "p06", ConsumerKind.NoTargets, "nginx-flask-mysql"),
        new("team-a", "p07", ConsumerKind.NoTargets, "nginx-golang-mysql"),
        // team-b/.editorconfig turns HRD001 off below it
        new("team-b", "p08", ConsumerKind.NoTargets, "prometheus-grafana"),
        new("team-b", "p09", ConsumerKind.NoTargets, "react-express-mongodb"),
        new("team-b", "p10", ConsumerKind.NoTargets, "spring-postgres", SharedCompose: true),
        new("team-b", "p11", ConsumerKind.NoTargets, "traefik-golang", Sarif: "$(MSBuildProjectDirectory)/../../artifacts/sarif/$(MSBuildProjectName).sarif"),
        new("team-b", "p12", ConsumerKind.NoTargets, "wordpress-mysql"),
        // directly below the solution: the defaults
        new("", "p13", ConsumerKind.NoTargets, null, Files: new Dictionary<string, string> { ["docker-compose.yml"] = Consumers.LatestImage }),
        new("", "p14", ConsumerKind.NoTargets, null, Files: new Dictionary<string, string> { ["docker-compose.yml"] = Consumers.LatestImage, ["sub/compose.yaml"] = Consumers.MalformedYaml }),
        new("", "p15", ConsumerKind.Sdk, "nextcloud-redis-mariadb"),
        new("", "p16", ConsumerKind.NoTargets, "plex", SharedCompose: true),
        new("", "p17", ConsumerKind.NoTargets, "portainer", Sarif: "artifacts/hardening.sarif"),
        new("", "p18", ConsumerKind.NoTargets, "vuejs"),
        new("", "p19", ConsumerKind.NoTargets, "elasticsearch-logstash-kibana"),
        new("", "p20", ConsumerKind.NoTargets, "../fastapi__full-stack-fastapi-template"),
    };

    /// <summary>Checked by p05, p10 and p16 through HardeningComposeProject, each with an overlay of its own; HRD001 at (3,12).</summary>
    private const string SharedCompose = "services:\n  cache:\n    image: redis:latest\n  web:\n    image: nginx:1.27.3\n";

    private const string Overlay = "services:\n  web:\n    environment:\n      MODE: local\n";

    private string root = "";
    private string sharedComposePath = "";
    private readonly List<Run> runs = new();
    private readonly ConcurrentQueue<string> proxyConnections = new();
    private List<string> buildConnections = new();
    private TcpListener? proxy;
    private CancellationTokenSource? proxyStop;
    private System.Threading.Tasks.Task? proxyLoop;

    private static Workspace Ws => IntegrationSetup.Workspace;

    private string ProjectDirectory(Spec s) => Path.Combine(root, s.Folder, s.Name);
    private string ProjectFile(Spec s) => Path.Combine(ProjectDirectory(s), s.Name + ".csproj");
    private string CachePath(Spec s) => Path.Combine(ProjectDirectory(s), "obj", "hardening", s.Name + ".csproj.findings.tsv");

    private string SarifPath(Spec s) => Path.GetFullPath(Path.Combine(ProjectDirectory(s),
        s.Sarif!.Replace("$(MSBuildProjectDirectory)/", "").Replace("$(MSBuildProjectName)", s.Name)));

    [OneTimeSetUp]
    public void BuildAll()
    {
        var total = Stopwatch.StartNew();
        root = Path.Combine(Ws.Root, "parallel");
        CreateTree();
        var restore = Ws.Dotnet(root, "restore", "all.slnx", "-tl:off", "-nologo");
        Assert.That(restore.ExitCode, Is.Zero, restore.ToString());
        TestContext.Progress.WriteLine($"parallel builds: tree + restore of {Specs.Length + 2} projects in {total.Elapsed.TotalSeconds:F1} s");

        StartProxy();
        Build("-m:1", clean: true);
        Build("-m", clean: true);
        Build("-m (no-op)", clean: false);
        buildConnections = proxyConnections.ToList();
        TestContext.Progress.WriteLine($"parallel builds: {string.Join(", ", runs.Select(r => $"{r.Label} {r.Elapsed.TotalSeconds:F1} s"))}; whole fixture set-up {total.Elapsed.TotalSeconds:F1} s");
    }

    [OneTimeTearDown]
    public void StopProxy()
    {
        proxyStop?.Cancel();
        proxy?.Stop();
        try { proxyLoop?.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        proxyStop?.Dispose();
    }

    private void CreateTree()
    {
        Directory.CreateDirectory(root);
        // root = true: the workspace's .editorconfig above (which switches most rules off for the other tests) does not
        // apply here; every rule runs at its default severity unless a team folder says otherwise
        File.WriteAllText(Path.Combine(root, ".editorconfig"), "root = true\n");
        Directory.CreateDirectory(Path.Combine(root, "team-a"));
        File.WriteAllText(Path.Combine(root, "team-a", ".editorconfig"), "[*.{yml,yaml}]\ndotnet_diagnostic.HRD001.severity = error\n");
        Directory.CreateDirectory(Path.Combine(root, "team-b"));
        File.WriteAllText(Path.Combine(root, "team-b", ".editorconfig"), "[*]\ndotnet_diagnostic.HRD001.severity = none\n");
        sharedComposePath = Path.Combine(root, "shared", "compose.common.yml");
        Directory.CreateDirectory(Path.GetDirectoryName(sharedComposePath)!);
        File.WriteAllText(sharedComposePath, SharedCompose);

        var corpus = Path.Combine(TestPaths.CorpusRoot, CorpusStacks);
        Assert.That(Directory.Exists(corpus), Is.True, "the shared corpus lives at " + TestPaths.CorpusRoot);

        var solution = new System.Text.StringBuilder("<Solution>\n");
        foreach (var s in Specs)
        {
            var dir = ProjectDirectory(s);
            Directory.CreateDirectory(dir);
            if (s.Stack != null) CopyTree(Path.GetFullPath(Path.Combine(corpus, s.Stack)), dir);
            foreach (var (relative, text) in s.Files ?? new Dictionary<string, string>())
            {
                var path = Path.Combine(dir, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, text);
            }
            var properties = s.Sarif == null ? "" : $"<HardeningSarifFile>{s.Sarif}</HardeningSarifFile>";
            var items = "";
            if (s.SharedCompose)
            {
                // the overlay's name matches none of the default globs: it is checked only as part of the compose project
                File.WriteAllText(Path.Combine(dir, "overlay.local.yml"), Overlay);
                items = $"<HardeningComposeProject Include=\"{Path.GetRelativePath(dir, sharedComposePath)}\" Overlays=\"overlay.local.yml\" />";
            }
            File.WriteAllText(ProjectFile(s), ProjectXml(s.Kind, properties, items));
            solution.Append($"  <Project Path=\"{Path.GetRelativePath(root, ProjectFile(s))}\" />\n");
        }
        File.WriteAllText(Path.Combine(root, SolutionName), solution + "</Solution>\n");

        // two more projects, given the SAME HardeningSarifFile (a user error), restored with the others
        var duplicates = new System.Text.StringBuilder("<Solution>\n");
        foreach (var (name, image) in new[] { ("dup-a", "nginx:latest"), ("dup-b", "redis:latest") })
        {
            var dir = Path.Combine(root, "dup", name);
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "docker-compose.yml"), $"services:\n  app:\n    image: {image}\n");
            File.WriteAllText(Path.Combine(dir, name + ".csproj"),
                ProjectXml(ConsumerKind.NoTargets, "<HardeningSarifFile>../../artifacts/same.sarif</HardeningSarifFile>", ""));
            duplicates.Append($"  <Project Path=\"dup/{name}/{name}.csproj\" />\n");
        }
        File.WriteAllText(Path.Combine(root, "dup", ".editorconfig"),
            "root = true\n\n[*]\ndotnet_analyzer_diagnostic.severity = none\ndotnet_diagnostic.HRD001.severity = warning\n");
        File.WriteAllText(Path.Combine(root, "dup.slnx"), duplicates + "</Solution>\n");
        File.WriteAllText(Path.Combine(root, "all.slnx"),
            solution.ToString() + duplicates.ToString().Replace("<Solution>\n", "") + "</Solution>\n");
    }

    private static string ProjectXml(ConsumerKind kind, string properties, string items) =>
        $"<Project Sdk=\"{(kind == ConsumerKind.Sdk ? "Microsoft.NET.Sdk" : "Microsoft.Build.NoTargets/3.7.0")}\">\n" +
        $"  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n    {properties}\n  </PropertyGroup>\n" +
        $"  <ItemGroup>\n    <PackageReference Include=\"HardeningTasks\" Version=\"{Ws.Version}\" PrivateAssets=\"all\" />\n    {items}\n  </ItemGroup>\n</Project>\n";

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    // ---- the builds ----------------------------------------------------------------------------------------------

    /// <summary>Environment of every build here: .NET's HttpClient (and so anything built on it, NuGet included) sends
    /// all http and https requests to the proxy these variables name, for every host (NO_PROXY emptied).</summary>
    private Dictionary<string, string> ProxyEnvironment()
    {
        var url = $"http://127.0.0.1:{((IPEndPoint)proxy!.LocalEndpoint).Port}";
        return new Dictionary<string, string>
        {
            ["HTTP_PROXY"] = url, ["HTTPS_PROXY"] = url, ["ALL_PROXY"] = url,
            ["http_proxy"] = url, ["https_proxy"] = url, ["all_proxy"] = url,
            ["NO_PROXY"] = "", ["no_proxy"] = "",
        };
    }

    private void StartProxy()
    {
        proxy = new TcpListener(IPAddress.Loopback, 0);
        proxy.Start();
        proxyStop = new CancellationTokenSource();
        var token = proxyStop.Token;
        proxyLoop = System.Threading.Tasks.Task.Run(async () =>
        {
            while (!token.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await proxy.AcceptTcpClientAsync(token); }
                catch (Exception) { return; }
                using (client)
                {
                    // the request line says who asked for what (CONNECT host:443, GET http://host/...)
                    var buffer = new byte[512];
                    var read = 0;
                    try
                    {
                        client.ReceiveTimeout = 2000;
                        read = client.GetStream().Read(buffer, 0, buffer.Length);
                    }
                    catch (IOException) { }
                    var text = System.Text.Encoding.ASCII.GetString(buffer, 0, read);
                    proxyConnections.Enqueue(client.Client.RemoteEndPoint + ": " + text.Split('\n')[0].Trim());
                }
            }
        });
    }

    /// <summary>The state a fresh clone has after the shared restore: each project's obj/ holds only NuGet's restore files.</summary>
    private void Clean()
    {
        foreach (var s in Specs)
        {
            var dir = ProjectDirectory(s);
            if (Directory.Exists(Path.Combine(dir, "bin"))) Directory.Delete(Path.Combine(dir, "bin"), recursive: true);
            var obj = Path.Combine(dir, "obj");
            foreach (var sub in Directory.GetDirectories(obj)) Directory.Delete(sub, recursive: true);
            foreach (var file in Directory.GetFiles(obj))
                if (!IsRestoreOutput(Path.GetFileName(file))) File.Delete(file);
            if (s.Sarif != null && File.Exists(SarifPath(s))) File.Delete(SarifPath(s));
        }
    }

    private static bool IsRestoreOutput(string fileName) =>
        fileName == "project.assets.json" || fileName == "project.nuget.cache" || fileName.Contains(".nuget.", StringComparison.Ordinal);

    private void Build(string label, bool clean)
    {
        if (clean) Clean();
        var before = Snapshot();
        var watch = Stopwatch.StartNew();
        var nodes = label.StartsWith("-m:1", StringComparison.Ordinal) ? "-m:1" : "-m";
        var result = Ws.Dotnet(root, ProxyEnvironment(), "build", SolutionName, "--no-restore", "-tl:off", "-nologo", nodes);
        watch.Stop();
        var caches = Specs.ToDictionary(s => s.Name, s => File.Exists(CachePath(s)) ? File.ReadAllText(CachePath(s)) : "<missing>");
        foreach (var s in Specs.Where(s => s.Sarif != null))
            caches[s.Name + " (SARIF log)"] = File.Exists(SarifPath(s)) ? File.ReadAllText(SarifPath(s)) : "<missing>";
        runs.Add(new Run(label, result, watch.Elapsed, before, Snapshot(), caches));
    }

    // ---- snapshots -----------------------------------------------------------------------------------------------

    /// <summary>Every file (size and last write time) and folder under the solution folder and the NuGet packages
    /// folder the builds load the package from. A folder's own timestamp is left out: it changes whenever an entry
    /// is added or removed below it, the temporary file of an atomic write included.</summary>
    private Dictionary<string, string> Snapshot()
    {
        var snapshot = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var top in new[] { root, Ws.Packages, Ws.Feed })
        {
            snapshot[top] = "dir";
            foreach (var entry in new DirectoryInfo(top).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
                snapshot[entry.FullName] = entry is FileInfo f ? $"{f.Length} bytes, {f.LastWriteTimeUtc:O}" : "dir";
        }
        return snapshot;
    }

    private static IEnumerable<string> Changes(Run run) =>
        run.After.Where(a => !run.Before.TryGetValue(a.Key, out var b) || b != a.Value).Select(a => a.Key)
            .Concat(run.Before.Keys.Where(k => !run.After.ContainsKey(k)))
            .OrderBy(p => p, StringComparer.Ordinal);

    /// <summary>Where a build may write: each project's obj/, bin/ for a Microsoft.NET.Sdk project (the class
    /// library's own output, the SDK's doing), empty folders in a NoTargets project's bin/, the SARIF paths asked for
    /// and the folders that hold them.</summary>
    private bool IsAllowedWrite(string path)
    {
        foreach (var s in Specs)
        {
            var dir = ProjectDirectory(s);
            if (IsUnder(path, Path.Combine(dir, "obj"))) return true;
            if (s.Kind == ConsumerKind.Sdk && IsUnder(path, Path.Combine(dir, "bin"))) return true;
            // Microsoft.Build.NoTargets creates the (empty) output folder bin/Debug/net10.0 and puts nothing in it
            if (s.Kind == ConsumerKind.NoTargets && IsUnder(path, Path.Combine(dir, "bin")) && Directory.Exists(path)) return true;
            if (s.Sarif != null)
            {
                var sarif = SarifPath(s);
                if (path == sarif) return true;
                for (var d = Path.GetDirectoryName(sarif); d != null && d.Length > root.Length; d = Path.GetDirectoryName(d))
                    if (path == d) return true;
            }
        }
        return false;
    }

    private static bool IsUnder(string path, string folder) =>
        path == folder || path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    // ---- findings --------------------------------------------------------------------------------------------------

    private static readonly Regex ProjectSuffix = new(@" \[(?<project>[^\]]+)\]$");

    /// <summary>The HRD lines of a build, per project file, in the order they were logged.</summary>
    private static Dictionary<string, List<string>> ByProject(DotnetResult result) =>
        result.HardeningLines.GroupBy(l => ProjectSuffix.Match(l).Groups["project"].Value)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

    private string Line(Spec s, string file, int line, int column, string id, string severity, AnalysisRequest request)
    {
        var result = Engine.Analyze(request);
        var finding = result.Findings.FirstOrDefault(f => f.RuleId == id && f.Location.FilePath == file && f.Location.Line == line && f.Location.Column == column);
        Assert.That(finding, Is.Not.Null, $"the engine reports no {id} at {file}({line},{column}): " + string.Join("; ", result.Findings));
        return $"{file}({line},{column}): {severity} {id}: {finding!.Message} [{ProjectFile(s)}]";
    }

    private Run R(string label) => runs.Single(r => r.Label == label);

    [Test]
    public void EveryProjectWasCheckedAndReportedInEveryBuild()
    {
        Assert.Multiple(() =>
        {
            foreach (var run in runs)
            {
                var result = run.Result;
                // p14's malformed YAML is an HRD000 error and team-a escalates HRD001: the builds fail, alike
                Assert.That(result.ExitCode, Is.EqualTo(1), run.Label + "\n" + result);
                Assert.That(result.Output, Does.Not.Contain("MSB4018").And.Not.Contain("MSB4181").And.Not.Contain("MSB4062").And.Not.Contain("IOException"), run.Label + "\n" + result);
                Assert.That(run.Caches.Where(c => c.Value == "<missing>").Select(c => c.Key), Is.Empty, run.Label + ": projects without a findings cache");
                var reported = ByProject(result).Keys.ToHashSet();
                // team-b turns HRD001 off, but its stacks have other findings: every project reports something
                Assert.That(Specs.Select(ProjectFile).Where(p => !reported.Contains(p)), Is.Empty, run.Label + ": projects that reported nothing\n" + result);
            }
        });
    }

    [Test]
    public void ParallelBuildReportsTheSameFindingsInTheSameOrderAsOneAtATime()
    {
        var serial = ByProject(R("-m:1").Result);
        Assert.That(serial.Values.Sum(l => l.Count), Is.GreaterThan(40), "the stacks are realistic: many findings");
        foreach (var label in new[] { "-m", "-m (no-op)" })
        {
            var parallel = ByProject(R(label).Result);
            Assert.Multiple(() =>
            {
                Assert.That(parallel.Keys.OrderBy(k => k, StringComparer.Ordinal), Is.EqualTo(serial.Keys.OrderBy(k => k, StringComparer.Ordinal)), label);
                foreach (var (project, lines) in serial)
                    Assert.That(parallel.GetValueOrDefault(project), Is.EqualTo(lines), $"{label}: the findings of {project}, in order");
                // what each project stored (suggestions included) and each SARIF log is byte for byte what the one-at-a-time build wrote
                foreach (var (project, cache) in R("-m:1").Caches)
                    Assert.That(R(label).Caches[project], Is.EqualTo(cache), $"{label}: the findings cache or SARIF log of {project}");
            });
        }
    }

    /// <summary>The lines the engine gives for the same request, warnings and errors, in its order, as the console shows them.</summary>
    private List<string> EngineLines(Spec s, AnalysisRequest request) =>
        Engine.Analyze(request).Findings.Where(f => f.Severity is Core.Model.Severity.Warning or Core.Model.Severity.Error)
            .Select(f => $"{f.Location.FilePath}({f.Location.Line},{f.Location.Column}): {(f.Severity == Core.Model.Severity.Error ? "error" : "warning")} {f.RuleId}: {f.Message} [{ProjectFile(s)}]")
            .ToList();

    private AnalysisRequest Files(Spec s, params string[] relative) => new()
    {
        ProjectDirectory = ProjectDirectory(s),
        Files = relative.Select(r => new InputFile(Path.Combine(ProjectDirectory(s), r), InputKind.Compose)).ToList(),
    };

    [Test]
    public void KnownFindingsAtKnownLines()
    {
        var p13 = Specs.Single(s => s.Name == "p13");
        var p14 = Specs.Single(s => s.Name == "p14");
        var latest = Line(p13, Path.Combine(ProjectDirectory(p13), "docker-compose.yml"), 3, 12, "HRD001", "warning", Files(p13, "docker-compose.yml"));
        var malformed = Line(p14, Path.Combine(ProjectDirectory(p14), "sub", "compose.yaml"), 4, 1, "HRD000", "error", Files(p14, "docker-compose.yml", "sub/compose.yaml"));
        // p13 and p14 hold only files of ours: their whole output is known, in order
        var exact = new Dictionary<Spec, List<string>>
        {
            [p13] = EngineLines(p13, Files(p13, "docker-compose.yml")),
            [p14] = EngineLines(p14, Files(p14, "docker-compose.yml", "sub/compose.yaml")),
        };
        Assert.That(exact[p13], Does.Contain(latest));
        Assert.That(exact[p14], Does.Contain(malformed).And.Contain(
            Line(p14, Path.Combine(ProjectDirectory(p14), "docker-compose.yml"), 3, 12, "HRD001", "warning", Files(p14, "docker-compose.yml", "sub/compose.yaml"))));
        // the shared file is below the solution folder's .editorconfig only, so HRD001 there is a warning for every
        // project that checks it: team-a's (whose own files get it as an error) and team-b's (which turns it off for its own)
        var shared = Specs.Where(s => s.SharedCompose).ToDictionary(s => s, s => Line(s, sharedComposePath, 3, 12, "HRD001", "warning", new AnalysisRequest
        {
            ProjectDirectory = ProjectDirectory(s),
            ComposeProjects = new[] { new ComposeProjectSpec(sharedComposePath, new[] { Path.Combine(ProjectDirectory(s), "overlay.local.yml") }) },
        }));

        Assert.Multiple(() =>
        {
            foreach (var run in runs)
            {
                var byProject = ByProject(run.Result);
                foreach (var (s, lines) in exact)
                    Assert.That(byProject.GetValueOrDefault(ProjectFile(s)), Is.EqualTo(lines), $"{run.Label}: {s.Name}");
                foreach (var (s, line) in shared)
                    Assert.That(byProject.GetValueOrDefault(ProjectFile(s)), Does.Contain(line), $"{run.Label}: {s.Name}");
                // team-a's .editorconfig escalates HRD001 in its own yml files ([*.{yml,yaml}]): errors there, warnings in its Dockerfiles
                var teamA = Specs.Where(s => s.Folder == "team-a").SelectMany(s => byProject[ProjectFile(s)]).Where(l => l.Contains(" HRD001: ")).ToList();
                var teamAFolder = Path.Combine(root, "team-a") + Path.DirectorySeparatorChar;
                bool IsTeamAYaml(string l) => l.StartsWith(teamAFolder, StringComparison.Ordinal) && Regex.IsMatch(l, @"^[^(]*\.ya?ml\(");
                Assert.That(teamA.Where(IsTeamAYaml), Is.Not.Empty.And.All.Contains(": error HRD001: "), run.Label);
                Assert.That(teamA.Where(l => !IsTeamAYaml(l)), Is.Not.Empty.And.All.Contains(": warning HRD001: "), run.Label);
                foreach (var s in Specs.Where(s => s.Folder == "team-b"))
                    Assert.That(byProject[ProjectFile(s)].Where(l => l.Contains(" HRD001: ") && !l.StartsWith(sharedComposePath, StringComparison.Ordinal)), Is.Empty,
                        "team-b's .editorconfig turns HRD001 off for its own files");
            }
        });
    }

    [Test]
    public void NothingIsWrittenOutsideObjBinAndTheSarifPathsAskedFor()
    {
        Assert.Multiple(() =>
        {
            foreach (var run in runs)
            {
                var changes = Changes(run).ToList();
                Assert.That(changes.Where(p => !IsAllowedWrite(p)), Is.Empty, run.Label + ": written outside the projects' obj/ (and an SDK project's bin/)");
                Assert.That(changes.Where(p => p.StartsWith(Ws.Packages, StringComparison.Ordinal) || p.StartsWith(Ws.Feed, StringComparison.Ordinal)), Is.Empty,
                    run.Label + ": the NuGet packages folder is read only");
                Assert.That(changes.Where(p => p.EndsWith(".tmp", StringComparison.Ordinal)), Is.Empty, run.Label + ": temporary files of the atomic writes are gone");
                foreach (var shared in new[] { sharedComposePath, Path.Combine(root, ".editorconfig"), Path.Combine(root, "team-a", ".editorconfig"), Path.Combine(root, "team-b", ".editorconfig") })
                    Assert.That(run.After[shared], Is.EqualTo(run.Before[shared]), run.Label + ": a shared input was written: " + shared);
                // the package's own files go to obj/hardening/, nowhere else in obj/
                foreach (var s in Specs)
                {
                    var hardening = changes.Where(p => Path.GetFileName(p).StartsWith(s.Name + ".csproj.", StringComparison.Ordinal)
                                                       && (p.EndsWith(".findings.tsv") || p.EndsWith(".inputs.txt") || p.EndsWith(".absent.txt") || p.EndsWith(".options.hash")));
                    Assert.That(hardening.Where(p => Path.GetDirectoryName(p) != Path.Combine(ProjectDirectory(s), "obj", "hardening")), Is.Empty, run.Label);
                }
            }
            foreach (var s in Specs.Where(s => s.Sarif != null))
            {
                Assert.That(File.Exists(SarifPath(s)), Is.True, "SARIF log of " + s.Name);
                }
            // the two projects that check the shared compose file stored it each in their own obj/
            foreach (var s in Specs.Where(s => s.SharedCompose))
                Assert.That(R("-m").Caches[s.Name], Does.Contain("\t" + sharedComposePath + "\t3\t12\t"), s.Name);
        });
    }

    [Test]
    public void NoOpParallelBuildScansNothingAgain()
    {
        var noOp = R("-m (no-op)");
        var rewritten = Changes(noOp).Where(p => p.Contains(Path.DirectorySeparatorChar + "hardening" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                                                 || Specs.Any(s => s.Sarif != null && p == SarifPath(s))).ToList();
        Assert.That(rewritten, Is.Empty, "the second -m build replays every cache and writes none of the check's files");
    }

    /// <summary>
    /// What this proves: no process of the build — the dotnet CLI, the MSBuild nodes, the check running inside them —
    /// made an HTTP or HTTPS request through .NET's HttpClient stack (HttpClient, and WebRequest/WebClient built on it),
    /// which sends every request to the proxy that HTTP_PROXY/HTTPS_PROXY/ALL_PROXY name (the control test shows a
    /// request from an MSBuild task reaching this very proxy). It does not see a raw socket or a DNS lookup that
    /// bypasses proxies: <see cref="TheTaskAssembliesReferenceNoNetworkingApi"/> covers those statically.
    /// </summary>
    [Test]
    public void NoBuildMadeAnHttpRequest()
    {
        Assert.That(runs, Has.Count.EqualTo(3));
        Assert.That(buildConnections, Is.Empty, "connections to the recording proxy during the builds");
    }

    /// <summary>The control for <see cref="NoBuildMadeAnHttpRequest"/>: MSBuild's own DownloadFile task (HttpClient)
    /// run by the same dotnet, with the same environment, does reach the recording proxy.</summary>
    [Test]
    public void ControlAnHttpRequestFromAnMsbuildTaskReachesTheRecordingProxy()
    {
        var dir = Path.Combine(Ws.Root, "proxy-control");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "control.proj"),
            "<Project>\n  <Target Name=\"Build\">\n" +
            "    <DownloadFile SourceUrl=\"http://hardening-proxy-control.invalid/file.txt\" DestinationFolder=\"$(MSBuildThisFileDirectory)out\" ContinueOnError=\"true\" />\n" +
            "  </Target>\n</Project>\n");
        var before = proxyConnections.Count;
        var result = Ws.Dotnet(dir, ProxyEnvironment(), "msbuild", "control.proj", "-tl:off", "-nologo");
        Assert.That(proxyConnections.Skip(before), Has.Some.Contains("hardening-proxy-control.invalid"), result.ToString());
    }

    /// <summary>
    /// Statically: HardeningTasks.dll and HardeningTasks.Core.dll as packed (both task folders) reference no
    /// System.Net.* assembly and no type in a System.Net namespace (HttpClient, WebClient, WebRequest, Dns, Socket,
    /// TcpClient, IPAddress…); on .NET Framework those types live in System.dll, so the type references are the real
    /// check there. Not covered: reflection over a type name given as a string (there is none: no System.Net anywhere
    /// in the sources) and YamlDotNet, a third-party parser that is also checked for the same.
    /// </summary>
    [Test]
    public void TheTaskAssembliesReferenceNoNetworkingApi()
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(Ws.PackagePath);
        var checkedAssemblies = new List<string>();
        Assert.Multiple(() =>
        {
            foreach (var tfm in new[] { "net8.0", "net472" })
                foreach (var dll in new[] { "HardeningTasks.dll", "HardeningTasks.Core.dll", "YamlDotNet.dll" })
                {
                    var entry = zip.GetEntry($"tasks/{tfm}/{dll}");
                    Assert.That(entry, Is.Not.Null, $"tasks/{tfm}/{dll}");
                    if (entry == null) continue;
                    using var memory = new MemoryStream();
                    using (var stream = entry.Open()) stream.CopyTo(memory);
                    memory.Position = 0;
                    using var pe = new System.Reflection.PortableExecutable.PEReader(memory);
                    var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
                    var assemblies = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToList();
                    var types = md.TypeReferences.Select(h => md.GetTypeReference(h))
                        .Select(t => md.GetString(t.Namespace) + "." + md.GetString(t.Name)).ToList();
                    Assert.That(assemblies, Is.Not.Empty);
                    Assert.That(types, Has.Some.StartsWith("System."), "the type references were read");
                    Assert.That(assemblies.Where(a => a.StartsWith("System.Net", StringComparison.Ordinal)), Is.Empty, $"{tfm}/{dll} assembly references");
                    Assert.That(types.Where(t => t.StartsWith("System.Net.", StringComparison.Ordinal)), Is.Empty, $"{tfm}/{dll} type references");
                    checkedAssemblies.Add($"{tfm}/{dll}");
                }
        });
        Assert.That(checkedAssemblies, Has.Count.EqualTo(6));
    }

    /// <summary>
    /// Two projects given one HardeningSarifFile is a user error (each build replaces the log: the last one wins), but
    /// built in parallel it must not break the build: each writes a temporary file and renames it over the log, so no
    /// sharing violation (an IOException that used to become HRD000), the log is whole, and it is one project's log.
    /// </summary>
    [Test]
    public void TwoProjectsGivenTheSameSarifFileDoNotBreakAParallelBuild()
    {
        // One build: whether the two writes overlap in time is up to the scheduler; the unit test
        // ConcurrentScansWritingOneSarifPathAndOneCacheNeitherFailNorTear makes them overlap on purpose.
        var sarif = Path.Combine(root, "artifacts", "same.sarif");
        {
            foreach (var name in new[] { "dup-a", "dup-b" })
            {
                var obj = Path.Combine(root, "dup", name, "obj");
                foreach (var sub in Directory.GetDirectories(obj)) Directory.Delete(sub, recursive: true);
            }
            if (File.Exists(sarif)) File.Delete(sarif);
            var connections = proxyConnections.Count;
            var result = Ws.Dotnet(root, ProxyEnvironment(), "build", "dup.slnx", "--no-restore", "-tl:off", "-nologo", "-m");
            Assert.That(proxyConnections.Skip(connections), Is.Empty, "connections to the recording proxy");
            Assert.Multiple(() =>
            {
                Assert.That(result.ExitCode, Is.Zero, result.ToString());
                Assert.That(result.Output, Does.Not.Contain("MSB4018").And.Not.Contain("HRD000").And.Not.Contain("IOException"), result.ToString());
                Assert.That(result.HardeningLines, Has.Count.EqualTo(2), "each project still reports its own finding");
            });
            using var log = JsonDocument.Parse(File.ReadAllText(sarif));
            var messages = log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
                .Select(r => r.GetProperty("message").GetProperty("text").GetString()!).ToList();
            Assert.That(messages, Has.Count.EqualTo(1));
            Assert.That(messages[0], Does.Contain("nginx:latest").Or.Contain("redis:latest"));
        }
        Assert.That(Directory.GetFiles(Path.Combine(root, "artifacts"), "*.tmp"), Is.Empty);
    }
}
