using System;
using System.Collections.Generic;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Container;

/// <summary>HRD026: a host namespace shared with the container: <c>network_mode: host</c>, <c>pid: host</c>, <c>ipc: host</c>,
/// <c>uts: host</c>, <c>userns_mode: host</c>.</summary>
public sealed class HostNamespaceRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD026", "Host namespace shared", Categories.Container, Severity.Warning,
        "Service '{0}' sets '{1}: host', so {2}; remove it and {3}.");

    public override RuleDescriptor Descriptor => Definition;

    private static readonly (string Key, string Risk, string Instead)[] Namespaces =
    {
        ("network_mode", "it shares the host's network stack, so it can bind any host port, reach every service listening on localhost, and bypasses port publishing and network isolation",
            "publish only the ports it needs (bound to 127.0.0.1 where possible) on a user-defined network"),
        ("pid", "it sees every process on the host and, as root, can signal or ptrace them",
            "share a single service's namespace with pid: \"service:<name>\" if it must see another process"),
        ("ipc", "it shares the host's System V IPC and /dev/shm with every host process",
            "use ipc: shareable on one service and ipc: \"service:<name>\" on the other if two containers must share memory"),
        ("uts", "it can change the host's hostname and domain name",
            "set hostname: for the container instead"),
        ("userns_mode", "it turns off the daemon's user-namespace remapping, so root in the container is root on the host",
            "give the files it needs an ownership that matches the remapped IDs instead"),
    };

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        foreach (var service in file.Services)
            foreach (var (key, risk, instead) in Namespaces)
                if (service.Scalar(key) is { } value && string.Equals(value.Value.Trim(), "host", StringComparison.Ordinal))
                    yield return Definition.At(value.Location, service.Name, key, service.Name, key, risk, instead);
    }
}
