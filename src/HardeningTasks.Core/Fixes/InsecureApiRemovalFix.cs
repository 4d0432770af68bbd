using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Traefik;
using HardeningTasks.Core.Rules.Transport;

namespace HardeningTasks.Core.Fixes;

/// <summary>HRD013: the <c>api.insecure</c> setting removed wherever it is written — its line in a static file (YAML or
/// TOML), its <c>command:</c> item or flag, its <c>environment:</c> entry. The API stays as configured otherwise.</summary>
internal sealed class InsecureApiRemovalFix : MechanicalFix
{
    private static readonly Regex TomlLine = new(@"^\s*(?:""?api""?\s*\.\s*)?""?insecure""?\s*=\s*[^\s#]+\s*(?:#.*)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex Flag = new(@"--api\.insecure(?:=\S*)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public override IReadOnlyList<string> RuleIds { get; } = new[] { InsecureApiRule.Definition.Id };

    public override CodeFix? Create(Finding finding, FixContext context)
    {
        var document = context.Document(finding.Location.FilePath);
        var setting = context.Stacks.SelectMany(s => s.Traefik.Instances).Select(i => i.Static["api.insecure"])
            .FirstOrDefault(s => s != null && FixContext.Same(s.Location, finding.Location));
        if (document == null || setting == null) return null;
        const string title = "Remove api.insecure";
        var span = finding.Location.Span;

        if (setting.Source == TraefikSource.File && document.Path.EndsWith(".toml", StringComparison.OrdinalIgnoreCase))
            return TomlLine.IsMatch(document.Line(span.Line)) ? Fix(title, finding, document, TextEdits.DeleteLines(document, span.Line, span.Line)) : null;
        if (YamlText.EntryWithKeyAt(document.Yaml, span) is { } entry)
            return YamlLines.IsWholeEntry(document, entry.Entry) && !YamlText.IsFlow(document, entry.Parent)
                ? Fix(title, finding, document, TextEdits.DeleteLines(document, span.Line, span.Line)) : null;
        if (YamlText.ItemAt(document.Yaml, span) is { } item && item.Sequence.Items[item.Index] is Model.Yaml.YScalar scalar
            && (setting.Source == TraefikSource.Environment || IsOnlyTheFlag(scalar.Value)))
            return YamlLines.IsWholeItem(document, scalar) ? Fix(title, finding, document, TextEdits.DeleteLines(document, span.Line, span.Line)) : null;
        if (setting.Source != TraefikSource.Command || span.Line != span.EndLine) return null;

        // a flag inside a one-string command: the flag and the blanks after it (before it, when it ends the string)
        var line = document.Line(span.Line);
        var match = Flag.Match(line, Math.Max(0, span.Column - 1));
        if (!match.Success || match.Index != span.Column - 1) return null;
        var end = match.Index + match.Length;
        var start = match.Index;
        if (end < line.Length && line[end] == ' ')
            while (end < line.Length && line[end] == ' ') end++;
        else
            while (start > 0 && line[start - 1] == ' ') start--;
        return Fix(title, finding, document, new TextEdit(new SourceSpan(span.Line, start + 1, span.Line, end + 1), ""));
    }

    private static bool IsOnlyTheFlag(string item)
    {
        var match = Flag.Match(item.Trim());
        return match.Success && match.Index == 0 && match.Length == item.Trim().Length;
    }
}
