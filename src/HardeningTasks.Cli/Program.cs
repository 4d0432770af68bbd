using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using HardeningTasks.Core;
using HardeningTasks.Core.Checking;
using HardeningTasks.Core.Configuration;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Reporting;
using HardeningTasks.Core.Rules.SupplyChain;

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
        // the MSBuild package's native engine: the task's request in, the scan's outcome out (not a command for people)
        if (args.Count == 3 && args[0] == "msbuild-scan")
        {
            ScanJob.RunFiles(args[1], args[2]);
            return Success;
        }
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
        if (command.Rules)
        {
            stdout.Write(Reports.RuleList());
            return Success;
        }
        if (command.Explain != null)
        {
            var page = Reports.RulePage(command.Explain);
            if (page == null) return Usage(stderr, $"'{command.Explain}' is not a rule; 'hardening rules' lists them.");
            stdout.Write(page);
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
        var inputs = InputDiscovery.Find(paths, currentDirectory, notes, out var error);
        if (error != null) return Usage(stderr, error);
        foreach (var note in notes) stderr.WriteLine("hardening: " + note);

        // the baseline: --baseline, else the project's hardening-baseline.json when there is one (or when writing it)
        var defaultBaseline = Path.Combine(projectDirectory, Baseline.DefaultFileName);
        string? baselinePath = options.Baseline != null ? Path.GetFullPath(Path.Combine(currentDirectory, options.Baseline))
            : options.UpdateBaseline || File.Exists(defaultBaseline) ? defaultBaseline : null;
        if (baselinePath != null && options.Baseline != null && !options.UpdateBaseline && !File.Exists(baselinePath))
            return Usage(stderr, $"--baseline '{options.Baseline}' does not exist; write it with --update-baseline.");

        var result = CheckService.Run(Request(options, projectDirectory, inputs, baselinePath));
        if (result.BaselineWrittenNote is { } written) stderr.WriteLine("hardening: " + written);
        if (result.BaselineStaleNote is { } stale) stderr.WriteLine("hardening: " + stale);
        // SARIF keeps what was accepted (comments, NoWarn, the baseline) as suppressed results with the reason
        // the text agrees with dotnet build, which shows suggestions at detailed verbosity only
        var findings = options.Format == ReportFormat.Sarif ? result.Findings
            : options.Format == ReportFormat.Text && !options.ShowSuggestions ? result.Reported.Where(f => f.Severity != Severity.Suggestion).ToList()
            : result.Reported;

        try
        {
            if (options.Output != null)
            {
                var output = Path.GetFullPath(Path.Combine(currentDirectory, options.Output));
                using var stream = File.Create(output);
                Write(options.Format, stream, findings, currentDirectory, projectDirectory, result.Summary);
            }
            else
            {
                stdout.Flush();
                var stream = openStdout();
                Write(options.Format, stream, findings, currentDirectory, projectDirectory, result.Summary);
                stream.Flush();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Usage(stderr, $"cannot write the report to '{options.Output}': {ex.Message}");
        }

        if (inputs.Count == 0)
            stderr.WriteLine("hardening: found no compose file, Dockerfile or Traefik config in " + string.Join(", ", paths.Select(p => "'" + p + "'")) + ".");
        if (options.Verbosity >= Verbosity.Detailed)
            foreach (var line in result.Summary.DescribeSkipped(currentDirectory)) stderr.WriteLine("hardening: " + line);
        if (options.Verbosity >= Verbosity.Normal)
            stderr.WriteLine(Reports.Summary(result, suggestionsHidden: options.Format == ReportFormat.Text && !options.ShowSuggestions));
        return result.Errors > 0 ? Errors : Success;
    }

    /// <summary>The check <paramref name="options"/> ask for: what <c>check</c> runs and <c>fix</c> fixes, so both judge alike.</summary>
    internal static CheckRequest Request(CheckOptions options, string projectDirectory, DiscoveredInputs inputs, string? baselinePath)
    {
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (options.TrustedRegistries.Count > 0) properties[UntrustedRegistryRule.PropertyName] = string.Join(";", options.TrustedRegistries);
        return new CheckRequest
        {
            Analysis = new AnalysisRequest
            {
                ProjectDirectory = projectDirectory,
                Files = inputs.Files,
                Candidates = inputs.Candidates,
                Variables = options.Variables,
                Properties = properties,
                MaxFileBytes = options.MaxFileBytes,
                Mode = options.Mode,
                SettingNames = SettingNames.CommandLine,
            },
            Warnings = new WarningOptions
            {
                NoWarn = options.NoWarn,
                WarningsAsErrors = options.WarningsAsErrors,
                TreatWarningsAsErrors = options.TreatWarningsAsErrors,
            },
            BaselineFile = baselinePath,
            UpdateBaseline = options.UpdateBaseline,
        };
    }

    private static void Write(ReportFormat format, Stream stream, IReadOnlyList<Finding> findings, string currentDirectory, string projectDirectory, CheckSummary summary)
    {
        switch (format)
        {
            case ReportFormat.Sarif: Reports.WriteSarif(stream, findings, projectDirectory, summary); break;
            case ReportFormat.Json: Reports.WriteJson(stream, findings, currentDirectory, summary); break;
            case ReportFormat.Checkstyle: Reports.WriteCheckstyle(stream, findings, currentDirectory); break;
            case ReportFormat.Gitlab: Reports.WriteGitlab(stream, findings, projectDirectory); break;
            default: Reports.WriteText(stream, findings, currentDirectory); break;
        }
    }

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine("hardening: " + message);
        return UsageError;
    }
}
