using System;
using System.Collections.Generic;
using HardeningTasks.Core.Parsing.Yaml;

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
    /// <summary>The value's location when there is one, else the entry's.</summary>
    public SourceLocation ValueLocation => ValueNode?.Location ?? Location;

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
                        : new KeyValueEntry(scalar.Value.Substring(0, eq).Trim(), scalar.Value.Substring(eq + 1), scalar, scalar.Location));
                }
                break;
        }
        return entries;
    }
}

/// <summary>A published or exposed port, normalised from the short (<c>"127.0.0.1:8080:80/udp"</c>) or long syntax.</summary>
/// <param name="HostIp">The host address it binds, without brackets; null when not given (all interfaces).</param>
/// <param name="Published">The host port or range; null when only a container port is given (Docker picks a host port).</param>
/// <param name="Target">The container port or range.</param>
public sealed record PortMapping(string? HostIp, string? Published, string Target, string Protocol, YNode Node)
{
    public SourceLocation Location => Node.Location;

    /// <summary>True when the port is reachable on every host interface: no host IP, <c>0.0.0.0</c> or <c>::</c>.
    /// A bare container port (<c>"5432"</c>) is published on a random host port on all interfaces.</summary>
    public bool IsOnAllInterfaces => HostIp is null or "" or "0.0.0.0" or "::";

    /// <summary>Whether the mapping covers the given container port.</summary>
    public bool TargetsPort(int port) => Covers(Target, port);

    /// <summary>Whether the host side covers the given port (falls back to the container port when no host port is given).</summary>
    public bool PublishesPort(int port) => Covers(Published ?? Target, port);

    private static bool Covers(string range, int port)
    {
        var dash = range.IndexOf('-');
        if (dash < 0) return int.TryParse(range, out var single) && single == port;
        return int.TryParse(range.Substring(0, dash), out var low) && int.TryParse(range.Substring(dash + 1), out var high) && port >= low && port <= high;
    }

    internal static PortMapping? Parse(YNode node)
    {
        if (node is YMapping map)
        {
            var target = (map["target"] as YScalar)?.Value;
            if (string.IsNullOrEmpty(target)) return null;
            var published = map["published"] is YScalar { IsNull: false } p ? p.Value : null;
            var hostIp = map["host_ip"] is YScalar { IsNull: false } h ? h.Value.Trim('[', ']') : null;
            var protocol = map["protocol"] is YScalar { IsNull: false } pr ? pr.Value : "tcp";
            return new PortMapping(hostIp, published, target!, protocol, node);
        }
        if (node is not YScalar { IsNull: false } scalar) return null;
        return ParseShort(scalar.Value, node);
    }

    /// <summary>Parses <c>[[host_ip:]published:]target[/protocol]</c>, where host_ip may be bracketed IPv6 (<c>[::1]</c>).</summary>
    internal static PortMapping? ParseShort(string text, YNode node)
    {
        var value = text.Trim();
        var protocol = "tcp";
        var slash = value.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = value.Substring(slash + 1);
            value = value.Substring(0, slash);
        }

        string? hostIp = null;
        if (value.StartsWith("[", StringComparison.Ordinal))
        {
            var close = value.IndexOf(']');
            if (close < 0) return null;
            hostIp = value.Substring(1, close - 1);
            value = value.Substring(close + 1).TrimStart(':');
        }

        var parts = value.Split(':');
        switch (parts.Length)
        {
            case 1 when hostIp == null:
                return new PortMapping(null, null, parts[0], protocol, node);
            case 1:
                return new PortMapping(hostIp, null, parts[0], protocol, node);
            case 2:
                return new PortMapping(hostIp, EmptyToNull(parts[0]), parts[1], protocol, node);
            case 3 when hostIp == null:
                return new PortMapping(parts[0], EmptyToNull(parts[1]), parts[2], protocol, node);
            default:
                if (hostIp != null) return null;
                // An unbracketed IPv6 address: everything before the last two parts.
                var ip = string.Join(":", parts, 0, parts.Length - 2);
                return new PortMapping(ip, EmptyToNull(parts[parts.Length - 2]), parts[parts.Length - 1], protocol, node);
        }
    }

    private static string? EmptyToNull(string s) => s.Length == 0 ? null : s;
}

/// <summary>A service volume, normalised from the short (<c>./data:/data:ro</c>) or long syntax.</summary>
/// <param name="Type"><c>bind</c>, <c>volume</c>, <c>tmpfs</c>, <c>npipe</c> or <c>cluster</c>.</param>
/// <param name="Source">The host path (bind, as written) or volume name; null for an anonymous volume or tmpfs.</param>
public sealed record VolumeMount(string Type, string? Source, string Target, bool ReadOnly, YNode Node)
{
    public SourceLocation Location => Node.Location;

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
