using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Network;

/// <summary>
/// HRD044: a data-tier network not marked <c>internal: true</c>. A network is the data tier when it holds a data service,
/// no edge proxy, and every other member (a client of the data services) — and every member that publishes a port —
/// is attached to another network too, so <c>internal: true</c> cuts nobody off. External networks are configured
/// where they are created and are not judged, nor is the implicit default network of a project that is one data service
/// (a standalone database whose clients live elsewhere).
/// </summary>
public sealed class DataNetworkNotInternalRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD044", "Data network not internal", Categories.Network, Severity.Suggestion,
        "{0} is used only by data services ({1}){2} but is not internal; add internal: true so nothing on it can reach, or be reached from, outside the host.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        foreach (var network in ComposeNetwork.Of(file))
        {
            if (network.IsInternal || network.IsExternal) continue;
            var data = network.Members.Where(s => ServiceRoles.IsDataService(s, stack)).ToList();
            if (data.Count == 0) continue;
            var clients = network.Members.Where(s => !data.Contains(s)).ToList();
            // A lone data service on an undeclared default network is a standalone deployment whose clients live elsewhere.
            if (network.Definition == null && network.Members.Count == 1) continue;
            if (clients.Any(s => ServiceRoles.IsEdgeProxy(s, stack))) continue;
            var needOtherNetwork = clients.Concat(data.Where(s => s.Ports.Count > 0));
            if (needOtherNetwork.Any(s => s.Networks.All(n => n == network.Name))) continue;
            var clientText = clients.Count == 0 ? "" : $" and their clients ({ComposeNetwork.List(clients)}, which also join{(clients.Count == 1 ? "s" : "")} other networks)";
            yield return Definition.At(network.Location, network.Name, network.Name, Capitalized(network.Display), ComposeNetwork.List(data), clientText);
        }
    }

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text.Substring(1);
}
