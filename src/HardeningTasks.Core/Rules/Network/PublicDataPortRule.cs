using System.Collections.Generic;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Network;

/// <summary>HRD040: a data service (postgres, redis, …) publishing a port on every host interface.</summary>
public sealed class PublicDataPortRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD040", "Data service port published on all interfaces", Categories.Network, Severity.Warning,
        "Data service '{0}' ({1}) publishes port {2} on all host interfaces, so anyone who can reach the host can reach it directly; bind it to 127.0.0.1 ('{3}') or drop the port: other services reach it on the network.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        foreach (var service in file.Services)
        {
            if (ServiceRoles.DataEngine(service, stack) is not { } engine) continue;
            foreach (var port in ServiceRoles.PublicPorts(service))
                yield return Definition.At(port.Location, service.Name, Ports.Written(port), service.Name, engine, Ports.Display(port), Ports.Loopback(port));
        }
    }
}

/// <summary>How port findings show a mapping.</summary>
internal static class Ports
{
    public static string Written(PortMapping port) =>
        (port.HostIp is { Length: > 0 } ip ? (ip.IndexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" : "")
        + (port.Published != null ? port.Published + ":" : "") + port.Target + (port.Protocol == "tcp" ? "" : "/" + port.Protocol);

    public static string Display(PortMapping port) => port.Published == null
        ? $"{port.Target} (on a random host port)"
        : port.Published == port.Target ? port.Target : $"{port.Published} (container port {port.Target})";

    /// <summary>The same mapping bound to the loopback interface, as a short-syntax suggestion.</summary>
    public static string Loopback(PortMapping port) =>
        "127.0.0.1:" + (port.Published ?? port.Target) + ":" + port.Target + (port.Protocol == "tcp" ? "" : "/" + port.Protocol);
}
