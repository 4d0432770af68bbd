using System.Collections.Generic;
using System.Linq;
using System.Text;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Yaml;
using HardeningTasks.Core.Rules.Reliability;

namespace HardeningTasks.Core.Fixes;

/// <summary>
/// HRD051: the dependency awaited with <c>condition: service_healthy</c>. A <c>depends_on</c> list becomes the long
/// syntax — every dependency this rule reports in it gets <c>service_healthy</c>, the others keep
/// <c>service_started</c>, which is what the list meant — so one fix resolves the list's findings together; in the long
/// syntax the <c>condition</c> is set or added.
/// </summary>
internal sealed class HealthyDependencyFix : MechanicalFix
{
    private const string Healthy = "service_healthy";

    public override IReadOnlyList<string> RuleIds { get; } = new[] { DependencyNotHealthyRule.Definition.Id };

    public override CodeFix? Create(Finding finding, FixContext context)
    {
        var document = context.Document(finding.Location.FilePath);
        if (document == null) return null;
        var title = $"Wait for '{finding.Value}' to be healthy (condition: service_healthy)";
        if (YamlText.ItemAt(document.Yaml, finding.Location.Span) is { } item)
            return LongSyntax(finding, context, document, item.Sequence);
        if (YamlText.EntryWithKeyAt(document.Yaml, finding.Location.Span) is not { } dependency) return null;
        if (dependency.Entry.Value is not YMapping options || options.Entries.Count == 0) return null;
        var keyLine = dependency.Entry.Key.Location.Span.Line;
        var written = options.Entry("condition") is { } condition && condition.Key.Location.Span.Line > keyLine
                      && condition.Key.Location.Span.Line <= YamlText.LastLine(document, keyLine, options) ? condition : null;
        if (written != null)
        {
            // the condition written here: set it
            if (written.Value is not YScalar value || value.Location.Span.Line != value.Location.Span.EndLine) return null;
            return Fix(title, finding, document, new TextEdit(value.Location.Span, YamlText.Written(Healthy, YamlText.Quote(document, value))));
        }
        // none here (or one merged in from an anchor that others share): an explicit key, which wins over a merged one
        if (YamlText.IsFlow(document, options))
        {
            var first = options.Entries[0].Key.Location.Span;
            return first.Line == keyLine ? Fix(title, finding, document, TextEdit.Insert(first.Line, first.Column, "condition: " + Healthy + ", ")) : null;
        }
        if (YamlText.KeyColumn(document, options, keyLine) is not { } column) return null;
        return Fix(title, finding, document, TextEdits.InsertLinesAfter(document, keyLine, new[] { YamlText.Spaces(column - 1) + "condition: " + Healthy }));
    }

    private static CodeFix? LongSyntax(Finding finding, FixContext context, FixDocument document, YSequence list)
    {
        if (list.Items.Count == 0 || list.Items.Any(i => i is not YScalar { IsNull: false } s || s.Location.Span.Line != s.Location.Span.EndLine)) return null;
        var items = list.Items.Cast<YScalar>().ToList();
        var reported = context.Findings
            .Where(f => f.RuleId == finding.RuleId && IO.PathText.Comparer.Equals(f.Location.FilePath, finding.Location.FilePath)
                        && items.Any(i => YamlText.Starts(i, f.Location.Span)))
            .ToList();
        if (!reported.Any(f => FixContext.Same(f.Location, finding.Location))) reported.Add(finding);
        bool IsReported(YScalar item) => reported.Any(f => YamlText.Starts(item, f.Location.Span));
        var names = string.Join(", ", reported.Select(f => $"'{f.Value}'").Distinct());
        var title = $"Use the long syntax of depends_on, waiting for {names} to be healthy";
        var resolves = reported.Distinct().ToList();

        if (YamlText.IsFlow(document, list))
        {
            var open = list.Location.Span;
            var last = items[items.Count - 1].Location.Span;
            var closeOffset = document.Text.IndexOf(']', document.Offset(last.EndLine, last.EndColumn));
            if (closeOffset < 0) return null;
            var inside = document.Text.Substring(document.Offset(open.Line, open.Column), closeOffset - document.Offset(open.Line, open.Column));
            if (inside.IndexOf('#') >= 0 && items.All(i => document.Slice(i.Location.Span).IndexOf('#') < 0)) return null; // a comment inside
            var (closeLine, closeColumn) = document.Position(closeOffset + 1);
            var text = "{" + string.Join(", ", items.Select(i => document.Slice(i.Location.Span) + ": {condition: " + (IsReported(i) ? Healthy : "service_started") + "}")) + "}";
            return new CodeFix(title, FixKind.Mechanical, finding.RuleId, resolves,
                new[] { new FileChange(document.Path, new[] { new TextEdit(new SourceSpan(open.Line, open.Column, closeLine, closeColumn), text) }) });
        }

        // Block list: each "- name" line becomes "name:" with its condition below, comments kept where they are.
        var keyColumn = ParentKeyColumn(document, list);
        if (keyColumn == null) return null;
        var edits = new List<TextEdit>();
        foreach (var item in items)
        {
            var span = item.Location.Span;
            var line = document.Line(span.Line);
            var dash = line.IndexOf('-');
            if (dash < 0 || line.Substring(0, dash).Trim().Length != 0 || line.Substring(dash + 1, span.Column - 2 - dash).Trim().Length != 0) return null;
            var column = System.Math.Max(dash + 1, keyColumn.Value + 2);
            var rest = line.Substring(span.EndColumn - 1);
            var text = new StringBuilder()
                .Append(YamlText.Spaces(column - 1)).Append(document.Slice(span)).Append(':').Append(rest)
                .Append(document.Newline).Append(YamlText.Spaces(column + 1)).Append("condition: ").Append(IsReported(item) ? Healthy : "service_started");
            edits.Add(new TextEdit(new SourceSpan(span.Line, 1, span.Line, line.Length + 1), text.ToString()));
        }
        return new CodeFix(title, FixKind.Mechanical, finding.RuleId, resolves, new[] { new FileChange(document.Path, edits) });
    }

    /// <summary>The column of the <c>depends_on</c> key holding the list.</summary>
    private static int? ParentKeyColumn(FixDocument document, YSequence list) =>
        YamlText.Entries(document.Yaml).FirstOrDefault(e => ReferenceEquals(e.Entry.Value, list))?.Entry.Key.Location.Span.Column;
}
