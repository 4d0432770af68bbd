using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Fixes;

/// <summary>A mapping entry of the YAML as written, with the mapping it is in.</summary>
internal sealed record YamlEntry(YMapping Parent, YEntry Entry);

/// <summary>
/// Finding the YAML a finding points at in the file as written, and the text around it: which lines a block covers,
/// how deep its keys are indented, whether a collection is written in flow style. Nodes reached through an alias or a
/// merge key are the anchored ones, so only what is written in place is edited in place.
/// </summary>
internal static class YamlText
{
    /// <summary>Every mapping entry of the document, each once (an anchored mapping is walked where it is written).</summary>
    public static IEnumerable<YamlEntry> Entries(YNode? root)
    {
        if (root == null) yield break;
        var seen = new HashSet<YNode>(NodeIdentity.Instance);
        var pending = new Stack<YNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (!seen.Add(node)) continue;
            switch (node)
            {
                case YMapping map:
                    for (var i = map.Entries.Count - 1; i >= 0; i--) pending.Push(map.Entries[i].Value);
                    foreach (var entry in map.Entries) yield return new YamlEntry(map, entry);
                    break;
                case YSequence seq:
                    for (var i = seq.Items.Count - 1; i >= 0; i--) pending.Push(seq.Items[i]);
                    break;
            }
        }
    }

    /// <summary>Every node of the document, each once.</summary>
    public static IEnumerable<YNode> Nodes(YNode? root)
    {
        if (root == null) yield break;
        var seen = new HashSet<YNode>(NodeIdentity.Instance);
        var pending = new Stack<YNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (!seen.Add(node)) continue;
            yield return node;
            switch (node)
            {
                case YMapping map:
                    foreach (var entry in map.Entries)
                    {
                        pending.Push(entry.Value);
                        pending.Push(entry.Key);
                    }
                    break;
                case YSequence seq:
                    foreach (var item in seq.Items) pending.Push(item);
                    break;
            }
        }
    }

    /// <summary>The entry whose key starts at the span's start.</summary>
    public static YamlEntry? EntryWithKeyAt(YNode? root, SourceSpan at) =>
        Entries(root).FirstOrDefault(e => Starts(e.Entry.Key, at));

    /// <summary>The sequence holding an item that starts at the span's start, and the item's index.</summary>
    public static (YSequence Sequence, int Index)? ItemAt(YNode? root, SourceSpan at)
    {
        foreach (var node in Nodes(root))
            if (node is YSequence seq)
                for (var i = 0; i < seq.Items.Count; i++)
                    if (Starts(seq.Items[i], at)) return (seq, i);
        return null;
    }

    public static bool Starts(YNode node, SourceSpan at) => node.Location.Span.Line == at.Line && node.Location.Span.Column == at.Column;

    /// <summary>True when the collection is written in flow style (<c>[a, b]</c>, <c>{a: b}</c>).</summary>
    public static bool IsFlow(FixDocument document, YNode collection)
    {
        var line = document.Line(collection.Location.Span.Line);
        var column = collection.Location.Span.Column - 1;
        return column < line.Length && line[column] is '[' or '{';
    }

    /// <summary>
    /// The last line holding text of the block that starts at the key on <paramref name="keyLine"/> and whose content is
    /// <paramref name="value"/>: the last line any node of it is written on (a block scalar ends where its last
    /// non-blank line is, not where the parser's mark is), never before the key's line.
    /// </summary>
    public static int LastLine(FixDocument document, int keyLine, YNode value)
    {
        var last = keyLine;
        foreach (var node in Nodes(value))
        {
            var span = node.Location.Span;
            if (span.Line < keyLine) continue; // an alias to an anchor written before the block
            var end = span.EndColumn == 1 && span.EndLine > span.Line ? span.EndLine - 1 : span.EndLine;
            last = Math.Max(last, end);
        }
        while (last > keyLine && document.Line(last).Trim().Length == 0) last--;
        // what no node marks: the closing bracket of a flow collection written over several lines
        var indent = document.Indent(keyLine);
        for (var line = last + 1; line <= document.LineCount; line++)
        {
            if (document.IsBlankOrComment(line)) continue;
            if (document.Indent(line) <= indent) break;
            last = line;
        }
        return last;
    }

    /// <summary>The column (1-based) the keys of a block mapping are written at: that of its first key written after
    /// <paramref name="afterLine"/>, else the indentation of the first content line after it; null when there is none.</summary>
    public static int? KeyColumn(FixDocument document, YMapping map, int afterLine)
    {
        foreach (var entry in map.Entries)
            if (entry.Key.Location.Span.Line > afterLine && entry.Key.Location.FilePath == document.Path)
                return entry.Key.Location.Span.Column;
        for (var line = afterLine + 1; line <= document.LineCount; line++)
            if (!document.IsBlankOrComment(line))
                return document.Indent(line) > document.Indent(afterLine) ? document.Indent(line) + 1 : null;
        return null;
    }

    /// <summary>The quote a scalar is written with (<c>"</c> or <c>'</c>), or null for a plain scalar.</summary>
    public static char? Quote(FixDocument document, YScalar scalar)
    {
        var text = document.Slice(scalar.Location.Span);
        return text.Length >= 2 && text[0] is '"' or '\'' ? text[0] : null;
    }

    /// <summary>A string written the way <paramref name="like"/> is quoted: plain when it was plain and the value needs no
    /// quotes, else in the same quotes (double quotes when it was plain).</summary>
    public static string Written(string value, char? quote, bool inFlow = false) => quote switch
    {
        '\'' => "'" + value.Replace("'", "''") + "'",
        '"' => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"",
        _ when NeedsQuotes(value, inFlow) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"",
        _ => value,
    };

    /// <summary>Whether a plain scalar would read differently (or not at all).</summary>
    private static bool NeedsQuotes(string value, bool inFlow)
    {
        if (value.Length == 0 || value.Trim() != value) return true;
        // '-', '?' and ':' start a plain scalar unless a space follows ("--flag" is plain); the others never do
        if ("-?:".IndexOf(value[0]) >= 0 ? value.Length == 1 || value[1] == ' ' : ",[]{}#&*!|>'\"%@`".IndexOf(value[0]) >= 0) return true;
        if (value.IndexOf(": ", StringComparison.Ordinal) >= 0 || value.IndexOf(" #", StringComparison.Ordinal) >= 0 || value.EndsWith(":", StringComparison.Ordinal)) return true;
        if (inFlow && value.IndexOfAny(new[] { ',', '[', ']', '{', '}' }) >= 0) return true;
        return false;
    }

    public static string Spaces(int count) => new(' ', Math.Max(0, count));
}

/// <summary>Nodes compared by identity: an anchored node reached twice is one node (ReferenceEqualityComparer is not on net472).</summary>
internal sealed class NodeIdentity : IEqualityComparer<YNode>
{
    public static readonly NodeIdentity Instance = new();

    public bool Equals(YNode? x, YNode? y) => ReferenceEquals(x, y);

    public int GetHashCode(YNode obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
}

/// <summary>A YAML line that holds exactly one thing: a block-sequence item or a mapping entry with a one-line scalar.</summary>
internal static class YamlLines
{
    /// <summary>True when line <paramref name="line"/> is <c>- item</c> (with an optional comment) and nothing else.</summary>
    public static bool IsWholeItem(FixDocument document, YScalar item)
    {
        var span = item.Location.Span;
        if (span.Line != span.EndLine) return false;
        var text = document.Line(span.Line);
        var before = text.Substring(0, Math.Min(text.Length, span.Column - 1)).TrimEnd();
        return before.Trim() == "-" && Rest(text, span.EndColumn);
    }

    /// <summary>True when line of <paramref name="entry"/>'s key is <c>key: value</c> (with an optional comment) and nothing else.</summary>
    public static bool IsWholeEntry(FixDocument document, YEntry entry)
    {
        var key = entry.Key.Location.Span;
        if (entry.Value is not YScalar value || value.Location.Span.Line != key.Line || value.Location.Span.EndLine != key.Line) return false;
        var text = document.Line(key.Line);
        return text.Substring(0, Math.Min(text.Length, key.Column - 1)).Trim().Length == 0 && Rest(text, value.Location.Span.EndColumn);
    }

    private static bool Rest(string line, int fromColumn)
    {
        var rest = fromColumn - 1 < line.Length ? line.Substring(fromColumn - 1).Trim() : "";
        return rest.Length == 0 || rest[0] == '#';
    }
}
