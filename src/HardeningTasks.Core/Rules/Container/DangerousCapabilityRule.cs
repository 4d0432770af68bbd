using System;
using System.Collections.Generic;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Container;

/// <summary>HRD024: <c>cap_add</c> of a capability that amounts to host control (<c>ALL</c>, <c>SYS_ADMIN</c>, <c>NET_ADMIN</c>,
/// <c>SYS_PTRACE</c>, <c>SYS_MODULE</c>, <c>DAC_READ_SEARCH</c>, <c>NET_RAW</c>), in any case, with or without <c>CAP_</c>.</summary>
public sealed class DangerousCapabilityRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD024", "Dangerous capability added", Categories.Container, Severity.Warning,
        "Service '{0}' adds capability {1}: {2}; drop it, or if it is truly needed keep it on this one service with cap_drop: [ALL] and document why.");

    public override RuleDescriptor Descriptor => Definition;

    private static readonly Dictionary<string, string> Why = new(StringComparer.Ordinal)
    {
        ["ALL"] = "that is every capability, as good as privileged",
        ["SYS_ADMIN"] = "it allows mount, namespaces, BPF and much more, the classic container escape",
        ["NET_ADMIN"] = "it can reconfigure interfaces, routes and firewall rules of every network the container is on (the host's with network_mode: host)",
        ["SYS_PTRACE"] = "it can trace and inject code into other processes it can see, and read their memory",
        ["SYS_MODULE"] = "it can load kernel modules, which is full control of the host kernel",
        ["DAC_READ_SEARCH"] = "it bypasses read permission checks and allows open_by_handle_at, the 'shocker' escape to host files",
        ["NET_RAW"] = "it allows raw sockets, which make ARP and DNS spoofing of the other containers on the network possible",
    };

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        foreach (var service in file.Services)
            foreach (var capability in service.Strings("cap_add"))
            {
                var name = Capabilities.Normalize(capability.Value);
                if (!Why.TryGetValue(name, out var why)) continue;
                yield return Definition.At(capability.Location, service.Name, name, service.Name, name, why);
            }
    }
}
