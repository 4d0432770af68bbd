using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Yaml;
using HardeningTasks.Core.Rules.Container;

namespace HardeningTasks.Core.Fixes;

/// <summary>HRD022: <c>no-new-privileges:true</c> added to the service's <c>security_opt</c> (written in the same style as
/// its other items), an explicit <c>no-new-privileges:false</c> turned to true, or a new <c>security_opt</c> key.</summary>
internal sealed class NoNewPrivilegesFix : MechanicalFix
{
    private const string Option = "no-new-privileges:true";

    public override IReadOnlyList<string> RuleIds { get; } = new[] { MissingNoNewPrivilegesRule.Definition.Id };

    public override CodeFix? Create(Finding finding, FixContext context)
    {
        var document = context.Document(finding.Location.FilePath);
        if (document == null || YamlText.EntryWithKeyAt(document.Yaml, finding.Location.Span) is not { } service) return null;
        if (service.Entry.Value is not YMapping body || YamlText.IsFlow(document, body)) return null;
        var keyLine = service.Entry.Key.Location.Span.Line;
        var title = $"Add no-new-privileges:true to service '{service.Entry.Name}'";

        if (body.Entry("security_opt") is { } existing)
        {
            // Written here, not merged in from an anchor elsewhere: else the edit would change other services too.
            var at = existing.Key.Location.Span.Line;
            if (at <= keyLine || at > YamlText.LastLine(document, keyLine, body)) return null;
            if (existing.Value is not YSequence options || options.Items.Any(i => i is not YScalar)) return null;
            var items = options.Items.Cast<YScalar>().ToList();
            var off = items.Where(i => MissingNoNewPrivilegesRule.Parse(i.Value) == false).ToList();
            if (off.Count > 0)
                return Fix(title, finding, document, off.Select(i => new TextEdit(i.Location.Span,
                    YamlText.Written(Option, YamlText.Quote(document, i), YamlText.IsFlow(document, options)))).ToArray());
            if (YamlText.IsFlow(document, options))
            {
                if (items.Count == 0) return null;
                var last = items[items.Count - 1];
                return Fix(title, finding, document, TextEdit.Insert(last.Location.Span.EndLine, last.Location.Span.EndColumn,
                    ", " + YamlText.Written(Option, YamlText.Quote(document, last), inFlow: true)));
            }
            if (items.Count == 0 || items.Any(i => i.Location.Span.Line != i.Location.Span.EndLine)) return null;
            var previous = items[items.Count - 1];
            var line = document.Line(previous.Location.Span.Line);
            var dash = line.IndexOf('-');
            if (dash < 0 || line.Substring(0, dash).Trim().Length != 0) return null;
            var item = line.Substring(0, previous.Location.Span.Column - 1) + YamlText.Written(Option, YamlText.Quote(document, previous));
            return Fix(title, finding, document, TextEdits.InsertLinesAfter(document, previous.Location.Span.Line, new[] { item }));
        }

        // A security_opt from another file (an overlay, extends) would be replaced by a new key here, not added to.
        if (context.ServiceAt(finding.Location) is { } model && model["security_opt"] is { } inherited
            && !PathsEqual(inherited.Location.FilePath, document.Path)) return null;
        if (YamlText.KeyColumn(document, body, keyLine) is not { } column) return null;
        var end = YamlText.LastLine(document, keyLine, body);
        var indent = YamlText.Spaces(column - 1);
        return Fix(title, finding, document, TextEdits.InsertLinesAfter(document, end, new[] { indent + "security_opt:", indent + "  - " + Option }));
    }

    private static bool PathsEqual(string a, string b) => IO.PathText.Comparer.Equals(a, b);
}
