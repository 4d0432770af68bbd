using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Checking;

/// <summary>
/// The compiler-warning knobs, as a front end passes them: <c>NoWarn</c>, <c>WarningsAsErrors</c>,
/// <c>WarningsNotAsErrors</c> and <c>TreatWarningsAsErrors</c> in the build (with <c>-warnaserror</c> and its IDs from
/// the MSBuild command line), <c>--nowarn</c> and <c>--warnaserror</c> in the CLI. They apply after the preset and
/// .editorconfig, with MSBuild's precedence for task warnings (measured, shared/notes/msbuild-packaging.md §2):
/// <list type="number">
/// <item><c>NoWarn</c> hides the rule's warnings and suggestions, escalated or not; it never hides an error (an
/// .editorconfig <c>error</c> is final, as a task's logged error is);</item>
/// <item>a warning whose ID is in <c>WarningsAsErrors</c> is an error, even when <c>WarningsNotAsErrors</c> lists it too;</item>
/// <item>with <c>TreatWarningsAsErrors</c>, every warning whose ID is not in <c>WarningsNotAsErrors</c> is an error.</item>
/// </list>
/// Suggestions are never escalated (MSBuild logs them as messages). IDs compare case-insensitively.
/// </summary>
public sealed class WarningOptions
{
    public static readonly WarningOptions None = new();

    private readonly HashSet<string> noWarn = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> warningsAsErrors = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> warningsNotAsErrors = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<string> NoWarn
    {
        get => noWarn;
        init => noWarn.UnionWith(value ?? Array.Empty<string>());
    }

    public IEnumerable<string> WarningsAsErrors
    {
        get => warningsAsErrors;
        init => warningsAsErrors.UnionWith(value ?? Array.Empty<string>());
    }

    public IEnumerable<string> WarningsNotAsErrors
    {
        get => warningsNotAsErrors;
        init => warningsNotAsErrors.UnionWith(value ?? Array.Empty<string>());
    }

    public bool TreatWarningsAsErrors { get; init; }

    /// <summary>The IDs of an MSBuild-style list: separated by <c>;</c>, <c>,</c> or white space, empty entries dropped.</summary>
    public static IReadOnlyList<string> ParseList(string? list) =>
        (list ?? "").Split(new[] { ';', ',', ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>True when <c>NoWarn</c> hides a finding of <paramref name="ruleId"/> at <paramref name="severity"/>.</summary>
    public bool Hides(string ruleId, Severity severity) => severity < Severity.Error && noWarn.Contains(ruleId);

    /// <summary>The severity after escalation: a warning may become an error; nothing else changes.</summary>
    public Severity Escalate(string ruleId, Severity severity)
    {
        if (severity != Severity.Warning) return severity;
        if (warningsAsErrors.Contains(ruleId)) return Severity.Error;
        return TreatWarningsAsErrors && !warningsNotAsErrors.Contains(ruleId) ? Severity.Error : severity;
    }

    /// <summary>A text that changes whenever the outcome can: for caches keyed on the options.</summary>
    public override string ToString() =>
        $"nowarn={Join(noWarn)};warnaserror={Join(warningsAsErrors)};notaserror={Join(warningsNotAsErrors)};all={TreatWarningsAsErrors}";

    private static string Join(IEnumerable<string> ids) => string.Join(",", ids.Select(i => i.ToUpperInvariant()).OrderBy(i => i, StringComparer.Ordinal));
}
