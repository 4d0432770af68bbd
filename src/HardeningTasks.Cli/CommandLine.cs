using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HardeningTasks.Core.IO;

namespace HardeningTasks.Cli;

/// <summary>The report formats of <c>hardening check</c>.</summary>
internal enum ReportFormat
{
    Text,
    Sarif,
    Json,
}

/// <summary>What <c>hardening check</c> was asked to do.</summary>
internal sealed class CheckOptions
{
    public List<string> Paths { get; } = new();
    public ReportFormat Format { get; set; } = ReportFormat.Text;
    public string? Output { get; set; }
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);
    public List<string> TrustedRegistries { get; } = new();
    public string? ProjectDirectory { get; set; }
    public long MaxFileBytes { get; set; } = SourceReader.DefaultMaxFileBytes;

    /// <summary>--baseline: the baseline file; null for hardening-baseline.json in the project directory when it exists.</summary>
    public string? Baseline { get; set; }

    /// <summary>--update-baseline: write the baseline from this check's findings.</summary>
    public bool UpdateBaseline { get; set; }
}

/// <summary>What <c>hardening fix</c> was asked to do: the check's inputs and options, which rules, and whether to write.</summary>
internal sealed class FixOptions
{
    public FixOptions(CheckOptions check) => Check = check;

    /// <summary>The paths, variables and options shared with <c>check</c>.</summary>
    public CheckOptions Check { get; }

    /// <summary>--rule: only these rules' fixes (empty: every rule with a mechanical fix).</summary>
    public SortedSet<string> Rules { get; } = new(StringComparer.Ordinal);

    /// <summary>--apply: write the fixes instead of printing the diff.</summary>
    public bool Apply { get; set; }
}

/// <summary>What the command line asks for: help, the version, a check, fixes, the language server, or a usage error with its message.</summary>
internal sealed class ParsedCommand
{
    private ParsedCommand(string? error, bool help, bool version, CheckOptions? check, FixOptions? fix = null, bool lsp = false)
    {
        Error = error;
        Help = help;
        Version = version;
        Check = check;
        Fix = fix;
        Lsp = lsp;
    }

    public string? Error { get; }
    public bool Help { get; }
    public bool Version { get; }
    public CheckOptions? Check { get; }
    public FixOptions? Fix { get; }

    /// <summary><c>hardening lsp</c>: the language server on standard input and output.</summary>
    public bool Lsp { get; }

    public static ParsedCommand Usage(string error) => new(error, false, false, null);
    public static ParsedCommand ForHelp() => new(null, true, false, null);
    public static ParsedCommand ForVersion() => new(null, false, true, null);
    public static ParsedCommand ForCheck(CheckOptions options) => new(null, false, false, options);
    public static ParsedCommand ForFix(FixOptions options) => new(null, false, false, null, options);
    public static ParsedCommand ForLsp() => new(null, false, false, null, null, lsp: true);
}

/// <summary>
/// A small hand-written parser: <c>hardening check [paths] [options]</c>, options as <c>--name value</c> or
/// <c>--name=value</c> anywhere after the command, <c>--</c> ending the options.
/// </summary>
internal static class CommandLine
{
    public static ParsedCommand Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0) return ParsedCommand.Usage("no command given.");
        switch (args[0])
        {
            case "-h": case "--help": case "-?": case "help": return ParsedCommand.ForHelp();
            case "--version": return ParsedCommand.ForVersion();
            case "check": case "fix": break;
            case "lsp":
                // Editors start it with options of their own (VS Code's client adds --stdio): stdio is the only transport.
                foreach (var arg in args.Skip(1))
                    if (arg is "-h" or "--help") return ParsedCommand.ForHelp();
                    else if (arg != "--stdio") return ParsedCommand.Usage($"'hardening lsp' takes no argument but --stdio, not '{arg}'; settings come from the editor (initializationOptions, the 'hardening' section).");
                return ParsedCommand.ForLsp();
            default:
                return ParsedCommand.Usage(args[0].StartsWith("-", StringComparison.Ordinal)
                    ? $"unknown option '{args[0]}' before the command."
                    : $"unknown command '{args[0]}'; the commands are 'check', 'fix' and 'lsp'.");
        }

        var fixing = args[0] == "fix";
        var options = new CheckOptions();
        var fix = new FixOptions(options);
        var onlyPaths = false;
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (onlyPaths || arg == "-" || !arg.StartsWith("-", StringComparison.Ordinal))
            {
                options.Paths.Add(arg);
                continue;
            }
            if (arg == "--")
            {
                onlyPaths = true;
                continue;
            }

            var name = arg;
            string? inlineValue = null;
            var eq = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 2)
            {
                name = arg.Substring(0, eq);
                inlineValue = arg.Substring(eq + 1);
            }

            if (name is "-h" or "--help" or "-?") return ParsedCommand.ForHelp();
            if (name == "--version") return ParsedCommand.ForVersion();
            if (fixing && name == "--apply")
            {
                if (inlineValue != null) return ParsedCommand.Usage("--apply takes no value.");
                fix.Apply = true;
                continue;
            }
            if (fixing && name is "--format" or "-f" or "--output" or "-o" or "--baseline" or "--update-baseline")
                return ParsedCommand.Usage($"'hardening fix' writes a diff or the files; {name} is an option of 'hardening check'.");
            if (name == "--update-baseline")
            {
                if (inlineValue != null) return ParsedCommand.Usage("--update-baseline takes no value.");
                options.UpdateBaseline = true;
                continue;
            }
            if (name is not ("--format" or "-f" or "--output" or "-o" or "--var" or "--trusted-registries" or "--project-dir" or "--max-file-size" or "--baseline")
                && !(fixing && name == "--rule"))
                return ParsedCommand.Usage($"unknown option '{name}'.");

            string value;
            if (inlineValue != null)
            {
                value = inlineValue;
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                return ParsedCommand.Usage($"option '{name}' needs a value.");
            }

            if (name == "--rule")
            {
                foreach (var id in value.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Select(r => r.Trim().ToUpperInvariant()))
                {
                    if (!Core.Fixes.CodeFixes.FixableRules.Contains(id))
                        return ParsedCommand.Usage($"--rule {id}: {(Core.Rules.RuleCatalog.Find(id) == null ? "no such rule" : "the rule has no mechanical fix")}; the rules with one are {string.Join(", ", Core.Fixes.CodeFixes.FixableRules)}.");
                    fix.Rules.Add(id);
                }
                continue;
            }
            var error = Apply(options, name, value);
            if (error != null) return ParsedCommand.Usage(error);
        }
        return fixing ? ParsedCommand.ForFix(fix) : ParsedCommand.ForCheck(options);
    }

    private static string? Apply(CheckOptions options, string name, string value)
    {
        switch (name)
        {
            case "--format":
            case "-f":
                switch (value.Trim().ToLowerInvariant())
                {
                    case "text": options.Format = ReportFormat.Text; return null;
                    case "sarif": options.Format = ReportFormat.Sarif; return null;
                    case "json": options.Format = ReportFormat.Json; return null;
                    default: return $"--format must be text, sarif or json, not '{value}'.";
                }
            case "--output":
            case "-o":
                if (value.Trim().Length == 0) return "--output needs a file name.";
                options.Output = value;
                return null;
            case "--var":
                var eq = value.IndexOf('=');
                var variable = eq < 0 ? "" : value.Substring(0, eq).Trim();
                if (variable.Length == 0) return $"--var '{value}' is not NAME=VALUE.";
                options.Variables[variable] = value.Substring(eq + 1);
                return null;
            case "--trusted-registries":
                foreach (var registry in value.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries))
                    if (registry.Trim().Length > 0)
                        options.TrustedRegistries.Add(registry.Trim());
                return null;
            case "--project-dir":
                if (value.Trim().Length == 0) return "--project-dir needs a directory.";
                options.ProjectDirectory = value;
                return null;
            case "--baseline":
                if (value.Trim().Length == 0) return "--baseline needs a file name.";
                options.Baseline = value;
                return null;
            case "--max-file-size":
                if (!TryParseSize(value, out var bytes))
                    return $"--max-file-size '{value}' is not a size in bytes (e.g. 10485760, 512KB, 10MB).";
                options.MaxFileBytes = bytes;
                return null;
            default:
                return $"unknown option '{name}'.";
        }
    }

    /// <summary>Bytes, or a number with B, KB or MB (as HardeningMaxFileSize).</summary>
    internal static bool TryParseSize(string text, out long bytes) => Core.IO.SourceReader.TryParseSize(text, out bytes);

    public const string HelpText =
@"hardening: checks Docker Compose files, Dockerfiles and Traefik configs against the
HardeningTasks policy, with the same engine, .editorconfig severities and inline
suppressions as the HardeningTasks package in dotnet build.

Usage:
  hardening check [<path>...] [options]
  hardening fix [<path>...] [--rule <ID>]... [--apply] [options]
  hardening lsp
  hardening --help
  hardening --version

Each <path> is a file or a directory (default: the current directory). Directories are
searched for docker-compose*.yml|yaml, compose*.yml|yaml, Dockerfile, Dockerfile.*,
*.Dockerfile, *.dockerfile and traefik*.yml|yaml|toml, skipping bin/, obj/,
node_modules/ and .git/. A file named otherwise is read as a compose file (.yml, .yaml)
or a Traefik config (.toml).

Options:
  -f, --format <text|sarif|json>  Report format (default text):
                                    text   path(line,col): warning HRD001: message
                                    sarif  SARIF 2.1.0 for GitHub code scanning
                                    json   findings with ranges, severities and help links
  -o, --output <file>             Write the report to <file> instead of standard output.
  --var <NAME=VALUE>              An interpolation variable (repeatable); wins over .env
                                  files, as HardeningVariables does.
  --trusted-registries <a;b>      Registries images may come from (HRD004), as
                                  HardeningTrustedRegistries; Docker Hub is docker.io.
  --project-dir <dir>             The root the stack is judged from and SARIF paths are
                                  relative to (default: the current directory).
  --max-file-size <size>          Larger files are not read (HRD000): bytes, or with KB or
                                  MB (default 10MB).
  --baseline <file>               Findings accepted earlier (default: hardening-baseline.json
                                  in the project directory, when it exists): they are not
                                  reported, only new ones are; SARIF marks them unchanged.
  --update-baseline               Write the baseline from this check's findings (fixed
                                  ones leave it) and report none of them.
  -h, --help                      Show this help.
  --version                       Show the version.

fix: prints a unified diff of every mechanical fix (exit 0; nothing is written);
with --apply it writes them. Each fix is proved first: after it, a new check reports
exactly the fixed findings no more and nothing new, or the fix is withheld. --rule
<ID> (repeatable) limits it to those rules. Fixes exist for HRD012, HRD013, HRD022,
HRD040, HRD041, HRD051, HRD062 and HRD066; nothing is suppressed by fix.

lsp: a language server on standard input and output for editors (docs/editors.md):
live findings as you type, quick fixes, suppressions.

Severities: .editorconfig (dotnet_diagnostic.HRD001.severity = error|warning|suggestion|none)
and comments in the files (# hardening-ignore HRD001 <reason>), as in the build; the
baseline is the file dotnet build -p:HardeningUpdateBaseline=true writes.

Exit codes: 0 no error-severity finding, 1 at least one, 2 usage error,
3 the tool itself failed.
Rules: https://github.com/HardeningTasks/HardeningTasks/blob/main/docs/rules/
";
}
