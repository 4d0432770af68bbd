using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Rules.Dockerfile;

namespace HardeningTasks.Core.Fixes;

/// <summary>HRD062: <c>ADD</c> → <c>COPY</c> when the instruction does nothing only ADD does: every source is a local
/// path that is not an archive (or the sources are heredocs), no variable could make one a URL or an archive, and it uses
/// no flag COPY lacks. <c>ADD &lt;url&gt;</c> without a checksum needs the hash only the user can vouch for: no fix.</summary>
internal sealed class CopyInsteadOfAddFix : MechanicalFix
{
    private static readonly HashSet<string> SharedFlags = new(StringComparer.Ordinal) { "chown", "chmod", "link", "exclude" };

    public override IReadOnlyList<string> RuleIds { get; } = new[] { AddInsteadOfCopyRule.Definition.Id };

    public override CodeFix? Create(Finding finding, FixContext context)
    {
        var document = context.Document(finding.Location.FilePath);
        if (document == null || DockerfileText.InstructionAt(document, finding.Location.Line) is not { } add || !add.Is("ADD")) return null;
        if (add.Flags.Any(f => !SharedFlags.Contains(f.Name))) return null;
        var sources = add.IsJsonForm ? add.Words.Take(add.Words.Count - 1) : add.Words.Take(add.Words.Count - 1).Where(w => !w.Text.StartsWith("<<", StringComparison.Ordinal));
        if (add.Heredocs.Count == 0 && add.Words.Count < 2) return null;
        foreach (var source in sources)
        {
            var text = source.Text.Trim('"', '\'');
            if (text.IndexOf('$') >= 0 || text.IndexOf("://", StringComparison.Ordinal) >= 0 || text.StartsWith("git@", StringComparison.Ordinal)) return null;
            if (AddInsteadOfCopyRule.IsArchive(text)) return null;
        }
        var keyword = add.KeywordToken;
        return Fix("Use COPY instead of ADD", finding, document, new TextEdit(keyword.Span, DockerfileText.Keyword("COPY", keyword.Text)));
    }
}
