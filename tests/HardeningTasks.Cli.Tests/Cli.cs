using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace HardeningTasks.Cli.Tests;

/// <summary>The result of one process: exit code, standard output and standard error kept apart.</summary>
public sealed record CliResult(string CommandLine, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The lines of standard output, without the empty one after the last line end.</summary>
    public IReadOnlyList<string> Lines => Stdout.Length == 0 ? Array.Empty<string>() : Stdout.TrimEnd('\n').Split('\n');

    public IReadOnlyList<string> ErrorLines => Stderr.Length == 0 ? Array.Empty<string>() : Stderr.TrimEnd('\n').Split('\n');

    public override string ToString() => $"$ {CommandLine}\n(exit {ExitCode})\n--- stdout\n{Stdout}--- stderr\n{Stderr}";
}

/// <summary>Runs the built tool as users do: <c>dotnet hardening.dll …</c>, in a clean environment.</summary>
public static class Cli
{
    private static string Metadata(string key) =>
        typeof(Cli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException("no assembly metadata " + key);

    /// <summary>The tool's own build output (built before the tests by the project reference).</summary>
    public static string Dll { get; } = Path.GetFullPath(Metadata("HardeningCliDll"));

    public static string Project { get; } = Path.GetFullPath(Metadata("HardeningCliProject"));

    public static string Configuration { get; } = Metadata("HardeningCliConfiguration");

    public static CliResult Run(string workingDirectory, params string[] args)
    {
        Assert.That(File.Exists(Dll), Is.True, $"{Dll} is missing: build src/HardeningTasks.Cli ({Configuration}) first");
        return Process(workingDirectory, "dotnet", new[] { Dll }.Concat(args).ToArray());
    }

    public static CliResult Process(string workingDirectory, string fileName, string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        // `dotnet test` leaves variables of its own build and test host in the environment; a child must not inherit them.
        foreach (var key in psi.Environment.Keys.ToList())
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase))
                psi.Environment.Remove(key);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) psi.Environment[key] = value;

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (stdout) stdout.Append(e.Data).Append('\n'); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (stderr) stderr.Append(e.Data).Append('\n'); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit((int)TimeSpan.FromMinutes(5).TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{fileName} {string.Join(' ', args)} did not finish in 5 minutes:\n{stdout}\n{stderr}");
        }
        process.WaitForExit();
        lock (stdout)
            lock (stderr)
                return new CliResult(fileName + " " + string.Join(' ', args), process.ExitCode, stdout.ToString(), stderr.ToString());
    }
}

/// <summary>A temporary directory of real files, deleted after the test (kept when HARDENING_KEEP_TEST_DIRS=1).</summary>
public sealed class TempTree : IDisposable
{
    /// <summary>
    /// An .editorconfig that turns every rule off but the ones a test names: the expected lines then stay exact when
    /// rules are added to the catalog. HRD000 (a file that cannot be read) stays an error; the named rules are warnings.
    /// </summary>
    public static string Only(params string[] rules) =>
        "root = true\n\n[*]\ndotnet_analyzer_diagnostic.severity = none\ndotnet_diagnostic.HRD000.severity = error\n" +
        string.Concat(rules.Select(r => $"dotnet_diagnostic.{r}.severity = warning\n"));

    public TempTree(params (string Path, string Text)[] files)
    {
        Root = Path.Combine(Path.GetTempPath(), "hardening-cli-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Root);
        foreach (var (path, text) in files) Write(path, text);
    }

    public string Root { get; }

    public string this[string relative] => Path.Combine(Root, relative);

    public void Write(string relative, string text)
    {
        var full = this[relative];
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("HARDENING_KEEP_TEST_DIRS") == "1") return;
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
