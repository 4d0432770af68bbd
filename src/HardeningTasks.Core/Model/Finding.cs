namespace HardeningTasks.Core.Model;

/// <summary>
/// One result of one rule. <see cref="Severity"/> starts as the rule's default; the engine replaces it
/// with the effective severity after .editorconfig and suppressions have been applied.
/// </summary>
public sealed record Finding(RuleDescriptor Rule, SourceLocation Location, string Message, string? Subject, string? Value)
{
    public Severity Severity { get; init; } = Rule.DefaultSeverity;

    /// <summary>
    /// Set when the finding was accepted, by a <c># hardening-ignore</c> comment or by the baseline: it is then not
    /// reported in the build or the CLI's text, but stays in SARIF with the reason, as Roslyn keeps suppressed diagnostics.
    /// </summary>
    public FindingSuppression? Suppression { get; init; }

    /// <summary>What a baseline said about the finding; <see cref="BaselineState.None"/> when no baseline was in use.</summary>
    public BaselineState BaselineState { get; init; }

    public string RuleId => Rule.Id;

    public override string ToString() => $"{Location}: {Severity.ToWord()} {Rule.Id}: {Message}";
}

/// <summary>SARIF's suppression kinds: a comment in the file itself, or a list kept outside it (the baseline).</summary>
public enum SuppressionKind
{
    InSource,
    External,
}

/// <summary>Why a finding is not reported: the kind, the reason written with it, and where the suppression is written (the comment; null for the baseline).</summary>
public sealed record FindingSuppression(SuppressionKind Kind, string Justification, SourceLocation? Location);

/// <summary>SARIF's <c>baselineState</c> for the values a baseline gives.</summary>
public enum BaselineState
{
    None,
    New,
    Unchanged,
}
