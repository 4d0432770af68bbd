using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Model.Compose;

/// <summary>Who can reach a published port.</summary>
public enum PortReach
{
    /// <summary>Every host interface: no host IP, <c>0.0.0.0</c>, <c>::</c> — or a Swarm stack, whose ingress mesh ignores the host IP.</summary>
    AllInterfaces,

    /// <summary>Bound to one address (<c>127.0.0.1</c>, a LAN address).</summary>
    OneAddress,

    /// <summary>The host address comes from a variable with no value: it may well hold <c>127.0.0.1</c>.</summary>
    Unknown,
}

/// <summary>A published or exposed port, normalised from the short (<c>"127.0.0.1:8080:80/udp"</c>) or long syntax.</summary>
/// <param name="HostIp">The host address it binds, without brackets; null when not given (all interfaces).</param>
/// <param name="Published">The host port or range; null when only a container port is given (Docker picks a host port)
/// or when it comes from a variable with no value (<see cref="PublishedWritten"/> then says which).</param>
/// <param name="Target">The container port or range.</param>
public sealed record PortMapping(string? HostIp, string? Published, string Target, string Protocol, YNode Node)
{
    public SourceLocation Location => Node.Location;

    /// <summary>Who can reach it. A variable left unset in the host port (<c>"$INFLUX_PORT:8086"</c>, <c>published: ${PORT}</c>)
    /// does not change that: whatever port it holds, with no host IP the port is on every interface. A variable in the
    /// host IP's place (<c>"${BIND}:6379:6379"</c>, <c>host_ip: ${ADDR}</c>), or one whose name says it is an address,
    /// makes it <see cref="PortReach.Unknown"/>.</summary>
    public PortReach Reach { get; init; } = PortReach.AllInterfaces;

    /// <summary>Published through a Swarm stack's ingress mesh: every node, every interface, whatever host IP or <c>mode</c> says.</summary>
    public bool ThroughIngress { get; init; }

    /// <summary>The host port as written when it holds a variable that has no value (<c>$INFLUX_PORT</c>, <c>${HOST_PORT}</c>); else null.</summary>
    public string? PublishedWritten { get; init; }

    /// <summary>True when the port is reachable on every host interface (<see cref="PortReach.AllInterfaces"/>).
    /// A bare container port (<c>"5432"</c>) is published on a random host port on all interfaces.</summary>
    public bool IsOnAllInterfaces => Reach == PortReach.AllInterfaces;

    /// <summary>The host port for messages: as written when a variable holds it, else the value; null when Docker picks it.</summary>
    public string? PublishedDisplay => PublishedWritten ?? Published;

    /// <summary>Whether the mapping covers the given container port.</summary>
    public bool TargetsPort(int port) => Covers(Target, port);

    /// <summary>Whether the host side covers the given port (falls back to the container port when no host port is given;
    /// a host port from an unset variable covers nothing).</summary>
    public bool PublishesPort(int port) => PublishedWritten == null && Covers(Published ?? Target, port);

    private static bool Covers(string range, int port)
    {
        var dash = range.IndexOf('-');
        if (dash < 0) return int.TryParse(range, out var single) && single == port;
        return int.TryParse(range.Substring(0, dash), out var low) && int.TryParse(range.Substring(dash + 1), out var high) && port >= low && port <= high;
    }

    /// <param name="throughIngress">The service belongs to a Swarm stack (<see cref="ComposeProject.IsSwarmStack"/>).</param>
    internal static PortMapping? Parse(YNode node, bool throughIngress)
    {
        var port = Parse(node);
        return port == null || !throughIngress ? port : port with { Reach = PortReach.AllInterfaces, ThroughIngress = true };
    }

    internal static PortMapping? Parse(YNode node)
    {
        if (node is YMapping map)
        {
            var target = (map["target"] as YScalar)?.Value;
            if (string.IsNullOrEmpty(target)) return null;
            var publishedNode = map["published"] as YScalar is { IsNull: false } p ? p : null;
            var hostIpNode = map["host_ip"] as YScalar is { IsNull: false } h ? h : null;
            var hostIp = hostIpNode?.Value.Trim('[', ']');
            var protocol = map["protocol"] is YScalar { IsNull: false } pr ? pr.Value : "tcp";
            var publishedVariables = publishedNode is { IsFullyResolved: false } ? publishedNode.RawValue : null;
            var reach = hostIpNode is { IsFullyResolved: false } ? PortReach.Unknown : ReachOf(hostIp);
            return new PortMapping(hostIp, publishedVariables != null ? null : publishedNode?.Value, target!, protocol, node)
            {
                Reach = reach,
                PublishedWritten = publishedVariables,
            };
        }
        if (node is not YScalar { IsNull: false } scalar) return null;
        var parsed = ParseShort(scalar.Value, node);
        if (parsed == null || scalar.IsFullyResolved) return parsed;
        return WithVariables(parsed, scalar);
    }

    private static PortReach ReachOf(string? hostIp) => hostIp is null or "" or "0.0.0.0" or "::" ? PortReach.AllInterfaces : PortReach.OneAddress;

    /// <summary>Judges a short-syntax mapping that holds a variable with no value by where the variable stands, read from the text
    /// as written: the parts between top-level colons (a colon inside <c>${…}</c> or <c>[…]</c> does not split).</summary>
    private static PortMapping WithVariables(PortMapping parsed, YScalar scalar)
    {
        var written = scalar.RawValue ?? scalar.Value;
        var slash = written.LastIndexOf('/');
        if (slash > written.LastIndexOf('}')) written = written.Substring(0, slash);
        var parts = TopLevelParts(written);
        var unset = scalar.UnresolvedVariables;
        // A container port from a variable is shown as written, as the host port is.
        var targetWritten = parts[parts.Count - 1];
        if (VariablesIn(targetWritten, unset).Count > 0) parsed = parsed with { Target = targetWritten.Trim() };
        switch (parts.Count)
        {
            case 1:
                // The whole mapping from one variable: judged only when its name says it holds a port.
                return VariablesIn(parts[0], unset) is { Count: > 0 } whole && whole.All(ReadsAsPort)
                    ? parsed with { Reach = PortReach.AllInterfaces, HostIp = null, Published = null }
                    : parsed with { Reach = PortReach.Unknown };
            case 2:
                var hostPort = VariablesIn(parts[0], unset);
                if (hostPort.Count == 0) return parsed;
                return hostPort.Any(ReadsAsAddress)
                    ? parsed with { Reach = PortReach.Unknown }
                    : parsed with { Reach = PortReach.AllInterfaces, HostIp = null, Published = null, PublishedWritten = parts[0].Trim() };
            default:
                if (VariablesIn(string.Join(":", parts.Take(parts.Count - 2)), unset).Count > 0) return parsed with { Reach = PortReach.Unknown };
                var published = parts[parts.Count - 2];
                return VariablesIn(published, unset).Count > 0 ? parsed with { Published = null, PublishedWritten = published.Trim() } : parsed;
        }
    }

    private static List<string> TopLevelParts(string text)
    {
        var parts = new List<string>();
        var depth = 0;
        var bracket = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '$' && i + 1 < text.Length && text[i + 1] == '{') { depth++; i++; }
            else if (c == '}' && depth > 0) depth--;
            else if (c == '[' && depth == 0) bracket = true;
            else if (c == ']' && depth == 0) bracket = false;
            else if (c == ':' && depth == 0 && !bracket)
            {
                parts.Add(text.Substring(start, i - start));
                start = i + 1;
            }
        }
        parts.Add(text.Substring(start));
        return parts;
    }

    /// <summary>The unset variables that <paramref name="part"/> names (<c>$NAME</c> or <c>${NAME…}</c>).</summary>
    private static List<string> VariablesIn(string part, IReadOnlyList<string> unset)
    {
        var found = new List<string>();
        foreach (var name in unset)
            foreach (var form in new[] { "$" + name, "${" + name })
            {
                var at = part.IndexOf(form, StringComparison.Ordinal);
                var end = at + form.Length;
                if (at >= 0 && (end == part.Length || !(char.IsLetterOrDigit(part[end]) || part[end] == '_')) && !found.Contains(name)) found.Add(name);
            }
        return found;
    }

    private static readonly string[] AddressWords = { "IP", "IPS", "ADDR", "ADDRESS", "BIND", "LISTEN", "INTERFACE", "IFACE", "HOST", "HOSTNAME" };

    /// <summary>A variable named like a port (<c>HOST_PORT</c>, <c>INFLUX_PORT</c>, <c>WEB_PORTS</c>).</summary>
    private static bool ReadsAsPort(string name) => Words(name).Any(w => w is "PORT" or "PORTS");

    /// <summary>A variable named like an address that may carry <c>127.0.0.1:</c> (<c>DEV_BIND_ADDRESS</c>, <c>LISTEN_IP</c>), and not like a port.</summary>
    private static bool ReadsAsAddress(string name)
    {
        var words = Words(name);
        return !words.Any(w => w is "PORT" or "PORTS") && words.Any(w => Array.IndexOf(AddressWords, w) >= 0);
    }

    private static IEnumerable<string> Words(string name) => name.ToUpperInvariant().Split(new[] { '_', '-' }, StringSplitOptions.RemoveEmptyEntries);

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
        PortMapping? parsed;
        switch (parts.Length)
        {
            case 1 when hostIp == null:
                parsed = new PortMapping(null, null, parts[0], protocol, node);
                break;
            case 1:
                parsed = new PortMapping(hostIp, null, parts[0], protocol, node);
                break;
            case 2:
                parsed = new PortMapping(hostIp, EmptyToNull(parts[0]), parts[1], protocol, node);
                break;
            case 3 when hostIp == null:
                parsed = new PortMapping(parts[0], EmptyToNull(parts[1]), parts[2], protocol, node);
                break;
            default:
                if (hostIp != null) return null;
                // An unbracketed IPv6 address: everything before the last two parts.
                var ip = string.Join(":", parts, 0, parts.Length - 2);
                parsed = new PortMapping(ip, EmptyToNull(parts[parts.Length - 2]), parts[parts.Length - 1], protocol, node);
                break;
        }
        return parsed with { Reach = ReachOf(parsed.HostIp) };
    }

    private static string? EmptyToNull(string s) => s.Length == 0 ? null : s;
}
