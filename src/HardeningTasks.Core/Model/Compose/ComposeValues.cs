using System;
using System.Collections.Generic;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Model.Compose;

/// <summary>
/// An entry of a key/value section that compose accepts as a map (<c>KEY: value</c>) or a list
/// (<c>- KEY=value</c>, <c>- KEY</c>): <c>environment</c>, <c>labels</c>, <c>build.args</c>.
/// </summary>
/// <param name="Name">The key.</param>
/// <param name="Value">The value as Docker Compose sees it; null for <c>KEY</c> with no value (taken from the shell at run time).</param>
/// <param name="ValueNode">The scalar holding the value (for the list form, the whole <c>KEY=value</c> item); null when there is none.</param>
/// <param name="Location">Where the entry was written: the key of the map form, the item of the list form.</param>
public sealed record KeyValueEntry(string Name, string? Value, YScalar? ValueNode, SourceLocation Location)
{
    private readonly SourceLocation? valueLocation;

    /// <summary>Where the value is written: the value node's location when there is one, else the entry's; a reader that
    /// knows better (<see cref="ComposeAccess.KeyValues"/>: the character after <c>KEY=</c>) sets it.</summary>
    public SourceLocation ValueLocation
    {
        get => valueLocation ?? ValueNode?.Location ?? Location;
        init => valueLocation = value;
    }

    /// <summary>Offset of the value inside <see cref="ValueNode"/>'s text (after <c>KEY=</c> in list syntax).</summary>
    public int ValueOffset { get; init; }

    /// <summary>Where character <paramref name="index"/> of <see cref="Value"/> is written, as precisely as can be known.</summary>
    public SourceLocation Locate(int index) =>
        ValueNode == null ? ValueLocation : ScalarPosition.At(ValueNode, ValueOffset + index);

    /// <summary>The value as Docker Compose sees it when every variable in it is known; else as written, so a
    /// rule sees <c>${PGSSLMODE}</c> rather than the empty string an unset variable leaves.</summary>
    public string? KnownOrWrittenValue =>
        ValueNode is { IsFullyResolved: false, RawValue: { } raw } && raw.Length >= ValueOffset ? raw.Substring(ValueOffset) : Value;

    /// <summary>False when the value contains a variable that is unset with no default.</summary>
    public bool IsFullyResolved => ValueNode?.IsFullyResolved ?? true;

    internal static IReadOnlyList<KeyValueEntry> Read(YNode? node)
    {
        var entries = new List<KeyValueEntry>();
        switch (node)
        {
            case YMapping map:
                foreach (var entry in map.Entries)
                {
                    var scalar = entry.Value as YScalar;
                    var value = scalar == null || scalar.IsNull ? null : scalar.Value;
                    entries.Add(new KeyValueEntry(entry.Name, value, scalar is { IsNull: false } ? scalar : null, entry.Key.Location));
                }
                break;
            case YSequence seq:
                foreach (var item in seq.Items)
                {
                    if (item is not YScalar { IsNull: false } scalar) continue;
                    var eq = scalar.Value.IndexOf('=');
                    entries.Add(eq < 0
                        ? new KeyValueEntry(scalar.Value.Trim(), null, null, scalar.Location)
                        : new KeyValueEntry(scalar.Value.Substring(0, eq).Trim(), scalar.Value.Substring(eq + 1), scalar, scalar.Location) { ValueOffset = eq + 1 });
                }
                break;
        }
        return entries;
    }
}

/// <summary>A service volume, normalised from the short (<c>./data:/data:ro</c>) or long syntax.</summary>
/// <param name="Type"><c>bind</c>, <c>volume</c>, <c>tmpfs</c>, <c>npipe</c> or <c>cluster</c>.</param>
/// <param name="Source">The host path (bind, as written) or volume name; null for an anonymous volume or tmpfs.</param>
public sealed record VolumeMount(string Type, string? Source, string Target, bool ReadOnly, YNode Node)
{
    private string? containerPath;

    public SourceLocation Location => Node.Location;

    /// <summary><see cref="Target"/> as a normalised absolute container path (<see cref="ComposeAccess.NormalizeContainerPath"/>).</summary>
    public string ContainerPath => containerPath ??= ComposeAccess.NormalizeContainerPath(Target);

    /// <summary>For a bind mount whose source names a path of the repository: that path, full; else null. Set by
    /// <see cref="ComposeAccess.Mounts"/>, the linker's reading of the volumes.</summary>
    public string? HostPath { get; init; }

    public bool IsBind => Type == "bind";

    internal static VolumeMount? Parse(YNode node)
    {
        if (node is YMapping map)
        {
            var type = (map["type"] as YScalar)?.Value ?? "volume";
            var target = (map["target"] as YScalar)?.Value;
            if (string.IsNullOrEmpty(target)) return null;
            var source = map["source"] is YScalar { IsNull: false } s ? s.Value : null;
            var readOnly = map["read_only"] is YScalar r && r.AsBoolean() == true;
            return new VolumeMount(type, source, target!, readOnly, node);
        }
        if (node is not YScalar { IsNull: false } scalar) return null;
        return ParseShort(scalar.Value, node);
    }

    /// <summary>Parses <c>[source:]target[:mode]</c>; a source starting with <c>.</c>, <c>/</c>, <c>~</c> or <c>$</c> is a bind mount.</summary>
    internal static VolumeMount? ParseShort(string text, YNode node)
    {
        var parts = text.Split(':');
        if (parts.Length == 1) return new VolumeMount("volume", null, parts[0], false, node);
        var source = parts[0];
        var target = parts[1];
        var mode = parts.Length > 2 ? parts[2] : "";
        var readOnly = Array.IndexOf(mode.Split(','), "ro") >= 0;
        var isBind = source.StartsWith(".", StringComparison.Ordinal) || source.StartsWith("/", StringComparison.Ordinal)
                     || source.StartsWith("~", StringComparison.Ordinal) || source.StartsWith("\\", StringComparison.Ordinal);
        return new VolumeMount(isBind ? "bind" : "volume", source, target, readOnly, node);
    }
}

/// <summary>A <c>depends_on</c> entry; the short (list) syntax means <c>service_started</c>.</summary>
public sealed record Dependency(string Service, string Condition, YScalar NameNode)
{
    public SourceLocation Location => NameNode.Location;
}
