using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Network;

/// <summary>HRD043: a data service on the same network as an edge proxy, or as a service publishing ports on all interfaces that is
/// not one of its clients (<see cref="DataClients"/>: a client must reach it anyway, so another network would change nothing).</summary>
public sealed class DataServiceOnExposedNetworkRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD043", "Data service on an exposed network", Categories.Network, Severity.Suggestion,
        "Data service '{0}' shares {1} with {2}, so a compromised front end reaches it directly; put '{0}' on a separate network with internal: true that only its clients join.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        var networks = ComposeNetwork.Of(file);
        foreach (var service in file.Services)
        {
            if (!ServiceRoles.IsDataService(service, stack)) continue;
            foreach (var network in networks.Where(n => n.Members.Contains(service)))
            {
                var exposed = network.Members.Where(s => s != service
                    && (ServiceRoles.IsEdgeProxy(s, stack) || ServiceRoles.PublishesPublicly(s) && !DataClients.IsClientOf(s, service))).ToList();
                if (exposed.Count == 0) continue;
                var who = string.Join(", ", exposed.Select(s => ServiceRoles.IsEdgeProxy(s, stack)
                    ? $"edge proxy '{s.Name}'"
                    : $"'{s.Name}' (publishes {Ports.Written(ServiceRoles.PublicPorts(s)[0])})"));
                yield return Definition.At(service.Key.Location, service.Name, network.Name, service.Name, network.Display, who);
                break;
            }
        }
    }
}
