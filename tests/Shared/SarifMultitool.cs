using System.Diagnostics;

namespace HardeningTasks.Tests.Shared;

/// <summary>
/// Microsoft's SARIF Multitool (npm <c>@microsoft/sarif-multitool</c>), installed from npm once into a cache folder under
/// the temp directory, validating a log against the SARIF rules and GitHub code scanning's ingestion rules
/// (<c>--rule-kind "Gh;Sarif"</c>). Its exit code is 0 whatever it finds, so <see cref="AssertValid"/> fails on any line
/// mentioning an error. Shared by the Core tests (engine logs) and the integration tests (logs of real builds): compiled
/// into both from this one file.
/// </summary>
public static class SarifMultitool
{
    public const string Version = "5.7.0";

    private static readonly object Gate = new();
    private static string? installed;

    /// <summary>The Multitool binary; the test is ignored (not passed) when npm is not on PATH, and fails when the install fails.</summary>
    public static string Require()
    {
        lock (Gate)
        {
            if (installed != null) return installed;
            var npm = ChildProcess.FindOnPath(OperatingSystem.IsWindows() ? "npm.cmd" : "npm");
            if (npm == null) Assert.Ignore("npm is not on PATH, so Microsoft's SARIF Multitool cannot be installed; this validation did not run.");
            return installed = Install(npm!);
        }
    }

    /// <summary>Runs <c>validate --rule-kind "Gh;Sarif"</c> on <paramref name="log"/>.</summary>
    public static (int Exit, string Output) Validate(string log) => Run(Require(), "validate", "--rule-kind", "Gh;Sarif", log);

    /// <summary>Validates <paramref name="log"/> and fails on any <c>error</c> line; returns the output.</summary>
    public static string AssertValid(string log)
    {
        var (exit, output) = Validate(log);
        TestContext.Out.WriteLine(output);
        Assert.That(output, Does.Contain("1 files scanned"), "the validator ran on the log");
        Assert.That(output.Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)), Is.Empty, output);
        Assert.That(exit, Is.EqualTo(0), output);
        return output;
    }

    private static string Install(string npm)
    {
        var prefix = Path.Combine(Path.GetTempPath(), "hardening-tools", "sarif-multitool-" + Version);
        var platform = OperatingSystem.IsWindows() ? "win32" : OperatingSystem.IsMacOS() ? "darwin" : "linux";
        var binary = Path.Combine(prefix, "node_modules", "@microsoft", "sarif-multitool-" + platform, OperatingSystem.IsWindows() ? "Sarif.Multitool.exe" : "Sarif.Multitool");
        if (!File.Exists(binary))
        {
            // Two test assemblies run at once and may both install: each installs into a folder of its own and renames it
            // into place, so neither ever runs a binary the other is still writing ("Text file busy").
            var staging = prefix + ".staging-" + Environment.ProcessId;
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            Directory.CreateDirectory(staging);
            var (exit, output) = Run(npm, "install", "--no-audit", "--no-fund", "--no-save", "--prefix", staging, "@microsoft/sarif-multitool@" + Version);
            Assert.That(exit, Is.EqualTo(0), "npm install @microsoft/sarif-multitool@" + Version + " failed:\n" + output);
            Assert.That(File.Exists(Path.Combine(staging, Path.GetRelativePath(prefix, binary))), Is.True, "npm installed no " + binary + ":\n" + output);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(prefix)!);
                if (Directory.Exists(prefix) && !File.Exists(binary)) Directory.Delete(prefix, recursive: true); // an interrupted install
                Directory.Move(staging, prefix);
            }
            catch (IOException) when (File.Exists(binary))
            {
                Directory.Delete(staging, recursive: true); // the other assembly's install won the rename
            }
        }
        // npm 11 does not run the package's postinstall (chmod u+x) unless its scripts are allowed.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(binary, File.GetUnixFileMode(binary) | UnixFileMode.UserExecute);
        return binary;
    }

    private static (int Exit, string Output) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var result = ChildProcess.Run(psi);
        return (result.ExitCode, result.Output);
    }
}
