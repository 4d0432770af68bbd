using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Configuration;

/// <summary>
/// A preset of severities, as Roslyn's <c>AnalysisMode</c>: <c>HardeningAnalysisMode</c> in the build,
/// <c>--analysis-mode</c> on the command line. It sets each rule's starting severity; <c>.editorconfig</c>, <c>NoWarn</c>
/// and <c>WarningsAsErrors</c> apply on top and always win. A team adopting on a large stack starts with
/// <see cref="Minimum"/> and moves up.
/// </summary>
public enum AnalysisMode
{
    /// <summary>Every rule at its default severity (RULES.md).</summary>
    Default,

    /// <summary>Only the rules that report a certain hole, at their default severity or warning, whichever is higher; the rest off.</summary>
    Minimum,

    /// <summary>The defaults, with every suggestion raised to warning except HRD002 and HRD004.</summary>
    Recommended,

    /// <summary>Every rule at least a warning (HRD004 still reports nothing without trusted registries).</summary>
    All,

    /// <summary>Everything off but HRD000 (a file that could not be checked) and HRD090 (a configuration problem).</summary>
    None,
}

/// <summary>The preset table of shared/DESIGN.md "Presets", by rule ID, so a rule added to the catalog lands in the right place.</summary>
public static class AnalysisModes
{
    /// <summary>The rules <see cref="AnalysisMode.Minimum"/> keeps: each reports a hole, not a missing nicety.</summary>
    public static readonly IReadOnlyCollection<string> MinimumRules = new HashSet<string>(StringComparer.Ordinal)
    {
        "HRD000", "HRD001", "HRD010", "HRD011", "HRD013", "HRD015", "HRD016", "HRD020", "HRD021", "HRD024",
        "HRD026", "HRD027", "HRD028", "HRD030", "HRD032", "HRD033", "HRD034", "HRD040", "HRD045", "HRD064",
        "HRD069", "HRD090",
    };

    /// <summary>Suggestions <see cref="AnalysisMode.Recommended"/> leaves alone: HRD002 (digests) and HRD004 (registries) need a team decision first.</summary>
    private static readonly HashSet<string> RecommendedExceptions = new(StringComparer.Ordinal) { "HRD002", "HRD004" };

    /// <summary>The rules <see cref="AnalysisMode.None"/> keeps: without them a broken file or setting would pass silently.</summary>
    private static readonly HashSet<string> NoneRules = new(StringComparer.Ordinal) { "HRD000", "HRD090" };

    /// <summary>The words users write: the enum names, case-insensitive (<c>minimum</c>, <c>All</c>); empty is <see cref="AnalysisMode.Default"/>.</summary>
    public static bool TryParse(string? text, out AnalysisMode mode)
    {
        mode = AnalysisMode.Default;
        var word = (text ?? "").Trim();
        if (word.Length == 0) return true;
        foreach (var candidate in All)
        {
            if (!string.Equals(candidate.ToString(), word, StringComparison.OrdinalIgnoreCase)) continue;
            mode = candidate;
            return true;
        }
        return false;
    }

    // Listed, not Enum.GetValues: the native (AOT) CLI cannot make an enum array at run time, and net472 has no generic overload.
    public static IReadOnlyList<AnalysisMode> All { get; } = new[] { AnalysisMode.Default, AnalysisMode.Minimum, AnalysisMode.Recommended, AnalysisMode.All, AnalysisMode.None };

    /// <summary><c>Default, Minimum, Recommended, All or None</c>: for messages about a word that is none of them.</summary>
    public static string Expected => string.Join(", ", All.Take(All.Count - 1)) + " or " + All.Last();

    /// <summary>The severity <paramref name="rule"/> starts from under <paramref name="mode"/>, before .editorconfig.</summary>
    public static Severity StartingSeverity(RuleDescriptor rule, AnalysisMode mode)
    {
        var severity = rule.DefaultSeverity;
        return mode switch
        {
            AnalysisMode.Minimum => MinimumRules.Contains(rule.Id) ? Max(severity, Severity.Warning) : Severity.None,
            AnalysisMode.Recommended => severity == Severity.Suggestion && !RecommendedExceptions.Contains(rule.Id) ? Severity.Warning : severity,
            AnalysisMode.All => Max(severity, Severity.Warning),
            AnalysisMode.None => NoneRules.Contains(rule.Id) ? severity : Severity.None,
            _ => severity,
        };
    }

    private static Severity Max(Severity a, Severity b) => a > b ? a : b;
}
