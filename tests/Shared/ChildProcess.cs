using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using NUnit.Framework;

namespace HardeningTasks.Tests.Shared;

/// <summary>What a child process of a test printed: standard output and error apart, and both interleaved as they came.</summary>
public sealed record ChildProcessResult(string CommandLine, int ExitCode, string Stdout, string Stderr, string Output);

/// <summary>
/// Runs the child processes of the tests (dotnet builds, the CLI, npm, the SARIF Multitool): output captured, a test
/// failed (and the process tree killed) after five minutes instead of hanging the suite. Compiled into every test
/// project from this one file.
/// </summary>
public static class ChildProcess
{
    /// <summary>Removes what <c>dotnet test</c> leaves in its children's environment (the MSBuild variables of its own
    /// build, the test host's) and makes the .NET CLI quiet, English and free of build servers, as CI runs it.</summary>
    public static void UseCleanDotnetEnvironment(ProcessStartInfo psi)
    {
        foreach (var key in psi.Environment.Keys.ToList())
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase))
                psi.Environment.Remove(key);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        psi.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
    }

    /// <summary>The full path of a program on PATH, or null.</summary>
    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => System.IO.Path.Combine(dir, name))
            .FirstOrDefault(System.IO.File.Exists);

    public static ChildProcessResult Run(ProcessStartInfo psi, IReadOnlyDictionary<string, string>? environment = null)
    {
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) psi.Environment[key] = value;
        var commandLine = psi.FileName + " " + string.Join(' ', psi.ArgumentList);

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var output = new StringBuilder();
        void Append(StringBuilder own, string? line)
        {
            if (line == null) return;
            lock (output)
            {
                own.Append(line).Append('\n');
                output.Append(line).Append('\n');
            }
        }
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit((int)TimeSpan.FromMinutes(5).TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            lock (output) Assert.Fail($"{commandLine} did not finish in 5 minutes:\n{output}");
        }
        process.WaitForExit();
        lock (output) return new ChildProcessResult(commandLine, process.ExitCode, stdout.ToString(), stderr.ToString(), output.ToString());
    }
}
