using System.IO.Compression;
using HardeningTasks.Core;

namespace HardeningTasks.IntegrationTests.Integration;

/// <summary>Which SDK a consumer project uses.</summary>
public enum ConsumerKind
{
    /// <summary>An infra project: Microsoft.Build.NoTargets/3.7.0, net10.0.</summary>
    NoTargets,

    /// <summary>A plain Microsoft.NET.Sdk class library, net10.0.</summary>
    Sdk,

    /// <summary>A Microsoft.NET.Sdk class library with TargetFrameworks net8.0;net10.0.</summary>
    MultiTargeted,
}

/// <summary>A consumer project: its SDK, extra project XML, and its files (relative path → text).</summary>
public sealed record ConsumerSpec(string Name, ConsumerKind Kind, string Properties, string Items, IReadOnlyDictionary<string, string> Files);

/// <summary>A consumer project on disk, restored against the package under test.</summary>
public sealed class Consumer
{
    private readonly Workspace workspace;

    public Consumer(Workspace workspace, ConsumerSpec spec)
    {
        this.workspace = workspace;
        Spec = spec;
        Directory = Path.Combine(workspace.Root, "consumers", spec.Name);
        ProjectFile = Path.Combine(Directory, spec.Name + ".csproj");
    }

    public ConsumerSpec Spec { get; }
    public Workspace Workspace => workspace;
    public string Directory { get; }
    public string ProjectFile { get; }

    public string PathOf(string relative) => Path.Combine(Directory, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The findings cache the scan target writes: its timestamp changes only when the scan runs.</summary>
    public string FindingsCache => Path.Combine(Directory, "obj", "hardening", Path.GetFileName(ProjectFile) + ".findings.tsv");

    /// <summary><c>dotnet build --no-restore -tl:off -nologo</c> (the restore was shared) plus <paramref name="args"/>.</summary>
    public DotnetResult Build(params string[] args) =>
        workspace.Dotnet(Directory, new[] { "build", ProjectFile, "--no-restore", "-tl:off", "-nologo" }.Concat(args).ToArray());

    public DotnetResult Msbuild(params string[] args) =>
        workspace.Dotnet(Directory, new[] { "msbuild", ProjectFile, "-tl:off", "-nologo" }.Concat(args).ToArray());

    /// <summary>The exact console line of a finding: full path, (line,col), severity, code, the engine's message and the project.
    /// The message comes from running the engine on the same file, so the line/column and the code are asserted here and
    /// the wording stays the rule's.</summary>
    /// <param name="request">The request the package should build from the project (default: just this file).</param>
    public string Line(string relativeFile, int line, int column, string id, string severity, AnalysisRequest? request = null)
    {
        var path = PathOf(relativeFile);
        var kind = InputClassifier.Classify(path) ?? InputKind.Compose;
        var result = Engine.Analyze(request ?? new AnalysisRequest { ProjectDirectory = Directory, Files = new[] { new InputFile(path, kind) } });
        var finding = result.Findings.FirstOrDefault(f => f.RuleId == id && f.Location.FilePath == path && f.Location.Line == line && f.Location.Column == column);
        Assert.That(finding, Is.Not.Null,
            $"the engine reports no {id} at {relativeFile}({line},{column}); it reports: " + string.Join("; ", result.Findings));
        return $"{path}({line},{column}): {severity} {id}: {finding!.Message} [{ProjectFile}]";
    }

    public void Write(string relative, string text)
    {
        var path = PathOf(relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public string ProjectXml(string version)
    {
        var header = Spec.Kind switch
        {
            ConsumerKind.NoTargets => "<Project Sdk=\"Microsoft.Build.NoTargets/3.7.0\">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>",
            ConsumerKind.Sdk => "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>",
            _ => "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFrameworks>net8.0;net10.0</TargetFrameworks>",
        };
        return header + "\n    " + Spec.Properties + "\n  </PropertyGroup>\n  <ItemGroup>\n" +
               $"    <PackageReference Include=\"HardeningTasks\" Version=\"{version}\" PrivateAssets=\"all\" />\n    " +
               Spec.Items + "\n  </ItemGroup>\n</Project>\n";
    }
}

/// <summary>
/// The real package, packed once with a unique version into a temporary feed, and every consumer project restored
/// in one `dotnet restore` against it with a private NuGet packages folder (the machine's folder is only a read-only
/// fallback, so nothing of ours lands there and a stale copy can never be used).
/// </summary>
public sealed class Workspace
{
    private readonly Dictionary<string, string> environment;

    private Workspace(string root, string version)
    {
        Root = root;
        Version = version;
        Feed = Path.Combine(root, "feed");
        Packages = Path.Combine(root, "packages");
        environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Packages };
    }

    public string Root { get; }
    public string Version { get; }
    public string Feed { get; }
    public string Packages { get; }
    public string PackagePath => Path.Combine(Feed, $"HardeningTasks.{Version}.nupkg");
    public Dictionary<string, Consumer> Consumers { get; } = new(StringComparer.Ordinal);

    public DotnetResult Dotnet(string workingDirectory, params string[] args) => DotnetProcess.Run(workingDirectory, environment, args);

    /// <summary>As <see cref="Dotnet(string, string[])"/>, with more environment variables (e.g. a proxy that records connections).</summary>
    public DotnetResult Dotnet(string workingDirectory, IReadOnlyDictionary<string, string> extraEnvironment, params string[] args)
    {
        var merged = new Dictionary<string, string>(environment);
        foreach (var (key, value) in extraEnvironment) merged[key] = value;
        return DotnetProcess.Run(workingDirectory, merged, args);
    }

    public static Workspace Create(IEnumerable<ConsumerSpec> consumers)
    {
        // a package version of its own (NuGet caches by version). PackageVersion, not Version: the pack builds into the
        // repository's bin/ and obj/, which the other test assemblies use at the same time, and must leave the
        // assemblies as they are (the repository's VersionPrefix)
        var version = "1.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");
        var ws = new Workspace(TestPaths.NewTempDirectory("hrd-it"), version);
        Directory.CreateDirectory(ws.Feed);

        // isolate the consumers from anything above the temp folder
        File.WriteAllText(Path.Combine(ws.Root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(ws.Root, "Directory.Build.targets"), "<Project />\n");
        // The consumers test the machinery with HRD001 and HRD000: every other rule is off, so rules added later do
        // not change the exact lines asserted. A consumer's own .editorconfig is closer and still wins.
        File.WriteAllText(Path.Combine(ws.Root, ".editorconfig"),
            "root = true\n\n[*]\ndotnet_analyzer_diagnostic.severity = none\n" +
            "dotnet_diagnostic.HRD000.severity = error\ndotnet_diagnostic.HRD001.severity = warning\n" +
            "dotnet_diagnostic.HRD090.severity = warning\ndotnet_diagnostic.HRD091.severity = suggestion\n");
        var fallback = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(fallback)) fallback = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(ws.Root, "nuget.config"),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n" +
            "  <packageSources>\n    <clear />\n" +
            $"    <add key=\"under-test\" value=\"{ws.Feed}\" />\n" +
            "    <add key=\"nuget.org\" value=\"https://api.nuget.org/v3/index.json\" />\n  </packageSources>\n" +
            (Directory.Exists(fallback) ? $"  <fallbackPackageFolders>\n    <add key=\"machine\" value=\"{fallback}\" />\n  </fallbackPackageFolders>\n" : "") +
            "</configuration>\n");

        var pack = ws.Dotnet(TestPaths.RepositoryRoot, "pack", Path.Combine(TestPaths.RepositoryRoot, "src", "HardeningTasks", "HardeningTasks.csproj"),
            "-c", "Release", $"-p:PackageVersion={version}", "-o", ws.Feed, "-nologo", "-tl:off");
        Assert.That(pack.ExitCode, Is.Zero, pack.ToString());
        Assert.That(File.Exists(ws.PackagePath), Is.True, pack.ToString());

        var solution = new System.Text.StringBuilder("<Solution>\n");
        foreach (var spec in consumers)
        {
            var consumer = new Consumer(ws, spec);
            ws.Consumers.Add(spec.Name, consumer);
            Directory.CreateDirectory(consumer.Directory);
            File.WriteAllText(consumer.ProjectFile, consumer.ProjectXml(version));
            foreach (var (relative, text) in spec.Files) consumer.Write(relative, text);
            solution.Append($"  <Project Path=\"consumers/{spec.Name}/{Path.GetFileName(consumer.ProjectFile)}\" />\n");
        }
        solution.Append("</Solution>\n");
        File.WriteAllText(Path.Combine(ws.Root, "consumers.slnx"), solution.ToString());
        var restore = ws.Dotnet(ws.Root, "restore", "consumers.slnx", "-tl:off", "-nologo");
        Assert.That(restore.ExitCode, Is.Zero, restore.ToString());
        return ws;
    }

    /// <summary>The entries of the packed nupkg.</summary>
    public IReadOnlyList<string> PackageEntries()
    {
        using var zip = ZipFile.OpenRead(PackagePath);
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    public string Nuspec()
    {
        using var zip = ZipFile.OpenRead(PackagePath);
        using var reader = new StreamReader(zip.GetEntry("HardeningTasks.nuspec")!.Open());
        return reader.ReadToEnd();
    }
}
