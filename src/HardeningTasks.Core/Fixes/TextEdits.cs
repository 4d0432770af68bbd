using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Fixes;

/// <summary>Applying edits to a text, and where a position of the old text is in the new one.</summary>
public static class TextEdits
{
    /// <summary>The text after the edits (which must not overlap; two insertions at one place keep their order).</summary>
    public static string Apply(FixDocument document, IEnumerable<TextEdit> edits)
    {
        var ordered = Resolve(document, edits);
        var text = new StringBuilder(document.Text.Length + ordered.Sum(e => e.Text.Length));
        var at = 0;
        foreach (var (start, end, newText) in ordered)
        {
            if (start < at) throw new ArgumentException("The edits overlap.", nameof(edits));
            text.Append(document.Text, at, start - at).Append(newText);
            at = end;
        }
        return text.Append(document.Text, at, document.Text.Length - at).ToString();
    }

    /// <summary>True when no two of the edits overlap (insertions at the same place do not).</summary>
    public static bool Disjoint(FixDocument document, IEnumerable<TextEdit> edits)
    {
        var at = 0;
        foreach (var (start, end, _) in Resolve(document, edits))
        {
            if (start < at) return false;
            at = end;
        }
        return true;
    }

    /// <summary>
    /// Where the position (<paramref name="line"/>, <paramref name="column"/>) of the old text is after the edits: moved
    /// by the edits before it; a position inside a replaced range goes to the start of its replacement.
    /// </summary>
    public static (int Line, int Column) Map(FixDocument before, FixDocument after, IEnumerable<TextEdit> edits, int line, int column)
    {
        var offset = before.Offset(line, column);
        var delta = 0;
        foreach (var (start, end, text) in Resolve(before, edits))
        {
            if (start > offset || (start == offset && end == start)) break;
            if (offset < end) return after.Position(start + delta);
            delta += text.Length - (end - start);
        }
        return after.Position(offset + delta);
    }

    private static List<(int Start, int End, string Text)> Resolve(FixDocument document, IEnumerable<TextEdit> edits) =>
        edits.Select((e, i) => (Start: document.Offset(e.Range.Line, e.Range.Column), End: document.Offset(e.Range.EndLine, e.Range.EndColumn), e.NewText, Index: i))
            .OrderBy(e => e.Start).ThenBy(e => e.End).ThenBy(e => e.Index)
            .Select(e => (e.Start, Math.Max(e.Start, e.End), e.NewText))
            .ToList();

    /// <summary>The span of <paramref name="length"/> characters from a 1-based position on one line.</summary>
    public static SourceSpan On(int line, int column, int length) => new(line, column, line, column + length);

    /// <summary>Whole lines <paramref name="first"/> to <paramref name="last"/> with their terminators; for the last line of
    /// a file without one, the terminator before the lines goes instead.</summary>
    public static TextEdit DeleteLines(FixDocument document, int first, int last)
    {
        if (document.HasTerminator(last)) return new TextEdit(new SourceSpan(first, 1, last + 1, 1), "");
        if (first == 1) return new TextEdit(new SourceSpan(1, 1, last, document.Line(last).Length + 1), "");
        return new TextEdit(new SourceSpan(first - 1, document.Line(first - 1).Length + 1, last, document.Line(last).Length + 1), "");
    }

    /// <summary>Inserts whole lines after <paramref name="line"/> (each given without a terminator), in the file's line ends.</summary>
    public static TextEdit InsertLinesAfter(FixDocument document, int line, IEnumerable<string> lines)
    {
        var end = document.Line(line).Length + 1;
        return TextEdit.Insert(line, end, string.Concat(lines.Select(l => document.Newline + l)));
    }

    /// <summary>Inserts whole lines before <paramref name="line"/> (each given without a terminator).</summary>
    public static TextEdit InsertLinesBefore(FixDocument document, int line, IEnumerable<string> lines) =>
        TextEdit.Insert(line, 1, string.Concat(lines.Select(l => l + document.Newline)));
}
