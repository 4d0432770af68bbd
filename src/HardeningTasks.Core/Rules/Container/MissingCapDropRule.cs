using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Container;

/// <summary>HRD023: a service without <c>cap_drop: [ALL]</c>. Reported on the service's key.</summary>
public sealed class MissingCapDropRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD023", "Capabilities not dropped", Categories.Container, Severity.Warning,
        "Service '{0}' keeps Docker's default capabilities{1} (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID, NET_BIND_SERVICE, NET_RAW, …); add cap_drop: [ALL] and cap_add back only the few it needs.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        foreach (var service in file.Services)
        {
            if (service.IsFragment) continue;
            var dropped = service.Strings("cap_drop");
            if (dropped.Any(c => !c.IsFullyResolved || Capabilities.Normalize(c.Value) == "ALL")) continue;
            yield return Definition.At(service.Key.Location, service.Name, null, service.Name,
                dropped.Count == 0 ? "" : " except " + string.Join(", ", dropped.Select(c => Capabilities.Normalize(c.Value))));
        }
    }
}

/// <summary>Capability names as Docker accepts them: any case, with or without the <c>CAP_</c> prefix (<c>ALL</c> only without it:
/// Docker refuses <c>CAP_ALL</c> as an unknown capability).</summary>
internal static class Capabilities
{
    public static string Normalize(string name)
    {
        var upper = name.Trim().ToUpperInvariant();
        return upper.StartsWith("CAP_", StringComparison.Ordinal) && upper != "CAP_ALL" ? upper.Substring(4) : upper;
    }
}
