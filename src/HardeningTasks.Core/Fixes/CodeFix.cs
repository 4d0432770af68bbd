using System.Collections.Generic;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Fixes;

/// <summary>What a fix does: changes the files so the finding is gone (<see cref="Mechanical"/>), or accepts it where
/// the team decides such things (a comment in the file, a severity in .editorconfig).</summary>
public enum FixKind
{
    /// <summary>Rewrites the configuration so the rule is satisfied; what <c>hardening fix</c> applies.</summary>
    Mechanical,

    /// <summary>Inserts <c># hardening-ignore HRDxxx &lt;reason&gt;</c> where the suppression covers the finding.</summary>
    SuppressWithComment,

    /// <summary>Sets the rule's severity to <c>none</c> in the nearest .editorconfig.</summary>
    ConfigureSeverity,
}

/// <summary>Replace <see cref="Range"/> (1-based lines and columns, end exclusive, as findings count them) with <see cref="NewText"/>; an empty range inserts.</summary>
public sealed record TextEdit(SourceSpan Range, string NewText)
{
    public static TextEdit Insert(int line, int column, string text) => new(new SourceSpan(line, column, line, column), text);
}

/// <summary>The edits of one file, in any order and never overlapping; <see cref="Creates"/> when the file does not exist yet.</summary>
public sealed record FileChange(string Path, IReadOnlyList<TextEdit> Edits, bool Creates = false);

/// <summary>
/// A fix for one or more findings: a title as an editor shows it, the edits, and the findings it resolves — after the
/// edits are applied, a new check reports exactly those findings no more and nothing new (the fix tests hold every
/// mechanical fix to that on the fixtures and the corpus).
/// </summary>
public sealed class CodeFix
{
    public CodeFix(string title, FixKind kind, string ruleId, IReadOnlyList<Finding> resolves, IReadOnlyList<FileChange> changes)
    {
        Title = title;
        Kind = kind;
        RuleId = ruleId;
        Resolves = resolves;
        Changes = changes;
    }

    public string Title { get; }
    public FixKind Kind { get; }
    public string RuleId { get; }
    public IReadOnlyList<Finding> Resolves { get; }
    public IReadOnlyList<FileChange> Changes { get; }

    public override string ToString() => Title;
}
