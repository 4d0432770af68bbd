using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HardeningTasks.Core.Checking;
using HardeningTasks.Core.Configuration;
using HardeningTasks.Core.Parsing;

namespace HardeningTasks.Cli;

/// <summary>The report formats of <c>hardening check</c>.</summary>
internal enum ReportFormat
{
    Text,
    Sarif,
    Json,
    Checkstyle,
    Gitlab,
}

/// <summary>How much <c>hardening check</c> says on standard error besides the findings (MSBuild's words and letters).</summary>
internal enum Verbosity
{
    /// <summary>Nothing but problems: no summary line.</summary>
    Quiet,

    /// <summary>The summary line: what was checked, skipped, left unset, and the counts.</summary>
    Normal,

    /// <summary>Also each skipped file with the reason, and every unset variable.</summary>
    Detailed,
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
    public Verbosity Verbosity { get; set; } = Verbosity.Normal;

    /// <summary>--baseline: the baseline file; null for hardening-baseline.json in the project directory when it exists.</summary>
    public string? Baseline { get; set; }

    /// <summary>--update-baseline: write the baseline from this check's findings.</summary>
    public bool UpdateBaseline { get; set; }

    /// <summary>--analysis-mode: the preset severities start from.</summary>
    public AnalysisMode Mode { get; set; } = AnalysisMode.Default;

    /// <summary>--nowarn: rule IDs whose warnings and suggestions are not reported.</summary>
    public List<string> NoWarn { get; } = new();

    /// <summary>--warnaserror without IDs: every warning is an error.</summary>
    public bool TreatWarningsAsErrors { get; set; }

    /// <summary>--suggestions: print suggestions in the text format too (the build shows them at detailed verbosity only).</summary>
    public bool ShowSuggestions { get; set; }

    /// <summary>--warnaserror=IDs: these rules' warnings are errors.</summary>
    public List<string> WarningsAsErrors { get; } = new();
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

    /// <summary><c>hardening rules</c>: list the rules.</summary>
    public bool Rules { get; private init; }

    /// <summary><c>hardening explain HRD010</c>: the rule whose page to print.</summary>
    public string? Explain { get; private init; }

    public static ParsedCommand ForRules() => new(null, false, false, null) { Rules = true };
    public static ParsedCommand ForExplain(string ruleId) => new(null, false, false, null) { Explain = ruleId };
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
            case "rules":
                return args.Count == 1 ? ParsedCommand.ForRules() : ParsedCommand.Usage("'rules' takes no argument.");
            case "explain":
                return args.Count == 2 && !args[1].StartsWith("-", StringComparison.Ordinal)
                    ? ParsedCommand.ForExplain(args[1])
                    : ParsedCommand.Usage("'explain' takes one rule ID, e.g. hardening explain HRD010.");
            case "lsp":
                // Editors start it with options of their own (VS Code's client adds --stdio): stdio is the only transport.
                foreach (var arg in args.Skip(1))
                    if (arg is "-h" or "--help") return ParsedCommand.ForHelp();
                    else if (arg != "--stdio") return ParsedCommand.Usage($"'hardening lsp' takes no argument but --stdio, not '{arg}'; settings come from the editor (initializationOptions, the 'hardening' section).");
                return ParsedCommand.ForLsp();
            default:
                return ParsedCommand.Usage(args[0].StartsWith("-", StringComparison.Ordinal)
                    ? $"unknown option '{args[0]}' before the command."
                    : $"unknown command '{args[0]}'; the commands are 'check', 'fix', 'lsp', 'rules' and 'explain'.");
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
            if (name == "--suggestions")
            {
                if (inlineValue != null) return ParsedCommand.Usage("--suggestions takes no value.");
                options.ShowSuggestions = true;
                continue;
            }
            if (name == "--warnaserror")
            {
                // as MSBuild's -warnaserror: alone every warning, with =IDs only those (an ID list is never the next argument, which may be a path)
                if (inlineValue == null) options.TreatWarningsAsErrors = true;
                else if (WarningOptions.ParseList(inlineValue) is { Count: > 0 } ids) options.WarningsAsErrors.AddRange(ids);
                else return ParsedCommand.Usage("--warnaserror= needs rule IDs, e.g. --warnaserror=HRD001,HRD020.");
                continue;
            }
            if (name is not ("--format" or "-f" or "--output" or "-o" or "--var" or "--trusted-registries" or "--project-dir" or "--max-file-size" or "--baseline" or "--analysis-mode" or "--nowarn" or "--verbosity" or "-v")
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
                    case "checkstyle": options.Format = ReportFormat.Checkstyle; return null;
                    case "gitlab": options.Format = ReportFormat.Gitlab; return null;
                    default: return $"--format must be text, sarif, json, checkstyle or gitlab, not '{value}'.";
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
            case "--analysis-mode":
                if (!AnalysisModes.TryParse(value, out var mode) || value.Trim().Length == 0)
                    return $"--analysis-mode must be {AnalysisModes.Expected}, not '{value}'.";
                options.Mode = mode;
                return null;
            case "--nowarn":
                var ids = WarningOptions.ParseList(value);
                if (ids.Count == 0) return "--nowarn needs rule IDs, e.g. --nowarn HRD022,HRD023.";
                options.NoWarn.AddRange(ids);
                return null;
            case "--verbosity":
            case "-v":
                switch (value.Trim().ToLowerInvariant())
                {
                    case "q": case "quiet": case "m": case "minimal": options.Verbosity = Verbosity.Quiet; return null;
                    case "n": case "normal": options.Verbosity = Verbosity.Normal; return null;
                    case "d": case "detailed": case "diag": case "diagnostic": options.Verbosity = Verbosity.Detailed; return null;
                    default: return $"--verbosity must be quiet, minimal, normal, detailed or diagnostic (q, m, n, d, diag), not '{value}'.";
                }
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
    internal static bool TryParseSize(string text, out long bytes) => Core.Parsing.SourceReader.TryParseSize(text, out bytes);

    public const string HelpText =
@"hardening: checks Docker Compose files, Dockerfiles and Traefik configs against the
HardeningTasks policy, with the same engine, .editorconfig severities and inline
suppressions as the HardeningTasks package in dotnet build.

Usage:
  hardening check [<path>...] [options]
  hardening fix [<path>...] [--rule <ID>]... [--apply] [options]
  hardening lsp
  hardening rules                 List every rule: ID, default severity, category, title.
  hardening explain <rule>        Print a rule's page: what, why, examples, how to fix.
  hardening --help
  hardening --version

Each <path> is a file or a directory (default: the current directory). Directories are
searched for Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile, traefik*.toml and
every *.yml|yaml, skipping bin/, obj/, node_modules/, .git/ and .github/. A YAML file is
checked by what it holds: a top-level services: makes a compose file whatever its name
(stack.yml, docker-stack.yml), Traefik keys a Traefik config; anything else (Kubernetes,
CI, Ansible) is skipped, and the summary says so. A file named on the command line is
judged the same way (Containerfile is a Dockerfile, *.toml a Traefik config).

Options:
  -f, --format <format>           Report format (default text):
                                    text        path(line,col): warning HRD001: message
                                    sarif       SARIF 2.1.0 for GitHub code scanning
                                    json        findings with ranges, severities and help links
                                    checkstyle  Checkstyle XML (Jenkins, reviewdog, Danger)
                                    gitlab      GitLab Code Quality JSON (artifacts:reports:codequality)
  -o, --output <file>             Write the report to <file> instead of standard output.
  --var <NAME=VALUE>              An interpolation variable (repeatable); wins over .env
                                  files, as HardeningVariables does.
  --trusted-registries <a;b>      Registries images may come from (HRD004), as
                                  HardeningTrustedRegistries; Docker Hub is docker.io.
  --project-dir <dir>             The root the stack is judged from and SARIF paths are
                                  relative to (default: the current directory).
  --max-file-size <size>          Larger files are not read (HRD000): bytes, or with KB or
                                  MB (default 10MB).
  --analysis-mode <mode>          The preset severities start from, as HardeningAnalysisMode:
                                    Default      every rule at its default severity
                                    Minimum      only rules that report a certain hole
                                    Recommended  suggestions raised to warnings
                                    All          every rule at least a warning
                                    None         only HRD000 and HRD090
                                  .editorconfig, --nowarn and --warnaserror apply on top.
  --nowarn <ids>                  Rules whose warnings and suggestions are not reported
                                  (comma- or semicolon-separated; repeatable), as NoWarn.
  --warnaserror[=<ids>]           Warnings are errors: all of them, or those rules'; as
                                  dotnet build -warnaserror.
  --suggestions                   Print suggestions in the text format too (counted always;
                                  dotnet build shows them at detailed verbosity only).
  -v, --verbosity <level>         quiet (no summary line), normal (the summary line: what
                                  was checked and skipped, unset variables, the counts) or
                                  detailed (also each skipped file and every unset variable).
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
