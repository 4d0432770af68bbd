using System.Collections.Immutable;
using System.Reflection;
using System.Text.RegularExpressions;
using HardeningTasks.Core.Model;
using Microsoft.CodeAnalysis;

namespace HardeningTasks.Core.Tests.Configuration;

/// <summary>
/// Roslyn's own implementation (Microsoft.CodeAnalysis.Common 5.12.0) run on the same config texts, as the .NET SDK
/// would run it: every <c>.editorconfig</c> and <c>.globalconfig</c> in a directory above the file is handed to
/// <c>AnalyzerConfigSet</c> (the SDK's <c>DiscoverEditorConfigFiles</c>); <c>root = true</c> is Roslyn's business.
/// </summary>
internal static class RoslynOracle
{
    public sealed record Result(AnalyzerConfigOptionsResult File, AnalyzerConfigOptionsResult Global, ImmutableArray<Diagnostic> SetDiagnostics)
    {
        /// <summary>All diagnostics Roslyn produced for the file: its sections', the global section's, the merge's.</summary>
        public IEnumerable<Diagnostic> AllDiagnostics => File.Diagnostics.Concat(Global.Diagnostics).Concat(SetDiagnostics);
    }

    public static Result Evaluate(IEnumerable<(string Path, string Text)> configs, string file)
    {
        var discovered = configs.Where(c => IsDiscoveredFor(c.Path, file)).Select(c => AnalyzerConfig.Parse(c.Text, c.Path)).ToList();
        var set = AnalyzerConfigSet.Create(discovered, out var diagnostics);
        return new Result(set.GetOptionsForSourcePath(file), set.GlobalConfigOptions, diagnostics);
    }

    public static bool IsDiscoveredFor(string configPath, string file)
    {
        var name = Path.GetFileName(configPath);
        if (name != ".editorconfig" && name != ".globalconfig") return false;
        var configDir = Path.GetDirectoryName(configPath)!.TrimEnd('/') + "/";
        var fileDir = Path.GetDirectoryName(Path.GetFullPath(file))!.TrimEnd('/') + "/";
        return fileDir.StartsWith(configDir, StringComparison.Ordinal);
    }

    /// <summary>
    /// The severity Roslyn gives <paramref name="rule"/>: the file's tree options, then the global config's, then, for a
    /// rule enabled by default, the category key and the all-rules key parsed by Roslyn's own <c>TryParseSeverity</c>
    /// (this last step mirrors <c>AnalyzerOptionsExtensions.TryGetSeverityFromBulkConfiguration</c>, which needs a
    /// compilation to run).
    /// </summary>
    public static Severity ExpectedSeverity(Result result, RuleDescriptor rule)
    {
        if (result.File.TreeOptions.TryGetValue(rule.Id, out var report)) return Map(report, rule);
        if (result.Global.TreeOptions.TryGetValue(rule.Id, out report)) return Map(report, rule);
        if (rule.DefaultSeverity is not (Severity.Silent or Severity.None))
        {
            foreach (var key in new[] { $"dotnet_analyzer_diagnostic.category-{rule.Category}.severity", "dotnet_analyzer_diagnostic.severity" })
            {
                if (result.File.AnalyzerOptions.TryGetValue(key, out var word) && TryParseSeverity(word, out report))
                    return Map(report, rule);
            }
        }
        return rule.DefaultSeverity;
    }

    /// <summary>null for <see cref="ReportDiagnostic.Default"/>.</summary>
    public static Severity? Map(ReportDiagnostic report) => report switch
    {
        ReportDiagnostic.Error => Severity.Error,
        ReportDiagnostic.Warn => Severity.Warning,
        ReportDiagnostic.Info => Severity.Suggestion,
        ReportDiagnostic.Hidden => Severity.Silent,
        ReportDiagnostic.Suppress => Severity.None,
        ReportDiagnostic.Default => null,
        _ => throw new ArgumentOutOfRangeException(nameof(report), report, null),
    };

    private static Severity Map(ReportDiagnostic report, RuleDescriptor rule) => Map(report) ?? rule.DefaultSeverity;

    private static readonly MethodInfo TryParseSeverityMethod =
        typeof(AnalyzerConfigSet).GetMethod("TryParseSeverity", BindingFlags.Static | BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("AnalyzerConfigSet.TryParseSeverity not found: Roslyn changed.");

    public static bool TryParseSeverity(string value, out ReportDiagnostic severity)
    {
        var args = new object?[] { value, null };
        var ok = (bool)TryParseSeverityMethod.Invoke(null, args)!;
        severity = ok ? (ReportDiagnostic)args[1]! : default;
        return ok;
    }

    /// <summary>(id, value) of Roslyn's "The diagnostic 'x' was given an invalid severity 'y'" warnings.</summary>
    public static IEnumerable<(string Id, string Value)> InvalidSeverities(Result result) =>
        from d in result.AllDiagnostics
        where d.Id == "InvalidSeverityInAnalyzerConfig"
        let m = Regex.Match(d.GetMessage(), "^The diagnostic '(.*)' was given an invalid severity '(.*)' in the analyzer config file")
        select (m.Groups[1].Value.ToLowerInvariant(), m.Groups[2].Value);

    /// <summary>Keys Roslyn unset because global configs of equal level disagreed.</summary>
    public static IEnumerable<string> ConflictingGlobalKeys(Result result) =>
        from d in result.AllDiagnostics
        where d.Id == "MultipleGlobalAnalyzerKeys"
        select Regex.Match(d.GetMessage(), "set the same key '([^']*)'").Groups[1].Value;

    /// <summary>Global config sections Roslyn ignored for not naming an absolute path.</summary>
    public static IEnumerable<string> IgnoredGlobalSections(Result result) =>
        from d in result.AllDiagnostics
        where d.Id == "InvalidGlobalSectionName"
        select Regex.Match(d.GetMessage(), "section name '(.*)' is invalid").Groups[1].Value;

    // Roslyn's glob compiler itself, for fuzzing ours against it (internal; found by name).
    private static readonly MethodInfo TryCreateSectionNameMatcherMethod =
        typeof(AnalyzerConfig).GetMethod("TryCreateSectionNameMatcher", BindingFlags.Static | BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("AnalyzerConfig.TryCreateSectionNameMatcher not found: Roslyn changed.");

    /// <summary>Whether Roslyn's section matcher for <paramref name="sectionName"/> matches <paramref name="relativePath"/>;
    /// false when the name is invalid, and also when Roslyn throws building its regex (it then fails the whole build).</summary>
    public static bool SectionMatches(string sectionName, string relativePath, out bool roslynThrew)
    {
        roslynThrew = false;
        object? matcher;
        try
        {
            matcher = TryCreateSectionNameMatcherMethod.Invoke(null, new object[] { sectionName });
        }
        catch (TargetInvocationException e) when (e.InnerException is ArgumentException)
        {
            roslynThrew = true;
            return false;
        }
        if (matcher is null) return false;
        var isMatch = matcher.GetType().GetMethod("IsMatch")!;
        return (bool)isMatch.Invoke(matcher, new object[] { relativePath })!;
    }
}
