using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Network;

/// <summary>
/// HRD045: the Docker API published on every host interface: any port of a socket proxy or of Docker-in-Docker, any port of a
/// service that mounts a runtime socket (<see cref="RuntimeSockets"/>; an edge proxy's 80/443 are its job, as for HRD041), and
/// any 2375/2376 (the Docker daemon's ports). Reported instead of HRD041.
/// </summary>
public sealed class PublishedDockerApiRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD045", "Docker API published", Categories.Network, Severity.Error,
        "Service '{0}' {1}, and publishes port {2} on all host interfaces: {3}; {4}, and let the services that need it reach it over an internal network.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        foreach (var service in file.Services)
        {
            var edge = ServiceRoles.IsEdgeProxy(service, stack, fragmentsByName: true);
            foreach (var port in ServiceRoles.PublicPorts(service))
                if (Judge(service, port, edge) is { } why)
                    yield return Definition.At(port.Location, service.Name, Ports.Written(port),
                        service.Name, why.What, Ports.Display(port), why.Consequence, Ports.Restrict(port, orDrop: true));
        }
    }

    /// <summary>Why a port the service publishes on all interfaces is the Docker API (or reaches it), or null when it is not.</summary>
    internal static (string What, string Consequence)? Judge(ComposeService service, PortMapping port, bool edgeProxy)
    {
        if (RuntimeSockets.IsSocketProxy(service))
            return ("is a Docker socket proxy", "that port is the Docker API, and whoever reaches it controls the host");
        if (RuntimeSockets.IsDockerInDocker(service))
            return ("runs Docker-in-Docker", "a Docker daemon's API listens there, and whoever reaches it runs privileged containers on the host");
        if (port.TargetsPort(2375) || port.TargetsPort(2376) || port.PublishesPort(2375) || port.PublishesPort(2376))
            return ("exposes the Docker daemon's port", "2375/2376 is the Docker API, and whoever reaches it controls the host");
        if (edgeProxy && (port.PublishesPort(80) || port.PublishesPort(443))) return null;
        if (RuntimeSockets.MountsOf(service).FirstOrDefault() is { } socket)
            return ("mounts " + socket.What, "whoever reaches it reaches a process that holds the container runtime's socket, and one flaw in it gives them the host");
        return null;
    }
}
