using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Fixes;

/// <summary>
/// "Suppress HRDxxx with a comment": <c># hardening-ignore HRDxxx &lt;reason&gt;</c> on its own line, indented like the
/// line it covers, where <see cref="Reporting.InlineSuppressions"/> honours it — before the YAML line of the finding (for a
/// key that opens a block, the comment covers the block), before the first line of the Dockerfile instruction. Not
/// offered inside a multi-line YAML string or on a Dockerfile parser directive, where a comment line would change the
/// value or end the directives.
/// </summary>
internal static class SuppressionCommentFix
{
    public static CodeFix? Create(Finding finding, FixContext context)
    {
        var document = context.Document(finding.Location.FilePath);
        if (document == null) return null;
        var line = finding.Location.Line;
        if (InputClassifier.Classify(document.Path) == InputKind.Dockerfile)
        {
            if (document.Dockerfile is { } model && model.Directives.Any(d => d.Line == line)) return null;
            line = DockerfileText.InstructionAt(document, line)?.StartLine ?? line;
        }
        else if (YamlText.Nodes(document.Yaml).OfType<YScalar>().Any(s => s.Location.Span.Line < line && line < s.Location.Span.EndLine
                     || (s.Location.Span.Line < line && line == s.Location.Span.EndLine && s.Location.Span.EndColumn > 1)))
        {
            return null;
        }
        if (line > document.LineCount) line = document.LineCount;
        var comment = YamlText.Spaces(document.Indent(line)) + "# hardening-ignore " + finding.RuleId + " <reason>";
        return new CodeFix($"Suppress {finding.RuleId} with a comment", FixKind.SuppressWithComment, finding.RuleId, new[] { finding },
            new[] { new FileChange(document.Path, new[] { TextEdits.InsertLinesBefore(document, line, new[] { comment }) }) });
    }
}
