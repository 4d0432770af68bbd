using System.Diagnostics;
using System.Text;
using HardeningTasks.Core.Reporting;

namespace HardeningTasks.Core.Tests.Reporting;

/// <summary>
/// Microsoft's SARIF Multitool validates a log of real engine findings against the SARIF rules and GitHub's ingestion
/// rules (<c>--rule-kind "Gh;Sarif"</c>). It is installed from npm once into a cache folder under the temp directory.
/// The test is skipped only when npm is not on PATH; a failed install fails it.
/// </summary>
[Category("External")]
public class SarifMultitoolTests
{
    private const string MultitoolVersion = "5.7.0";

    [Test]
    public void EngineLog_PassesSarifAndGitHubValidation()
    {
        var npm = FindOnPath(OperatingSystem.IsWindows() ? "npm.cmd" : "npm");
        if (npm == null) Assert.Ignore("npm is not on PATH, so Microsoft's SARIF Multitool cannot be installed; this validation did not run.");
        var multitool = InstallMultitool(npm!);

        var root = Path.Combine(Path.GetTempPath(), "hardening-sarif-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            var findings = SarifSampleStack.Analyze(root);
            Assert.That(findings.Select(f => f.Severity).Distinct().Count(), Is.GreaterThanOrEqualTo(3), "errors, warnings and suggestions are all validated");
            var log = Path.Combine(root, "hardening.sarif");
            using (var stream = File.Create(log))
                SarifWriter.Write(stream, findings, new SarifOptions { RootDirectory = root, ToolVersion = "1.0.0" });

            var (exit, output) = Run(multitool, "validate", "--rule-kind", "Gh;Sarif", log);
            TestContext.Out.WriteLine(output);
            Assert.That(output, Does.Contain("1 files scanned"), "the validator ran on the log");
            Assert.That(output.Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)), Is.Empty, output);
            Assert.That(exit, Is.EqualTo(0), output);

            // The same log without a rule's help text breaks a GitHub rule: proves the validation above can fail.
            var broken = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(log))!;
            broken["runs"]![0]!["tool"]!["driver"]!["rules"]![0]!.AsObject().Remove("help");
            File.WriteAllText(log, broken.ToJsonString());
            var (_, brokenOutput) = Run(multitool, "validate", "--rule-kind", "Gh;Sarif", log);
            Assert.That(brokenOutput, Does.Contain("error GH2012"), brokenOutput);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string InstallMultitool(string npm)
    {
        var prefix = Path.Combine(Path.GetTempPath(), "hardening-tools", "sarif-multitool-" + MultitoolVersion);
        var platform = OperatingSystem.IsWindows() ? "win32" : OperatingSystem.IsMacOS() ? "darwin" : "linux";
        var binary = Path.Combine(prefix, "node_modules", "@microsoft", "sarif-multitool-" + platform, OperatingSystem.IsWindows() ? "Sarif.Multitool.exe" : "Sarif.Multitool");
        if (!File.Exists(binary))
        {
            Directory.CreateDirectory(prefix);
            var (exit, output) = Run(npm, "install", "--no-audit", "--no-fund", "--no-save", "--prefix", prefix, "@microsoft/sarif-multitool@" + MultitoolVersion);
            Assert.That(exit, Is.EqualTo(0), "npm install @microsoft/sarif-multitool@" + MultitoolVersion + " failed:\n" + output);
            Assert.That(File.Exists(binary), Is.True, "npm installed no " + binary + ":\n" + output);
        }
        // npm 11 does not run the package's postinstall (chmod u+x) unless its scripts are allowed.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(binary, File.GetUnixFileMode(binary) | UnixFileMode.UserExecute);
        return binary;
    }

    private static (int Exit, string Output) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var output = new StringBuilder();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.Append(e.Data).Append('\n'); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.Append(e.Data).Append('\n'); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit((int)TimeSpan.FromMinutes(5).TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', args)} did not finish in 5 minutes:\n{output}");
        }
        process.WaitForExit();
        lock (output) return (process.ExitCode, output.ToString());
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
