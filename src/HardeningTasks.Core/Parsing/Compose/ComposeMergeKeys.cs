using System.Collections.Generic;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Parsing.Compose;

/// <summary>
/// The identity of a list entry when compose merges lists (compose-go's "unicity" indexers): two entries with the
/// same key are the same thing, and the later one (the overlay's) replaces the earlier one in its place. Short and
/// long syntax give the same key (<c>"8080:80"</c> and <c>{published: 8080, target: 80}</c>).
/// </summary>
public static class ComposeMergeKeys
{
    /// <summary><c>KEY=value</c> and <c>KEY</c> → <c>KEY</c> (environment, labels, build args, sysctls, …); other scalars as written.</summary>
    public static string? KeyValue(YNode item) => item is YScalar s ? KeyOf(s.Value) : null;

    public static string KeyOf(string text)
    {
        var eq = text.IndexOf('=');
        return eq >= 0 ? text.Substring(0, eq) : text;
    }

    /// <summary>A scalar entry as written (expose, extra_hosts, profiles, …).</summary>
    public static string? Exact(YNode item) => item is YScalar s ? s.Value : null;

    /// <summary>The container path of a service volume: <c>./data:/var/lib/db:ro</c> → <c>/var/lib/db</c>,
    /// <c>/cache</c> (anonymous) → <c>/cache</c>, long syntax → its <c>target</c>.</summary>
    public static string? VolumeTarget(YNode item) => item switch
    {
        YScalar s => ShortVolumeTarget(s.Value),
        YMapping m => Text(m["target"]),
        _ => null,
    };

    /// <summary>The fields of a short volume specification <c>SOURCE:TARGET[:MODE]</c>, splitting on <c>:</c> except
    /// after a Windows drive letter (<c>C:\data:/data</c>), as compose-go's <c>ParseVolume</c> does.</summary>
    public static IReadOnlyList<string> SplitVolume(string spec)
    {
        var fields = new List<string>();
        if (spec.Length <= 2)
        {
            fields.Add(spec);
            return fields;
        }
        var start = 0;
        for (var i = 0; i < spec.Length; i++)
        {
            if (spec[i] != ':') continue;
            var isDrive = i - start == 1 && char.IsLetter(spec[start]);
            if (isDrive) continue;
            fields.Add(spec.Substring(start, i - start));
            start = i + 1;
        }
        fields.Add(spec.Substring(start));
        return fields;
    }

    public static string ShortVolumeTarget(string spec)
    {
        var fields = SplitVolume(spec);
        return fields.Count == 1 ? fields[0] : fields[1];
    }

    /// <summary><c>host_ip:published:target/protocol</c> with compose's defaults (<c>0.0.0.0</c>, <c>tcp</c>), for the short
    /// syntax (<c>[HOST:][PUBLISHED:]TARGET[/PROTOCOL]</c>, IPv6 hosts in brackets) and the long one alike.</summary>
    public static string? PortKey(YNode item)
    {
        switch (item)
        {
            case YScalar s:
            {
                var spec = s.Value;
                var protocol = "tcp";
                var slash = spec.LastIndexOf('/');
                if (slash >= 0)
                {
                    protocol = spec.Substring(slash + 1);
                    spec = spec.Substring(0, slash);
                }
                var parts = spec.Split(':');
                var target = parts[parts.Length - 1];
                var published = parts.Length >= 2 ? parts[parts.Length - 2] : "";
                var host = parts.Length >= 3 ? string.Join(":", parts, 0, parts.Length - 2) : "";
                return Port(host.Trim('[', ']'), published, target, protocol);
            }
            case YMapping m:
                return Port(Text(m["host_ip"]) ?? "", Text(m["published"]) ?? "", Text(m["target"]) ?? "", Text(m["protocol"]) ?? "tcp");
            default:
                return null;
        }
    }

    private static string Port(string host, string published, string target, string protocol) =>
        (host.Length == 0 ? "0.0.0.0" : host) + ":" + published + ":" + target + "/" + (protocol.Length == 0 ? "tcp" : protocol);

    /// <summary>Where a secret or config is mounted: <c>db_password</c> → <c>/run/secrets/db_password</c>; long syntax → its
    /// <c>target</c> (relative targets under <paramref name="defaultDirectory"/>), else the default path of its <c>source</c>.</summary>
    public static string? MountTarget(YNode item, string defaultDirectory)
    {
        switch (item)
        {
            case YScalar s:
                return defaultDirectory + "/" + s.Value;
            case YMapping m:
                if (Text(m["target"]) is { } target)
                    return target.StartsWith("/", System.StringComparison.Ordinal) || defaultDirectory.Length == 0 ? target : defaultDirectory + "/" + target;
                return Text(m["source"]) is { } source ? defaultDirectory + "/" + source : null;
            default:
                return null;
        }
    }

    /// <summary>The container path of a device: <c>/dev/a:/dev/b:rwm</c> → <c>/dev/b</c>; long syntax → <c>target</c>.</summary>
    public static string? DeviceTarget(YNode item) => item switch
    {
        YScalar s => s.Value.Split(':') is { Length: > 1 } parts ? parts[1] : s.Value,
        YMapping m => Text(m["target"]),
        _ => null,
    };

    /// <summary>An <c>env_file</c> entry's path, short or long (<c>path:</c>) syntax.</summary>
    public static string? EnvFilePath(YNode item) => item switch
    {
        YScalar s => s.Value,
        YMapping m => Text(m["path"]),
        _ => null,
    };

    private static string? Text(YNode? node) => node is YScalar { IsNull: false } s ? s.Value : null;
}
