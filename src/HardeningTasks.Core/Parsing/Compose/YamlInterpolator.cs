using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Parsing.Compose;

/// <summary>
/// Interpolates every scalar value of a compose file into new <see cref="YScalar"/>s at the same location, with
/// <see cref="YScalar.RawValue"/> the text as written and <see cref="YScalar.UnresolvedVariables"/> the variables that were
/// unset with no default. Mapping keys are not interpolated: Docker Compose substitutes values only (compose-spec
/// "Interpolation": "variable substitution only applies to values, not YAML mapping keys"). A node shared through an
/// anchor is interpolated once and stays shared. Malformed expressions are collected as errors, never thrown.
/// </summary>
public sealed class YamlInterpolator
{
    private readonly Func<string, EnvValue?> lookup;
    private readonly Dictionary<YNode, YNode> done = new(ReferenceComparer.Instance);
    private readonly string[]? sourceLines;

    /// <summary>One budget for the whole file: a scalar shared through an anchor is interpolated once, so it is paid once.</summary>
    private readonly ExpansionBudget budget = new();

    /// <param name="sourceText">The file's text, to point an error at the exact line and column of the bad <c>$</c>
    /// inside a multi-line or quoted scalar; without it errors point at the scalar.</param>
    public YamlInterpolator(Func<string, EnvValue?> lookup, string? sourceText = null)
    {
        this.lookup = lookup;
        sourceLines = sourceText?.Split('\n');
    }

    /// <summary>What compose would refuse: one error per offending scalar, at that scalar.</summary>
    public List<LoadError> Errors { get; } = new();

    /// <summary>Every variable the file uses that was unset with no default.</summary>
    public HashSet<string> Unresolved { get; } = new(StringComparer.Ordinal);

    public YNode Interpolate(YNode node)
    {
        if (done.TryGetValue(node, out var result)) return result;
        result = node switch
        {
            YScalar scalar => InterpolateScalar(scalar),
            YSequence sequence => InterpolateSequence(sequence),
            YMapping mapping => InterpolateMapping(mapping),
            _ => node,
        };
        done[node] = result;
        return result;
    }

    private YNode InterpolateScalar(YScalar scalar)
    {
        if (scalar.Value.IndexOf('$') < 0) return scalar;
        var substitution = ComposeInterpolation.Substitute(scalar.Value, lookup, budget);
        if (substitution.Error != null)
        {
            Errors.Add(new LoadError(substitution.Error, Locate(scalar, substitution.ErrorIndex)));
            return scalar;
        }
        foreach (var name in substitution.Unresolved) Unresolved.Add(name);
        if (substitution.Value == scalar.Value && substitution.Unresolved.Count == 0) return scalar;
        // IsPlain stays as written (positions inside the value depend on it); a RawValue makes it never a YAML null.
        return new YScalar(substitution.Value, scalar.IsPlain, scalar.Location, scalar.Tag)
        {
            RawValue = scalar.Value,
            UnresolvedVariables = substitution.Unresolved,
        };
    }

    /// <summary>The position of character <paramref name="index"/> of the scalar's value in the source: found by looking for
    /// the value's line in the scalar's source lines (block scalars, quoted and plain scalars alike); the scalar's start
    /// when the text was transformed beyond recognition (escapes, folding).</summary>
    private SourceSpan Locate(YScalar scalar, int index)
    {
        var span = scalar.Location.Span;
        if (sourceLines == null || index < 0 || index > scalar.Value.Length) return span;
        var value = scalar.Value;
        var lineStart = index == 0 ? 0 : value.LastIndexOf('\n', index - 1) + 1;
        var lineEnd = value.IndexOf('\n', index);
        var segment = value.Substring(lineStart, (lineEnd < 0 ? value.Length : lineEnd) - lineStart);
        if (segment.Length == 0) return span;
        var valueLine = 0;
        for (var i = 0; i < lineStart; i++)
            if (value[i] == '\n') valueLine++;
        for (var line = span.Line + valueLine; line <= span.EndLine && line <= sourceLines.Length; line++)
        {
            var text = sourceLines[line - 1];
            var from = line == span.Line ? Math.Min(span.Column - 1, text.Length) : 0;
            var at = text.IndexOf(segment, from, StringComparison.Ordinal);
            if (at >= 0) return SourceSpan.At(line, at + index - lineStart + 1);
        }
        return span;
    }

    private YNode InterpolateSequence(YSequence sequence)
    {
        List<YNode>? items = null;
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var item = Interpolate(sequence.Items[i]);
            if (items == null && !ReferenceEquals(item, sequence.Items[i]))
            {
                items = new List<YNode>(sequence.Items.Count);
                for (var k = 0; k < i; k++) items.Add(sequence.Items[k]);
            }
            items?.Add(item);
        }
        return items == null ? sequence : new YSequence(items, sequence.Location, sequence.Tag);
    }

    private YNode InterpolateMapping(YMapping mapping)
    {
        List<YEntry>? entries = null;
        for (var i = 0; i < mapping.Entries.Count; i++)
        {
            var entry = mapping.Entries[i];
            var value = Interpolate(entry.Value);
            if (entries == null && !ReferenceEquals(value, entry.Value))
            {
                entries = new List<YEntry>(mapping.Entries.Count);
                for (var k = 0; k < i; k++) entries.Add(mapping.Entries[k]);
            }
            entries?.Add(ReferenceEquals(value, entry.Value) ? entry : new YEntry(entry.Key, value));
        }
        return entries == null ? mapping : new YMapping(entries, mapping.Location, mapping.Tag);
    }
}

/// <summary>Identity comparison for nodes (net472 has no ReferenceEqualityComparer).</summary>
internal sealed class ReferenceComparer : IEqualityComparer<object>, IEqualityComparer<YNode>
{
    public static readonly ReferenceComparer Instance = new();

    public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);
    public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
    public bool Equals(YNode? x, YNode? y) => ReferenceEquals(x, y);
    public int GetHashCode(YNode obj) => RuntimeHelpers.GetHashCode(obj);
}
