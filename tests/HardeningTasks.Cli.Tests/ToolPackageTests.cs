namespace HardeningTasks.Cli.Tests;

/// <summary>
/// The packages are real .NET tools (.NET 10 RID-specific tool packages): packed from the tested builds into a private
/// feed, installed with <c>dotnet tool install --tool-path</c> (no other package source) and run through their
/// <c>hardening</c> command. HardeningTasks.Cli is a pointer package: on linux-x64 it installs HardeningTasks.Cli.linux-x64,
/// the Native AOT binary; on a platform with no native package, HardeningTasks.Cli.any, the framework-dependent build
/// (net8.0, rolling forward to this machine's runtime). Packed without a version of their own, so the native package
/// reuses the binary eng/test.sh published (a new version would compile it again for minutes).
/// </summary>
public class ToolPackageTests
{
    [Test]
    public void OnLinuxX64_InstallsTheNativeBinary()
    {
        var native = Cli.Native; // published and current, or the test says how
        using var work = Stack();
        var feed = work["feed"];
        Pack(work, feed, "-r", "linux-x64");
        Pack(work, feed);
        Assert.That(Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName), Has.Some.Match(@"^HardeningTasks\.Cli\.linux-x64\.[0-9].*\.nupkg$")
            .And.Some.Match(@"^HardeningTasks\.Cli\.[0-9].*\.nupkg$"));

        var command = Install(work, feed);
        var installed = new FileInfo(command).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? command;
        Assert.That(installed, Does.Contain("hardeningtasks.cli.linux-x64").And.EndsWith(Path.Combine("linux-x64", "hardening")), "the RID-specific package was installed");
        Assert.That(File.ReadAllBytes(installed).Take(4), Is.EqualTo(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }), "a native executable, not a managed dll");
        Assert.That(new FileInfo(installed).Length, Is.EqualTo(new FileInfo(native).Length), "the binary eng/test.sh published");

        // no DOTNET_ROOT: a native binary needs no runtime
        RunsAsHardening(work, command, new Dictionary<string, string>());
    }

    [Test]
    public void ElsewhereThanItsNativeRids_InstallsTheFrameworkDependentBuild()
    {
        using var work = Stack();
        var feed = work["feed"];
        Pack(work, feed, "-r", "any");
        // The shipped pointer names linux-x64 and any; this machine is linux-x64, so a pointer naming a native package
        // for another platform only stands in for "a machine with no native package" (the installer takes the first
        // listed RID this machine can run, and `any` runs anywhere).
        Pack(work, feed, "-p:ToolPackageRuntimeIdentifiers=\"win-arm64;any\"");

        var command = Install(work, feed);
        var package = Path.Combine(work["tools"], ".store", "hardeningtasks.cli");
        Assert.That(Directory.GetFiles(package, "hardening.dll", SearchOption.AllDirectories).Single(), Does.Contain("hardeningtasks.cli.any"),
            "the framework-dependent package was installed");
        RunsAsHardening(work, command, new Dictionary<string, string> { ["DOTNET_ROOT"] = DotnetRoot() });
    }

    private static TempTree Stack() =>
        new((".editorconfig", TempTree.Only("HRD001")), ("stack/docker-compose.yml", "services:\n  web:\n    image: nginx:latest\n"));

    private static void Pack(TempTree work, string feed, params string[] options)
    {
        var pack = Cli.Process(work.Root, "dotnet", new[] { "pack", Cli.Project, "--no-build", "-c", Cli.Configuration, "-p:NuspecOutputPath=" + work["nuspec"] + "/", "-o", feed, "-nologo" }
            .Concat(options).ToArray());
        Assert.That(pack.ExitCode, Is.EqualTo(0), pack.ToString());
    }

    private static string Install(TempTree work, string feed)
    {
        work.Write("nuget.config", $"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n    <clear />\n    <add key=\"feed\" value=\"{feed}\" />\n  </packageSources>\n</configuration>\n");
        var version = Path.GetFileNameWithoutExtension(Directory.GetFiles(feed, "HardeningTasks.Cli.*.nupkg")
            .Select(Path.GetFileName).Single(n => System.Text.RegularExpressions.Regex.IsMatch(n!, @"^HardeningTasks\.Cli\.[0-9]")))!["HardeningTasks.Cli.".Length..];
        var install = Cli.Process(work.Root, "dotnet", new[] { "tool", "install", "HardeningTasks.Cli", "--version", version, "--tool-path", work["tools"], "--configfile", work["nuget.config"] },
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = work["packages"] });
        Assert.That(install.ExitCode, Is.EqualTo(0), install.ToString());
        return Path.Combine(work["tools"], OperatingSystem.IsWindows() ? "hardening.exe" : "hardening");
    }

    private static void RunsAsHardening(TempTree work, string command, Dictionary<string, string> environment)
    {
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
