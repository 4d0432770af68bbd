using System.Diagnostics;
using System.Text.RegularExpressions;
using HardeningTasks.Tests.Shared;

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
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory };
        foreach (var a in args) psi.ArgumentList.Add(a);
        ChildProcess.UseCleanDotnetEnvironment(psi);
        // Each workspace restores into its own package folder, set through `environment`, never the caller's.
        psi.Environment.Remove("NUGET_PACKAGES");
        var result = ChildProcess.Run(psi, environment);
        return new DotnetResult(result.CommandLine, result.ExitCode, result.Output);
    }
}
