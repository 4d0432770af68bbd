using System;
using System.Collections.Generic;

namespace HardeningTasks.Core.Model.Yaml;

/// <summary>
/// A YAML node that remembers where it was written. Aliases resolve to the anchored node itself, so a value
/// shared through an anchor keeps the location of the anchor's value; merge keys (<c>&lt;&lt;</c>) are already
/// applied, with the merged entries keeping their own locations.
/// </summary>
public abstract class YNode
{
    protected YNode(SourceLocation location, string? tag)
    {
        Location = location;
        Tag = tag;
    }

    public SourceLocation Location { get; }

    /// <summary>An explicit local tag such as <c>!reset</c> or <c>!override</c>; null when there is none.</summary>
    public string? Tag { get; }

    /// <summary>How many nodes this one stands for once every alias is expanded (saturates at <see cref="int.MaxValue"/>).</summary>
    internal int ExpandedSize { get; set; } = 1;
}

public sealed class YScalar : YNode
{
    public YScalar(string value, bool isPlain, SourceLocation location, string? tag = null) : base(location, tag)
    {
        Value = value;
        IsPlain = isPlain;
    }

    /// <summary>The value Docker Compose would use: after interpolation when the file was interpolated.</summary>
    public string Value { get; }

    /// <summary>The text as written, before interpolation; null when interpolation changed nothing.</summary>
    public string? RawValue { get; init; }

    /// <summary>Variables in <see cref="RawValue"/> that are unset and have no default: such a value cannot be
    /// known from the repository, so value rules must not judge it (HRD005 reports it instead).</summary>
    public IReadOnlyList<string> UnresolvedVariables { get; init; } = Array.Empty<string>();

    public bool IsFullyResolved => UnresolvedVariables.Count == 0;

    /// <summary>Written without quotes or block style: only plain scalars can be null or booleans.</summary>
    public bool IsPlain { get; }

    /// <summary>A YAML null; an interpolated value (one with a <see cref="RawValue"/>) is always a string, as in compose.</summary>
    public bool IsNull => IsPlain && RawValue == null && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>The scalar as a YAML 1.1/1.2 boolean, or null when it is not one.</summary>
    public bool? AsBoolean() => Value switch
    {
        "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" => true,
        "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" => false,
        _ => null,
    };

    public override string ToString() => Value;
}

public sealed class YEntry
{
    public YEntry(YScalar key, YNode value)
    {
        Key = key;
        Value = value;
    }

    public YScalar Key { get; }
    public YNode Value { get; }
    public string Name => Key.Value;

    public override string ToString() => Key.Value + ": " + Value;
}

public sealed class YMapping : YNode
{
    private readonly Dictionary<string, YEntry> byKey;

    public YMapping(IReadOnlyList<YEntry> entries, SourceLocation location, string? tag = null) : base(location, tag)
    {
        Entries = entries;
        byKey = new Dictionary<string, YEntry>(entries.Count, StringComparer.Ordinal);
        foreach (var entry in entries)
            if (!byKey.ContainsKey(entry.Key.Value)) byKey.Add(entry.Key.Value, entry);
    }

    public IReadOnlyList<YEntry> Entries { get; }

    public YNode? this[string key] => byKey.TryGetValue(key, out var entry) ? entry.Value : null;

    public YEntry? Entry(string key) => byKey.TryGetValue(key, out var entry) ? entry : null;

    public bool ContainsKey(string key) => byKey.ContainsKey(key);

    public override string ToString() => "{" + string.Join(", ", Entries) + "}";
}

public sealed class YSequence : YNode
{
    public YSequence(IReadOnlyList<YNode> items, SourceLocation location, string? tag = null) : base(location, tag) => Items = items;

    public IReadOnlyList<YNode> Items { get; }

    public override string ToString() => "[" + string.Join(", ", Items) + "]";
}
