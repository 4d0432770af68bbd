using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Network;

/// <summary>
/// Whether a service is a client of a data service: it <c>depends_on</c> or <c>links</c> it, or an environment value names it as a
/// host (<c>DATABASE_HOST=db</c>, <c>REDIS_URL=redis://cache:6379/0</c>, <c>postgres://app:${PW}@db/app</c>, <c>db:5432</c>) by its
/// service name, <c>container_name</c>, <c>hostname</c> or a network alias. A client must reach the data service anyway, so moving
/// networks would not separate them (HRD043).
/// </summary>
internal static class DataClients
{
    public static bool IsClientOf(ComposeService client, ComposeService data)
    {
        if (client.DependsOn.Any(d => d.Service == data.Name)) return true;
        var names = NamesOf(data);
        if (client.Strings("links").Any(l => names.Contains(l.Value.Split(':')[0].Trim()))) return true;
        return client.Environment.Any(e => e.Value is { } value && NamesHost(value, names));
    }

    /// <summary>The names the data service answers to on its networks.</summary>
    private static HashSet<string> NamesOf(ComposeService data)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { data.Name };
        foreach (var key in new[] { "container_name", "hostname" })
            if (data.Scalar(key) is { IsFullyResolved: true } s) names.Add(s.Value.Trim());
        if (data["networks"] is Model.Yaml.YMapping networks)
            foreach (var network in networks.Entries)
                if (network.Value is Model.Yaml.YMapping settings)
                    foreach (var alias in ComposeService.StringsOf(settings["aliases"]))
                        names.Add(alias.Value.Trim());
        return names;
    }

    /// <summary>True when the value is a host (with or without a port) that is one of <paramref name="names"/>, or holds a URL or
    /// a <c>host:port</c> list naming one.</summary>
    private static bool NamesHost(string value, HashSet<string> names)
    {
        foreach (var part in value.Split(new[] { ',', ';', ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var host = part.Trim('"', '\'');
            var scheme = host.IndexOf("://", StringComparison.Ordinal);
            if (scheme >= 0)
            {
                host = host.Substring(scheme + 3);
                var path = host.IndexOfAny(new[] { '/', '?', '#' });
                if (path >= 0) host = host.Substring(0, path);
                var at = host.LastIndexOf('@');
                if (at >= 0) host = host.Substring(at + 1);
            }
            var colon = host.LastIndexOf(':');
            if (colon > 0 && host.Substring(colon + 1).All(char.IsDigit)) host = host.Substring(0, colon);
            if (names.Contains(host)) return true;
        }
        return false;
    }
}
