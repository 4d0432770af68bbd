namespace HardeningTasks.Cli.Tests;

/// <summary>
/// The package is a real .NET tool: packed from the tested build into a private feed, installed with
/// <c>dotnet tool install --tool-path</c> (no other package source) and run through its <c>hardening</c> command,
/// on whatever runtime this machine has (the tool targets net8.0 and rolls forward).
/// </summary>
public class ToolPackageTests
{
    [Test]
    public void PackedTool_InstallsAndRunsAsHardening()
    {
        using var work = new TempTree((".editorconfig", TempTree.Only("HRD001")), ("stack/docker-compose.yml", "services:\n  web:\n    image: nginx:latest\n"));
        var feed = work["feed"];
        var version = "0.0.0-test." + Guid.NewGuid().ToString("N")[..8];
        var pack = Cli.Process(work.Root, "dotnet", new[] { "pack", Cli.Project, "--no-build", "-c", Cli.Configuration, "-p:PackageVersion=" + version, "-p:NuspecOutputPath=" + work["nuspec"] + "/", "-o", feed, "-nologo" });
        Assert.That(pack.ExitCode, Is.EqualTo(0), pack.ToString());
        Assert.That(File.Exists(Path.Combine(feed, $"HardeningTasks.Cli.{version}.nupkg")), Is.True, pack.ToString());

        work.Write("nuget.config", $"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n    <clear />\n    <add key=\"feed\" value=\"{feed}\" />\n  </packageSources>\n</configuration>\n");
        var tools = work["tools"];
        var install = Cli.Process(work.Root, "dotnet", new[] { "tool", "install", "HardeningTasks.Cli", "--version", version, "--tool-path", tools, "--configfile", work["nuget.config"] },
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = work["packages"] });
        Assert.That(install.ExitCode, Is.EqualTo(0), install.ToString());

        var command = Path.Combine(tools, OperatingSystem.IsWindows() ? "hardening.exe" : "hardening");
        var environment = new Dictionary<string, string> { ["DOTNET_ROOT"] = DotnetRoot() };
        var run = Cli.Process(work["stack"], command, new[] { "check" }, environment);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Lines.Single(), Does.StartWith("docker-compose.yml(3,12): warning HRD001: Service 'web' uses image 'nginx:latest'"));
        Assert.That(Cli.Process(work.Root, command, new[] { "--version" }, environment).Stdout.Trim(), Is.Not.Empty);
    }

    private static string DotnetRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"))
            .First(File.Exists);
        var target = new FileInfo(onPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? onPath;
        return Path.GetDirectoryName(target)!;
    }
}
