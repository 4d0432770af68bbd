using System;
using System.Collections.Generic;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Container;

/// <summary>HRD024: <c>cap_add</c> of a capability that amounts to host control or reaches past the container (<c>ALL</c>,
/// <c>SYS_ADMIN</c>, <c>NET_ADMIN</c>, <c>SYS_PTRACE</c>, <c>SYS_MODULE</c>, <c>DAC_READ_SEARCH</c>, <c>NET_RAW</c>, <c>SYS_RAWIO</c>,
/// <c>SYS_BOOT</c>, <c>SYS_TIME</c>, <c>BPF</c>, <c>PERFMON</c>, <c>SYSLOG</c>, <c>MAC_ADMIN</c>, <c>MAC_OVERRIDE</c>), in any case,
/// with or without <c>CAP_</c>.</summary>
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
        ["SYS_RAWIO"] = "it allows raw I/O (iopl, ioperm, /dev/mem and raw disk access), which reads and writes host memory and disks past every permission",
        ["SYS_BOOT"] = "it can reboot the host and load a new kernel with kexec_load (the reboot call is not namespaced)",
        ["SYS_TIME"] = "it sets the host's clock, which no namespace isolates: certificates, tokens, logs and Kerberos go wrong for every container and the host",
        ["BPF"] = "it loads BPF programs and maps, which can read kernel memory and watch every container's traffic",
        ["PERFMON"] = "it opens performance monitoring and BPF tracing of every process on the host, leaking other containers' data",
        ["SYSLOG"] = "it reads the kernel log with kernel addresses (defeating KASLR) and can clear it, hiding an intrusion",
        ["MAC_ADMIN"] = "it changes the AppArmor/SELinux policy that confines every container on the host",
        ["MAC_OVERRIDE"] = "it overrides mandatory access control (AppArmor/SELinux), the layer meant to contain an escape",
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
