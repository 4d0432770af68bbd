using System.Collections.Generic;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Network;

/// <summary>HRD041: a service that is not a data service publishing a port on every host interface; an edge proxy's 80 and 443
/// are its job. A service under <c>network_mode: host</c> publishes nothing (<see cref="ServiceRoles.PublicPorts"/>), and a port
/// that is the Docker API, or reaches it, is HRD045's.</summary>
public sealed class PublicPortRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD041", "Port published on all interfaces", Categories.Network, Severity.Suggestion,
        "Service '{0}' publishes port {1} on all host interfaces; route HTTP through the edge proxy, {2} if only the host needs it, or, if it must be public (DNS, mail, SSH), say so with '# hardening-ignore HRD041 <reason>'.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        foreach (var service in file.Services)
        {
            if (ServiceRoles.DataEngine(service, stack, fragmentsByName: true) != null) continue; // HRD040
            var edge = ServiceRoles.IsEdgeProxy(service, stack, fragmentsByName: true);
            foreach (var port in ServiceRoles.PublicPorts(service))
            {
                if (edge && (port.PublishesPort(80) || port.PublishesPort(443))) continue;
                if (PublishedDockerApiRule.Judge(service, port, edge) != null) continue;
                yield return Definition.At(port.Location, service.Name, Ports.Written(port), service.Name, Ports.Display(port), Ports.Restrict(port, orDrop: false));
            }
        }
    }
}
