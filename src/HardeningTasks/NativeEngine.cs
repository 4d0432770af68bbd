using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace HardeningTasks;

/// <summary>
/// The package's Native AOT build of the engine (<c>tools/native/&lt;rid&gt;/hardening</c>), run out of process: a
/// one-shot build pays no JIT for the engine (docs/performance.md). The task writes the <see cref="ScanInputs"/> to a
/// file, runs <c>hardening msbuild-scan &lt;request&gt; &lt;outcome&gt;</c>, which does exactly what the managed path does
/// (<see cref="ScanJob"/>: findings cache, SARIF, inputs) and writes the <see cref="ScanOutcome"/> back.
/// </summary>
internal sealed class NativeEngine
{
    private readonly object gate = new();
    private Process? running;
    private bool cancelled;

    public NativeEngine(string path) => Path = path;

    public string Path { get; }

    /// <summary>The binary for this machine under <paramref name="directory"/> (<c>&lt;rid&gt;/hardening[.exe]</c>), or null
    /// when the package has none for it (packed on a machine that could not build it, or a RID nobody built).</summary>
    public static NativeEngine? Find(string? directory)
    {
        if (string.IsNullOrWhiteSpace(directory) || HostRuntimeIdentifier() is not { } rid) return null;
        var path = System.IO.Path.Combine(directory!.Trim(), rid, RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "hardening.exe" : "hardening");
        return File.Exists(path) ? new NativeEngine(System.IO.Path.GetFullPath(path)) : null;
    }

    /// <summary>The RID a native engine must be built for to run here: the OS (musl-based Linux apart) and the machine's
    /// architecture, not the process's (an x64 MSBuild under emulation can still start an arm64 binary).</summary>
    public static string? HostRuntimeIdentifier()
    {
        string? os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win"
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx"
            : RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? "linux" : null;
#if NET
        // a glibc binary does not start on Alpine
        if (os == "linux" && RuntimeInformation.RuntimeIdentifier.Contains("musl")) os = "linux-musl";
#endif
        string? arch = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "x86",
            Architecture.Arm => "arm",
            _ => null,
        };
        return os == null || arch == null ? null : os + "-" + arch;
    }

    /// <summary>Runs the scan; null and <paramref name="failure"/> (what went wrong, with the process's output) when the
    /// engine could not start, exited with a failure or wrote no readable outcome.</summary>
    public ScanOutcome? TryRun(ScanInputs inputs, string workDirectory, out string failure)
    {
        var id = Guid.NewGuid().ToString("N").Substring(0, 12);
        var request = System.IO.Path.Combine(workDirectory, ".native-request." + id + ".tsv");
        var response = System.IO.Path.Combine(workDirectory, ".native-outcome." + id + ".tsv");
        try
        {
            Directory.CreateDirectory(workDirectory);
            inputs.Write(request);
            var output = new StringBuilder();
            int exitCode;
            using (var process = new Process())
            {
                process.StartInfo = new ProcessStartInfo(Path)
                {
                    Arguments = "msbuild-scan " + Quote(request) + " " + Quote(response),
                    UseShellExecute = false,
                    CreateNoWindow = true,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    WorkingDirectory = inputs.ProjectDirectory,
                };
                DataReceivedEventHandler collect = (_, e) => { if (e.Data != null) lock (output) output.Append(e.Data).Append('\n'); };
                process.OutputDataReceived += collect;
                process.ErrorDataReceived += collect;
                lock (gate)
                {
                    if (cancelled) { failure = "the build was cancelled"; return null; }
                    process.Start();
                    running = process;
                }
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                process.WaitForExit();
                lock (gate) running = null;
                exitCode = process.ExitCode;
            }
            if (exitCode != 0)
            {
                failure = $"'{Path}' exited with code {exitCode}: {Tail(output)}";
                return null;
            }
            failure = "";
            return ScanOutcome.Read(response);
        }
        catch (Exception ex)
        {
            failure = $"'{Path}' could not be used: {ex.GetType().Name}: {ex.Message}";
            return null;
        }
        finally
        {
            TryDelete(request);
            TryDelete(response);
        }
    }

    /// <summary>Stops the engine when the build is cancelled (Ctrl+C).</summary>
    public void Cancel()
    {
        lock (gate)
        {
            cancelled = true;
            // the whole tree: a child that outlives the engine would hold its output pipes open, and the wait for them with it
#if NET
            try { running?.Kill(entireProcessTree: true); } catch (Exception) { /* already gone */ }
#else
            try { running?.Kill(); } catch (Exception) { /* already gone */ }
#endif
        }
    }

    // Windows' CommandLineToArgvW rules, which .NET's Unix argument parsing follows too: quotes, and backslashes
    // doubled only before a quote. Paths hold no quote, but may end in a backslash.
    private static string Quote(string argument)
    {
        var text = new StringBuilder("\"");
        var backslashes = 0;
        foreach (var c in argument)
        {
            if (c == '\\') { backslashes++; continue; }
            text.Append('\\', c == '"' ? backslashes * 2 + 1 : backslashes).Append(c);
            backslashes = 0;
        }
        return text.Append('\\', backslashes * 2).Append('"').ToString();
    }

    private static string Tail(StringBuilder output)
    {
        string text;
        lock (output) text = output.ToString().Trim();
        const int Keep = 2000;
        return text.Length == 0 ? "(no output)" : text.Length > Keep ? "…" + text.Substring(text.Length - Keep) : text;
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (Exception) { /* a leftover temp file is harmless */ }
    }
}
