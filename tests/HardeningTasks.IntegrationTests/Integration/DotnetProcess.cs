using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace HardeningTasks.IntegrationTests.Integration;

/// <summary>The result of one <c>dotnet</c> process.</summary>
public sealed record DotnetResult(string CommandLine, int ExitCode, string Output)
{
    private static readonly Regex DiagnosticLine = new(@"^\s*(?:\d+(?::\d+)?>)?(?<line>\S.*?: (?:warning|error) HRD\d{3}: .*)$", RegexOptions.Multiline);

    /// <summary>The distinct HRD warning/error lines in the order they first appear (the classic logger repeats them in its summary),
    /// without the <c>1&gt;</c> node prefix of normal verbosity.</summary>
    public IReadOnlyList<string> HardeningLines =>
        DiagnosticLine.Matches(Output).Select(m => m.Groups["line"].Value.TrimEnd('\r')).Distinct().ToList();

    /// <summary>How many times the exact line was printed (the summary repeats each once more).</summary>
    public int Occurrences(string line) => Output.Split('\n').Count(l => l.TrimEnd('\r').EndsWith(line, StringComparison.Ordinal));

    public override string ToString() => $"$ {CommandLine}\n(exit {ExitCode})\n{Output}";
}

/// <summary>Runs real <c>dotnet</c> processes with a clean, private environment.</summary>
public static class DotnetProcess
{
    public static DotnetResult Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        // `dotnet test` leaves MSBuild variables of its own build in the environment; a child build must not inherit them.
        foreach (var key in psi.Environment.Keys.ToList())
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase) || key.Equals("NUGET_PACKAGES", StringComparison.OrdinalIgnoreCase))
                psi.Environment.Remove(key);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        psi.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        foreach (var (key, value) in environment) psi.Environment[key] = value;

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
            Assert.Fail($"dotnet {string.Join(' ', args)} did not finish in 5 minutes:\n{output}");
        }
        process.WaitForExit();
        lock (output)
            return new DotnetResult("dotnet " + string.Join(' ', args), process.ExitCode, output.ToString());
    }
}
