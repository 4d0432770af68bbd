using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Rules.Network;

/// <summary>A network of a compose project and the services attached to it (<c>default</c> included when services use it).</summary>
internal sealed class ComposeNetwork
{
    public ComposeNetwork(string name, YEntry? definition, IReadOnlyList<ComposeService> members)
    {
        Name = name;
        Definition = definition;
        Members = members;
    }

    public string Name { get; }

    /// <summary>The top-level <c>networks:</c> entry, or null (the implicit default network).</summary>
    public YEntry? Definition { get; }

    /// <summary>The attached services, in the order they are written.</summary>
    public IReadOnlyList<ComposeService> Members { get; }

    private YMapping? Settings => Definition?.Value as YMapping;

    public bool IsInternal => Settings?["internal"] is YScalar s && s.AsBoolean() == true;

    /// <summary>Created outside this project (<c>external: true</c>, or the legacy <c>external: {name: …}</c>): its settings are not written here.</summary>
    public bool IsExternal => Settings?["external"] switch
    {
        YScalar s => s.AsBoolean() == true,
        YMapping => true,
        _ => false,
    };

    /// <summary>Where findings about the network point (RULES.md): its key under top-level <c>networks:</c>; for the default
    /// network when it is not declared there, the first attached service's key.</summary>
    public SourceLocation Location => Definition?.Key.Location ?? Members[0].Key.Location;

    public string Display => Name == "default" ? "the default network" : $"network '{Name}'";

    public static IReadOnlyList<ComposeNetwork> Of(ComposeProject project)
    {
        // The first definition of each name, as a lookup: a scan per network made thousands of networks quadratic.
        var definitions = new Dictionary<string, YEntry>(StringComparer.Ordinal);
        foreach (var definition in project.TopLevel("networks"))
            if (!definitions.ContainsKey(definition.Name)) definitions.Add(definition.Name, definition);
        var names = new List<string>();
        var members = new Dictionary<string, List<ComposeService>>(StringComparer.Ordinal);
        foreach (var service in project.Services)
            foreach (var name in service.Networks.Distinct(StringComparer.Ordinal))
            {
                if (!members.TryGetValue(name, out var list))
                {
                    members[name] = list = new List<ComposeService>();
                    names.Add(name);
                }
                list.Add(service);
            }
        return names.Select(n => new ComposeNetwork(n, definitions.TryGetValue(n, out var definition) ? definition : null, members[n])).ToList();
    }

    /// <summary>Service names as a message lists them: <c>'db', 'redis'</c>.</summary>
    public static string List(IEnumerable<ComposeService> services) => string.Join(", ", services.Select(s => $"'{s.Name}'"));
}
