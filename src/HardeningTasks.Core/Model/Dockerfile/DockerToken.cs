using System;
using System.Collections.Generic;

namespace HardeningTasks.Core.Model.Dockerfile;

/// <summary>A piece of a Dockerfile and where it was written (a keyword, a flag value, an image word, an ARG name…).</summary>
public readonly record struct DockerToken(string Text, SourceSpan Span)
{
    public override string ToString() => Text;
}

/// <summary>
/// Maps offsets in an instruction's logical line (its physical lines joined after the continuation characters,
/// comment lines and empty lines are removed, as BuildKit joins them) back to physical lines and columns.
/// </summary>
public sealed class LineMap
{
    private readonly IReadOnlyList<Segment> segments;
    private readonly int delta;

    internal LineMap(IReadOnlyList<Segment> segments, int delta = 0)
    {
        this.segments = segments;
        this.delta = delta;
    }

    /// <summary>A run of the logical line that was written contiguously on one physical line.</summary>
    internal readonly record struct Segment(int Offset, int Length, int Line, int Column);

    /// <summary>The same map for a suffix of the logical line that starts at <paramref name="offset"/>.</summary>
    internal LineMap From(int offset) => new(segments, delta + offset);

    /// <summary>The physical line and column (1-based) of the character at <paramref name="offset"/>.</summary>
    public (int Line, int Column) Position(int offset)
    {
        var o = offset + delta;
        if (segments.Count == 0) return (1, 1);
        // The last segment starting at or before o (segments are in offset order): a binary search, since an instruction
        // with thousands of continuation lines asks this for every word.
        int low = 0, high = segments.Count - 1;
        while (low < high)
        {
            var middle = low + (high - low + 1) / 2;
            if (segments[middle].Offset <= o) low = middle;
            else high = middle - 1;
        }
        var seg = segments[low];
        // Past the end of the last segment: the position right after it, on its line.
        var within = Math.Max(0, o - seg.Offset);
        return (seg.Line, seg.Column + within);
    }

    /// <summary>The span of the characters [<paramref name="start"/>, <paramref name="end"/>) of the logical line.
    /// A span that crosses a continuation ends on the line of its last character.</summary>
    public SourceSpan Span(int start, int end)
    {
        var (line, column) = Position(start);
        if (end <= start) return new SourceSpan(line, column, line, column);
        var (endLine, endColumn) = Position(end - 1);
        return new SourceSpan(line, column, endLine, endColumn + 1);
    }
}
