using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using HardeningTasks.Tests.Shared;

namespace HardeningTasks.IntegrationTests.Integration;

/// <summary>
/// The net472 task, the one Visual Studio's MSBuild loads, under test: the packed package's tasks/net472 assembly,
/// loaded by a .NET Framework 4.7.2 harness (tests/HardeningTasks.Net472Harness, its own IBuildEngine) running under
/// Mono, reports on the sample stack exactly what the net8.0 task reports in a real dotnet build. Mono missing is a
/// failure, not a skip: .ci/run installs it.
/// </summary>
[TestFixture]
[Category("Integration")]
public class Net472Tests
{
    private static readonly Regex BuildLine = new(@"^(?<file>.*)\((?<line>\d+),(?<col>\d+)\): (?<severity>warning|error) (?<code>HRD\d{3}): (?<message>.*) \[.*\]$");
    private static readonly Regex HarnessLine = new(@"^(?<severity>warning|error) (?<code>HRD\d{3}) (?<file>.*)\((?<line>\d+),(?<col>\d+)\): (?<message>.*)$");

    private static string Normalize(Match m) =>
        $"{m.Groups["file"].Value}({m.Groups["line"].Value},{m.Groups["col"].Value}): {m.Groups["severity"].Value} {m.Groups["code"].Value}: {m.Groups["message"].Value}";

    [Test]
    public void Net472TaskUnderMono_ReportsWhatTheNet80BuildReports()
    {
        var mono = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, "mono")).FirstOrDefault(File.Exists);
        Assert.That(mono, Is.Not.Null, "mono is not installed: .ci/run installs it (apt-get install mono-runtime); this test never skips");
        var harness = typeof(Net472Tests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "HardeningNet472Harness").Value!;
        Assert.That(File.Exists(harness), Is.True, harness + " is missing: build tests/HardeningTasks.Net472Harness first");

        var c = IntegrationSetup.Consumer("net472");
        var build = c.Build();
        Assert.That(build.ExitCode, Is.Zero, build.ToString());
        var expected = build.HardeningLines.Select(l => BuildLine.Match(l)).Where(m => m.Success).Select(Normalize).ToList();
        Assert.That(expected, Has.Count.GreaterThan(10), "the net8.0 build reports the sample's findings: " + build);

        var taskFolder = Path.Combine(IntegrationSetup.Workspace.Packages, "hardeningtasks", IntegrationSetup.Workspace.Version, "tasks", "net472");
        var inputs = Directory.EnumerateFiles(c.Directory, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) && (Path.GetFileName(f).StartsWith("docker-compose", StringComparison.Ordinal) || Path.GetFileName(f) == "Dockerfile"))
            .OrderBy(f => f, StringComparer.Ordinal).ToList();
        var psi = new ProcessStartInfo(mono!) { WorkingDirectory = c.Directory };
        foreach (var arg in new[] { harness, taskFolder, c.Directory }.Concat(inputs)) psi.ArgumentList.Add(arg);
        var run = ChildProcess.Run(psi, new Dictionary<string, string>());
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Stderr, Does.Contain("loaded " + Path.Combine(taskFolder, "HardeningTasks.dll")), "the package's net472 assembly ran: " + run);
        var actual = run.Stdout.Split('\n').Select(l => HarnessLine.Match(l.TrimEnd('\r'))).Where(m => m.Success).Select(Normalize).ToList();

        Assert.That(actual, Is.EqualTo(expected), run.ToString());
    }
}
