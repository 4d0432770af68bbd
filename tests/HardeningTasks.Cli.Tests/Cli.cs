using System.Diagnostics;
using System.Reflection;
using System.Text;
using HardeningTasks.Tests.Shared;

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

    public static string Fixtures { get; } = Path.GetFullPath(Metadata("HardeningFixtures"));

    /// <summary>
    /// The Native AOT binary. eng/test.sh publishes it once before the tests; it must be at least as new as the JIT build,
    /// or these tests would compare the current code with an older native one.
    /// </summary>
    public static string Native
    {
        get
        {
            var native = Path.GetFullPath(Metadata("HardeningCliNative"));
            var publish = $"dotnet publish {Project} -c {Configuration} -r linux-x64 (eng/test.sh does it)";
            if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
                Assert.Ignore("the native build is published for linux-x64 only; this machine is another platform");
            Assert.That(File.Exists(native), Is.True, $"{native} is missing: {publish}");
            var jit = Path.Combine(Path.GetDirectoryName(Dll)!, "HardeningTasks.Core.dll");
            Assert.That(File.GetLastWriteTimeUtc(native), Is.GreaterThanOrEqualTo(File.GetLastWriteTimeUtc(jit)),
                $"{native} is older than {jit}: publish it again: {publish}");
            return native;
        }
    }

    /// <summary>The native binary, run as users run it.</summary>
    public static CliResult RunNative(string workingDirectory, params string[] args) => Process(workingDirectory, Native, args);

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
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        ChildProcess.UseCleanDotnetEnvironment(psi);
        var result = ChildProcess.Run(psi, environment);
        return new CliResult(result.CommandLine, result.ExitCode, result.Stdout, result.Stderr);
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
