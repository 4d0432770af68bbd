using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Linking;

/// <summary>A network a service joins, by the name Docker gives it.</summary>
/// <param name="Name">The effective name: <c>name:</c> when set; for an external network its key; else
/// <c>&lt;project&gt;_&lt;key&gt;</c>, as Compose creates it.</param>
/// <param name="IsExternal">Created outside the project (<c>external: true</c>): the way one project joins another's network.</param>
internal readonly record struct NetworkName(string Name, bool IsExternal);

/// <summary>
/// The networks of compose services as Docker names them, so projects can be joined the way Docker joins them: two services
/// of different projects share a network when they name the same network and at least one of the two projects declares it
/// <c>external</c> (<c>networks: {proxy: {external: true}}</c> is how an app stack reaches a Traefik stack). The names of each
/// project's networks are worked out once per link.
/// </summary>
internal sealed class ComposeNetworkNames
{
    private readonly Dictionary<ComposeProject, Dictionary<string, NetworkName?>> byProject = new();

    /// <summary>The networks <paramref name="service"/> joins. <c>network_mode: service:x</c> shares the networks of <c>x</c>;
    /// any other <c>network_mode</c> (host, none, container:…) joins no network of the project. A name that depends on an unset
    /// variable is left out: it cannot be matched.</summary>
    public IReadOnlyList<NetworkName> Of(ComposeService service)
    {
        var owner = service;
        if (service.Scalar("network_mode") is { } mode)
        {
            var value = mode.Value.Trim();
            if (!value.StartsWith("service:", StringComparison.Ordinal)) return Array.Empty<NetworkName>();
            if (service.Project.Service(value.Substring("service:".Length).Trim()) is not { } shared || shared.Scalar("network_mode") != null)
                return Array.Empty<NetworkName>();
            owner = shared;
        }
        if (!byProject.TryGetValue(service.Project, out var known))
        {
            byProject[service.Project] = known = new Dictionary<string, NetworkName?>(StringComparer.Ordinal);
            var projectName = ProjectName(service.Project);
            var definitions = new Dictionary<string, YMapping?>(StringComparer.Ordinal);
            foreach (var entry in service.Project.TopLevel("networks"))
                if (!definitions.ContainsKey(entry.Name)) definitions[entry.Name] = entry.Value as YMapping;
            foreach (var other in service.Project.Services)
                foreach (var key in other.Networks)
                    if (!known.ContainsKey(key))
                        known[key] = Resolve(definitions.TryGetValue(key, out var definition) ? definition : null, projectName, key);
        }
        var names = new List<NetworkName>();
        foreach (var key in owner.Networks.Distinct(StringComparer.Ordinal))
            if (known.TryGetValue(key, out var name) && name is { } found)
                names.Add(found);
        return names;
    }

    /// <summary>True when a service with networks <paramref name="a"/> and one with <paramref name="b"/> can reach each other across projects.</summary>
    public static bool Shared(IReadOnlyList<NetworkName> a, IReadOnlyList<NetworkName> b)
    {
        foreach (var x in a)
            foreach (var y in b)
                if ((x.IsExternal || y.IsExternal) && string.Equals(x.Name, y.Name, StringComparison.Ordinal))
                    return true;
        return false;
    }

    private static NetworkName? Resolve(YMapping? definition, string? projectName, string key)
    {
        var name = definition?["name"] as YScalar;
        if (name is { IsNull: false } && !name.IsFullyResolved) return null;
        var external = definition?["external"];
        var isExternal = external switch
        {
            YScalar s => s.AsBoolean() == true,
            YMapping => true,
            _ => false,
        };
        // the legacy form external: {name: x}
        if (external is YMapping legacy && legacy["name"] is YScalar { IsNull: false } legacyName)
            return legacyName.IsFullyResolved ? new NetworkName(legacyName.Value.Trim(), true) : null;
        if (name is { IsNull: false }) return new NetworkName(name.Value.Trim(), isExternal);
        if (isExternal) return new NetworkName(key, true);
        return projectName == null ? null : new NetworkName(projectName + "_" + key, false);
    }

    /// <summary>The project name Compose uses: the top-level <c>name:</c>, else the project directory's name, lower case with
    /// only <c>a-z</c>, <c>0-9</c>, <c>_</c> and <c>-</c> kept (compose-go <c>NormalizeProjectName</c>); null when unknown.</summary>
    public static string? ProjectName(ComposeProject project)
    {
        if (project.Root["name"] is YScalar { IsNull: false } written)
            return written.IsFullyResolved ? Normalize(written.Value) : null;
        return Normalize(System.IO.Path.GetFileName(project.Directory.TrimEnd('/', '\\')));
    }

    private static string? Normalize(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '-') text.Append(c);
        var normalized = text.ToString().TrimStart('_', '-');
        return normalized.Length == 0 ? null : normalized;
    }
}
