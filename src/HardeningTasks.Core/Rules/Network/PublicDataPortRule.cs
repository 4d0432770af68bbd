using System.Collections.Generic;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Network;

/// <summary>HRD040: a data service (postgres, redis, …) publishing a port on every host interface.</summary>
public sealed class PublicDataPortRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD040", "Data service port published on all interfaces", Categories.Network, Severity.Warning,
        "Data service '{0}' ({1}) publishes port {2} on all host interfaces, so anyone who can reach the host can reach it directly; {3}: other services reach it on the network.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        foreach (var service in file.Services)
        {
            if (ServiceRoles.DataEngine(service, stack, fragmentsByName: true) is not { } engine) continue;
            foreach (var port in ServiceRoles.PublicPorts(service))
                yield return Definition.At(port.Location, service.Name, Ports.Written(port), service.Name, engine, Ports.Display(port), Ports.Restrict(port, orDrop: true));
        }
    }
}

/// <summary>How port findings show a mapping; a host port from an unset variable is shown as written (<c>$INFLUX_PORT</c>).</summary>
internal static class Ports
{
    public static string Written(PortMapping port) =>
        (port.HostIp is { Length: > 0 } ip ? (ip.IndexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" : "")
        + (port.PublishedDisplay != null ? port.PublishedDisplay + ":" : "") + port.Target + (port.Protocol == "tcp" ? "" : "/" + port.Protocol);

    public static string Display(PortMapping port) => port.PublishedDisplay switch
    {
        null => $"{port.Target} (on a random host port){Ingress(port)}",
        var published when published == port.Target => port.Target + Ingress(port),
        var published => $"{published} (container port {port.Target}){Ingress(port)}",
    };

    /// <summary>How to take the port off the other interfaces: bind it to the loopback interface (the mapping to write), or, in a
    /// Swarm stack, which cannot bind a host IP, drop it.</summary>
    public static string Restrict(PortMapping port, bool orDrop) => port.ThroughIngress
        ? "drop the port (a Swarm stack cannot bind it to 127.0.0.1: the ingress mesh ignores any host IP)"
        : $"bind it to 127.0.0.1 ('{Loopback(port)}'){(orDrop ? " or drop the port" : "")}";

    private static string Loopback(PortMapping port) =>
        "127.0.0.1:" + (port.PublishedDisplay ?? port.Target) + ":" + port.Target + (port.Protocol == "tcp" ? "" : "/" + port.Protocol);

    private static string Ingress(PortMapping port) =>
        port.ThroughIngress ? " through the Swarm ingress mesh, which ignores any host IP" : "";
}
