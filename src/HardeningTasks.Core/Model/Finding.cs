namespace HardeningTasks.Core.Model;

/// <summary>
/// One result of one rule. <see cref="Severity"/> starts as the rule's default; the engine replaces it
/// with the effective severity after .editorconfig and suppressions have been applied.
/// </summary>
public sealed record Finding(RuleDescriptor Rule, SourceLocation Location, string Message, string? Subject, string? Value)
{
    public Severity Severity { get; init; } = Rule.DefaultSeverity;

    public string RuleId => Rule.Id;

    public override string ToString() => $"{Location}: {Severity.ToWord()} {Rule.Id}: {Message}";
}
