using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using HardeningTasks.Core;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Reporting;

namespace HardeningTasks.Cli;

/// <summary><c>hardening check [paths] [options]</c>: the engine of the MSBuild package, from a terminal, a hook or CI.</summary>
public static class Program
{
    public const int Success = 0;
    public const int Errors = 1;
    public const int UsageError = 2;
    public const int Crash = 3;

    public static string Version { get; } =
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(Program).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static int Main(string[] args)
    {
        try
        {
            return Run(args, Directory.GetCurrentDirectory(), Console.Out, Console.Error, Console.OpenStandardOutput);
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"hardening: the tool failed unexpectedly; please report this with the files: {ex}");
            return Crash;
        }
    }

    internal static int Run(IReadOnlyList<string> args, string currentDirectory, TextWriter stdout, TextWriter stderr, Func<Stream> openStdout)
    {
        var command = CommandLine.Parse(args);
        if (command.Help)
        {
            stdout.Write(CommandLine.HelpText);
            return Success;
        }
        if (command.Version)
        {
            stdout.WriteLine(Version);
            return Success;
        }
        if (command.Lsp)
            return Lsp.LanguageServer.Run(Console.OpenStandardInput(), openStdout(), stderr);
        if (command.Fix != null)
            return FixCommand.Run(command.Fix, currentDirectory, stdout, stderr);
        if (command.Error != null || command.Check == null)
        {
            stderr.WriteLine("hardening: " + command.Error);
            stderr.WriteLine("Usage: hardening check|fix [<path>...] [--format text|sarif|json] [--output <file>] [--var NAME=VALUE]... (hardening --help for all options)");
            return UsageError;
        }
        return Check(command.Check, currentDirectory, stdout, stderr, openStdout);
    }

    private static int Check(CheckOptions options, string currentDirectory, TextWriter stdout, TextWriter stderr, Func<Stream> openStdout)
    {
        var projectDirectory = Path.GetFullPath(Path.Combine(currentDirectory, options.ProjectDirectory ?? "."));
        if (!Directory.Exists(projectDirectory))
            return Usage(stderr, $"--project-dir '{options.ProjectDirectory}' is not a directory.");

        var notes = new List<string>();
        var paths = options.Paths.Count > 0 ? options.Paths : new List<string> { "." };
        var files = InputDiscovery.Find(paths, currentDirectory, notes, out var error);
        if (error != null) return Usage(stderr, error);
        foreach (var note in notes) stderr.WriteLine("hardening: " + note);

        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (options.TrustedRegistries.Count > 0) properties["HardeningTrustedRegistries"] = string.Join(";", options.TrustedRegistries);

        var result = Engine.Analyze(new AnalysisRequest
        {
            ProjectDirectory = projectDirectory,
            Files = files,
            Variables = options.Variables,
            Properties = properties,
            MaxFileBytes = options.MaxFileBytes,
        });
        // the baseline: --baseline, else the project's hardening-baseline.json when there is one (or when writing it)
        var defaultBaseline = Path.Combine(projectDirectory, Baseline.DefaultFileName);
        string? baselinePath = options.Baseline != null ? Path.GetFullPath(Path.Combine(currentDirectory, options.Baseline))
            : options.UpdateBaseline || File.Exists(defaultBaseline) ? defaultBaseline : null;
        if (baselinePath != null && options.Baseline != null && !options.UpdateBaseline && !File.Exists(baselinePath))
            return Usage(stderr, $"--baseline '{options.Baseline}' does not exist; write it with --update-baseline.");
        IReadOnlyList<Finding> analysed = result.Findings;
        if (baselinePath != null)
        {
            var outcome = Baseline.Process(result.Findings, baselinePath, options.UpdateBaseline, PhysicalFileSystem.Instance);
            analysed = outcome.Findings;
            if (outcome.Written >= 0) stderr.WriteLine($"hardening: wrote {outcome.Written} finding{(outcome.Written == 1 ? "" : "s")} to {baselinePath}");
            if (outcome.Stale > 0)
                stderr.WriteLine($"hardening: {outcome.Stale} finding{(outcome.Stale == 1 ? "" : "s")} accepted in {baselinePath} {(outcome.Stale == 1 ? "was" : "were")} not found any more; run with --update-baseline to drop {(outcome.Stale == 1 ? "it" : "them")}.");
        }
        var findings = analysed.Where(f => f.Suppression == null && f.Severity.IsReported()).ToList();
        // SARIF keeps what was accepted (comments, the baseline) as suppressed results with the reason
        var sarifFindings = analysed.Concat(result.Suppressed).ToList();

        try
        {
            if (options.Output != null)
            {
                var output = Path.GetFullPath(Path.Combine(currentDirectory, options.Output));
                using var stream = File.Create(output);
                Write(options.Format, stream, options.Format == ReportFormat.Sarif ? sarifFindings : findings, currentDirectory, projectDirectory, files.Count);
            }
            else
            {
                stdout.Flush();
                var stream = openStdout();
                Write(options.Format, stream, options.Format == ReportFormat.Sarif ? sarifFindings : findings, currentDirectory, projectDirectory, files.Count);
                stream.Flush();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Usage(stderr, $"cannot write the report to '{options.Output}': {ex.Message}");
        }

        if (files.Count == 0)
            stderr.WriteLine("hardening: no compose file, Dockerfile or Traefik config found in " + string.Join(", ", paths) + ".");
        stderr.WriteLine(Reports.Summary(findings, files.Count));
        return findings.Any(f => f.Severity == Severity.Error) ? Errors : Success;
    }

    private static void Write(ReportFormat format, Stream stream, IReadOnlyList<Finding> findings, string currentDirectory, string projectDirectory, int fileCount)
    {
        switch (format)
        {
            case ReportFormat.Sarif: Reports.WriteSarif(stream, findings, projectDirectory); break;
            case ReportFormat.Json: Reports.WriteJson(stream, findings, currentDirectory, fileCount); break;
            default: Reports.WriteText(stream, findings, currentDirectory); break;
        }
    }

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine("hardening: " + message);
        return UsageError;
    }
}
