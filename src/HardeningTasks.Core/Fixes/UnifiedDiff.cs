using System;
using System.Collections.Generic;
using System.Text;

namespace HardeningTasks.Core.Fixes;

/// <summary>A unified diff (<c>diff -u</c>, as <c>git apply</c> and <c>patch -p1</c> read it) of two versions of a file.</summary>
public static class UnifiedDiff
{
    private const int Context = 3;

    /// <param name="oldName">The name after <c>--- </c> (e.g. <c>a/deploy/compose.yml</c>).</param>
    /// <param name="newName">The name after <c>+++ </c>.</param>
    /// <returns>The diff, empty when the texts are equal.</returns>
    public static string Of(string oldName, string newName, string oldText, string newText)
    {
        if (oldText == newText) return "";
        var a = Lines(oldText);
        var b = Lines(newText);
        var script = Script(a, b);
        var output = new StringBuilder();
        output.Append("--- ").Append(oldName).Append('\n').Append("+++ ").Append(newName).Append('\n');
        var i = 0;
        while (i < script.Count)
        {
            if (script[i].Op == ' ') { i++; continue; }
            // a hunk: from Context lines before this change to Context lines after the last change that is close enough
            var start = Math.Max(0, i - Context);
            var end = i;
            while (true)
            {
                while (end < script.Count && script[end].Op != ' ') end++;
                var next = end;
                while (next < script.Count && script[next].Op == ' ') next++;
                if (next < script.Count && next - end <= 2 * Context) { end = next; continue; }
                end = Math.Min(script.Count, end + Context);
                break;
            }
            int oldStart = script[start].OldIndex, newStart = script[start].NewIndex, oldCount = 0, newCount = 0;
            for (var k = start; k < end; k++)
            {
                if (script[k].Op != '+') oldCount++;
                if (script[k].Op != '-') newCount++;
            }
            output.Append("@@ -").Append(Range(oldStart, oldCount)).Append(" +").Append(Range(newStart, newCount)).Append(" @@\n");
            for (var k = start; k < end; k++)
            {
                var (op, text, terminated) = (script[k].Op, script[k].Text, script[k].Terminated);
                output.Append(op).Append(text).Append('\n');
                if (!terminated) output.Append("\\ No newline at end of file\n");
            }
            i = end;
        }
        return output.ToString();
    }

    private static string Range(int index, int count) =>
        count == 0 ? index + ",0" : count == 1 ? (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : (index + 1) + "," + count;

    private readonly record struct Line(string Text, bool Terminated);

    private readonly record struct Step(char Op, string Text, bool Terminated, int OldIndex, int NewIndex);

    /// <summary>The lines, each with its terminator removed (a CR of a CRLF is kept in the text, as diff shows it).</summary>
    private static List<Line> Lines(string text)
    {
        var lines = new List<Line>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n') continue;
            lines.Add(new Line(text.Substring(start, i - start), true));
            start = i + 1;
        }
        if (start < text.Length) lines.Add(new Line(text.Substring(start), false));
        return lines;
    }

    /// <summary>Myers' shortest edit script over the lines.</summary>
    private static List<Step> Script(List<Line> a, List<Line> b)
    {
        int n = a.Count, m = b.Count, max = n + m;
        var v = new int[2 * max + 2];
        var trace = new List<int[]>();
        for (var d = 0; d <= max; d++)
        {
            trace.Add((int[])v.Clone());
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[max + k - 1] < v[max + k + 1]) ? v[max + k + 1] : v[max + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[x] == b[y]) { x++; y++; }
                v[max + k] = x;
                if (x >= n && y >= m) return Backtrack(a, b, trace, max, d);
            }
        }
        throw new InvalidOperationException("unreachable");
    }

    private static List<Step> Backtrack(List<Line> a, List<Line> b, List<int[]> trace, int max, int depth)
    {
        var steps = new List<Step>();
        int x = a.Count, y = b.Count;
        for (var d = depth; d > 0; d--)
        {
            var v = trace[d];
            var k = x - y;
            var previousK = k == -d || (k != d && v[max + k - 1] < v[max + k + 1]) ? k + 1 : k - 1;
            var previousX = v[max + previousK];
            var previousY = previousX - previousK;
            while (x > previousX && y > previousY) { x--; y--; steps.Add(new Step(' ', a[x].Text, a[x].Terminated, x, y)); }
            if (x == previousX) { y--; steps.Add(new Step('+', b[y].Text, b[y].Terminated, x, y)); }
            else { x--; steps.Add(new Step('-', a[x].Text, a[x].Terminated, x, y)); }
        }
        while (x > 0 && y > 0) { x--; y--; steps.Add(new Step(' ', a[x].Text, a[x].Terminated, x, y)); }
        steps.Reverse();
        return steps;
    }
}
