using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace HardeningTasks.Core.Model.Traefik;

/// <summary>The normalisation of Traefik's key space, shared by every source.</summary>
public static class TraefikKeys
{
    /// <summary>
    /// Lower case (Traefik matches option names case-insensitively), dots between segments, and a numeric segment
    /// written as <c>.0</c> or <c>_0_</c> turned into the list index <c>[0]</c>: <c>tls.certificates.0.certFile</c>
    /// and <c>tls.certificates[0].certfile</c> are the same key.
    /// </summary>
    public static string Normalize(string key) => Canonical(key).ToLowerInvariant();

    /// <summary>The same form as <see cref="Normalize"/> but keeping the written case.</summary>
    public static string Canonical(string key)
    {
        var segments = key.Split(new[] { '.' }, StringSplitOptions.None);
        var builder = new StringBuilder(key.Length + 4);
        foreach (var raw in segments)
        {
            var segment = raw.Trim();
            if (segment.Length == 0) continue;
            if (builder.Length > 0 && IsIndex(segment)) builder.Append('[').Append(segment).Append(']');
            else
            {
                if (builder.Length > 0) builder.Append('.');
                builder.Append(segment);
            }
        }
        return builder.ToString();
    }

    /// <summary><c>TRAEFIK_ENTRYPOINTS_WEBSECURE_ADDRESS</c> → <c>entrypoints.websecure.address</c>; null when the name does not start with <c>TRAEFIK_</c>.</summary>
    public static string? FromEnvironmentName(string name)
    {
        const string prefix = "TRAEFIK_";
        if (!name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || name.Length == prefix.Length) return null;
        return Canonical(name.Substring(prefix.Length).Replace('_', '.'));
    }

    /// <summary>True when <paramref name="key"/> is <paramref name="prefix"/> or lies under it (<c>prefix.x</c>, <c>prefix[0]</c>).</summary>
    public static bool IsUnder(string key, string prefix) =>
        key.Length == prefix.Length ? string.Equals(key, prefix, StringComparison.OrdinalIgnoreCase)
        : key.Length > prefix.Length && key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && (key[prefix.Length] == '.' || key[prefix.Length] == '[');

    /// <summary>The segment that follows <paramref name="prefix"/> in <paramref name="key"/> (a name up to the next <c>.</c> or <c>[</c>), or null.</summary>
    public static string? ChildSegment(string key, string prefix)
    {
        if (prefix.Length > 0)
        {
            if (!IsUnder(key, prefix) || key.Length == prefix.Length || key[prefix.Length] != '.') return null;
        }
        var start = prefix.Length == 0 ? 0 : prefix.Length + 1;
        var end = start;
        while (end < key.Length && key[end] != '.' && key[end] != '[') end++;
        return end > start ? key.Substring(start, end - start) : null;
    }

    /// <summary>A Traefik list written as one value: <c>web,websecure</c>.</summary>
    public static IEnumerable<string> SplitList(string value)
    {
        foreach (var part in value.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var item = part.Trim();
            if (item.Length > 0) yield return item;
        }
    }

    /// <summary>The port of an entrypoint address (<c>:443</c>, <c>0.0.0.0:80</c>, <c>[::]:443/tcp</c>), or null.</summary>
    public static int? PortOf(string address)
    {
        var text = address.Trim();
        var slash = text.IndexOf('/');
        if (slash >= 0) text = text.Substring(0, slash);
        var colon = text.LastIndexOf(':');
        if (colon < 0 || colon == text.Length - 1) return null;
        return int.TryParse(text.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;
    }

    /// <summary>The transport of an entrypoint address: <c>tcp</c> unless written <c>:443/udp</c>.</summary>
    public static bool IsUdp(string address) => address.Trim().EndsWith("/udp", StringComparison.OrdinalIgnoreCase);

    private static bool IsIndex(string segment)
    {
        foreach (var c in segment)
            if (c < '0' || c > '9') return false;
        return segment.Length > 0;
    }
}
