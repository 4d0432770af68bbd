using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Fixes;

/// <summary>
/// The fixes of a finding, for every front end: the editor's code actions and <c>hardening fix</c> ask here. Every
/// finding can be suppressed with a comment or switched off in .editorconfig; the rules in <see cref="FixableRules"/>
/// also have a mechanical fix where it is safe.
/// </summary>
public static class CodeFixes
{
    private static readonly MechanicalFix[] Mechanical =
    {
        new NoNewPrivilegesFix(),
        new LoopbackPortFix(),
        new HealthyDependencyFix(),
        new CopyInsteadOfAddFix(),
        new ExecFormFix(),
        new HttpsRedirectionFix(),
        new InsecureApiRemovalFix(),
    };

    private static readonly Dictionary<string, MechanicalFix> ByRule =
        Mechanical.SelectMany(f => f.RuleIds.Select(id => (id, f))).ToDictionary(p => p.id, p => p.f, StringComparer.Ordinal);

    /// <summary>The rules that have a mechanical fix, sorted.</summary>
    public static IReadOnlyList<string> FixableRules { get; } = ByRule.Keys.OrderBy(id => id, StringComparer.Ordinal).ToList();

    /// <summary>The mechanical fix of <paramref name="finding"/>, or null when its rule has none or none is safe here.</summary>
    public static CodeFix? MechanicalFix(Finding finding, FixContext context) =>
        ByRule.TryGetValue(finding.RuleId, out var fix) ? Guard(() => fix.Create(finding, context)) : null;

    public static CodeFix? SuppressWithComment(Finding finding, FixContext context) => Guard(() => SuppressionCommentFix.Create(finding, context));

    public static CodeFix? ConfigureSeverity(Finding finding, FixContext context) => Guard(() => EditorConfigSeverityFix.Create(finding, context));

    /// <summary>Every fix of <paramref name="finding"/>: the mechanical one first, then the suppression and the severity.</summary>
    public static IReadOnlyList<CodeFix> For(Finding finding, FixContext context) =>
        new[] { MechanicalFix(finding, context), SuppressWithComment(finding, context), ConfigureSeverity(finding, context) }
            .Where(f => f != null).Select(f => f!).ToList();

    /// <summary>A fix that fails on text it did not expect (a bug of ours) is not offered; the finding and the other fixes stay.</summary>
    private static CodeFix? Guard(Func<CodeFix?> create)
    {
        try
        {
            return create();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _ = ex; // as a rule that fails on a file: the rest goes on
            return null;
        }
    }
}
