using System.Collections.Generic;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Container;

/// <summary>HRD021: a container-runtime socket (Docker, containerd, CRI-O, Podman; rootless too), or a directory holding one,
/// mounted into a service (read-only or not), directly or through a named volume that binds it; except into a socket proxy.
/// What a socket is lives in <see cref="RuntimeSockets"/>, shared with HRD045.</summary>
public sealed class DockerSocketMountRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD021", "Docker socket mounted into a service", Categories.Container, Severity.Warning,
        "Service '{0}' mounts the container runtime's socket: {1}{2}; whoever controls this container controls the runtime and so the host; put a socket proxy in between (tecnativa/docker-socket-proxy, wollomatic/socket-proxy) that allows only the API calls it needs, and point the service at it with DOCKER_HOST=tcp://<proxy>:2375.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        foreach (var service in file.Services)
        {
            if (RuntimeSockets.IsSocketProxy(service)) continue;
            foreach (var socket in RuntimeSockets.MountsOf(service))
                yield return Definition.At(socket.Location, service.Name, socket.What, service.Name, socket.What,
                    socket.Mount.ReadOnly ? ", and ':ro' does not help (it stops writes to the socket file, not API calls through it)" : "");
        }
    }
}
