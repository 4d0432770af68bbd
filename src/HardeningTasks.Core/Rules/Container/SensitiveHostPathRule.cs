using System;
using System.Collections.Generic;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Container;

/// <summary>HRD028: a sensitive host directory bind-mounted whole (<c>/</c>, <c>/etc</c>, <c>/proc</c>, <c>/sys</c>, <c>/dev</c>,
/// <c>/boot</c>, <c>/root</c>, <c>/var/lib/docker</c>, <c>/var/run</c> or <c>/run</c>, <c>/home</c>). Files and subdirectories
/// of them (<c>/etc/localtime</c>, <c>/var/run/docker.sock</c>, <c>/home/user/app</c>) are not reported.</summary>
public sealed class SensitiveHostPathRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD028", "Sensitive host path mounted", Categories.Container, Severity.Warning,
        "Service '{0}' bind-mounts the host's {1}{2}: {3}; mount only the file or subdirectory it needs, read-only.");

    public override RuleDescriptor Descriptor => Definition;

    private static readonly Dictionary<string, string> Sensitive = new(StringComparer.Ordinal)
    {
        ["/"] = "that is the whole host filesystem",
        ["/etc"] = "it holds the host's users, password hashes, sudoers, SSH and cron configuration",
        ["/proc"] = "it exposes every host process, their environments and kernel tunables",
        ["/sys"] = "it exposes kernel and device settings of the host",
        ["/dev"] = "it gives access to every host device, disks included",
        ["/boot"] = "it holds the host's kernel and boot loader",
        ["/root"] = "it is root's home, with SSH keys and shell history",
        ["/var/lib/docker"] = "it holds every container's filesystem, volume and secret on the host",
        ["/var/run"] = "it holds the Docker socket and every other daemon's socket and PID file",
        ["/run"] = "it holds the Docker socket and every other daemon's socket and PID file (/var/run is a link to it)",
        ["/home"] = "it holds every user's home directory, with their SSH keys and credentials",
    };

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        foreach (var service in file.Services)
            foreach (var mount in service.Volumes)
            {
                if (HostPaths.AbsoluteSource(mount) is not { } source || !Sensitive.TryGetValue(source, out var why)) continue;
                yield return Definition.At(HostPaths.SourceLocation(mount), service.Name, source,
                    service.Name, source == "/" ? "root filesystem '/'" : "'" + source + "'", mount.ReadOnly ? " (read-only)" : "", why);
            }
    }
}
