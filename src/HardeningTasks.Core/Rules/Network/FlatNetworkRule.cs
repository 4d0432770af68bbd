using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Network;

/// <summary>HRD042: one network that every service joins, with data services and exposed services (edge proxy or
/// public ports) among three or more: a compromised front end reaches every database directly.</summary>
public sealed class FlatNetworkRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD042", "Flat network", Categories.Network, Severity.Suggestion,
        "All {0} services share {1}: data services ({2}) sit on the same network as exposed services ({3}); split it into tiers: a frontend network for the edge, and a backend network with internal: true for the data services and the services that use them.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        var networked = file.Services.Where(s => s.Networks.Count > 0).ToList();
        if (networked.Count < 3) yield break;
        foreach (var network in ComposeNetwork.Of(file))
        {
            if (network.Members.Count != networked.Count || network.IsInternal) continue;
            var data = network.Members.Where(s => ServiceRoles.IsDataService(s, stack)).ToList();
            var exposed = network.Members.Where(s => !data.Contains(s) && ServiceRoles.IsExposed(s, stack)).ToList();
            if (data.Count == 0 || exposed.Count == 0) continue;
            yield return Definition.At(network.Location, network.Name, network.Name,
                networked.Count, network.Display, ComposeNetwork.List(data), ComposeNetwork.List(exposed));
            yield break;
        }
    }
}
