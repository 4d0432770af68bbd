using System.Collections.Generic;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Fixes;

/// <summary>
/// A rewrite that satisfies a rule without a value only the user knows (no memory limit, no digest is invented). One
/// class per fix, named after what it does, the rules it answers at the top. A fix that cannot be made safely in the
/// text as written (a value inherited through an anchor, a flow collection with comments inside) is not offered.
/// </summary>
internal abstract class MechanicalFix
{
    public abstract IReadOnlyList<string> RuleIds { get; }

    /// <summary>The fix for <paramref name="finding"/>, or null when none is safe here.</summary>
    public abstract CodeFix? Create(Finding finding, FixContext context);

    protected static CodeFix Fix(string title, Finding finding, FixDocument document, params TextEdit[] edits) =>
        new(title, FixKind.Mechanical, finding.RuleId, new[] { finding }, new[] { new FileChange(document.Path, edits) });
}
