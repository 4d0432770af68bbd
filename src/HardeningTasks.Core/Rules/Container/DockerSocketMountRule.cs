using System;
using System.Collections.Generic;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Container;

/// <summary>HRD021: the Docker socket bind-mounted into a service (read-only or not), except into a socket proxy.</summary>
public sealed class DockerSocketMountRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD021", "Docker socket mounted into a service", Categories.Container, Severity.Warning,
        "Service '{0}' mounts the Docker socket {1}{2}: whoever controls this container controls the Docker daemon and so the host; put a socket proxy in between (tecnativa/docker-socket-proxy, wollomatic/socket-proxy) that allows only the API calls it needs, and point the service at it with DOCKER_HOST=tcp://<proxy>:2375.");

    public override RuleDescriptor Descriptor => Definition;

    private static readonly HashSet<string> Sockets = new(StringComparer.Ordinal) { "/var/run/docker.sock", "/run/docker.sock" };

    /// <summary>Images whose whole job is to hold the socket and filter the API for the others (repository, any registry).</summary>
    private static readonly HashSet<string> SocketProxies = new(StringComparer.Ordinal)
    {
        "tecnativa/docker-socket-proxy", "linuxserver/socket-proxy", "wollomatic/socket-proxy",
    };

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        foreach (var service in file.Services)
        {
            if (IsSocketProxy(service)) continue;
            foreach (var mount in service.Volumes)
            {
                if (SocketSource(mount) is not { } source) continue;
                yield return Definition.At(HostPaths.SourceLocation(mount), service.Name, source,
                    service.Name, source, mount.ReadOnly ? ", and ':ro' does not help (it stops writes to the socket file, not API calls through it)" : "");
            }
        }
    }

    /// <summary>The host socket a mount brings in: <c>/var/run/docker.sock</c>, <c>/run/docker.sock</c>, a rootless daemon's
    /// <c>/run/user/1000/docker.sock</c>, or a host path left to a variable (<c>${DOCKER_SOCK}:/var/run/docker.sock</c>) when the
    /// target is where the socket lives.</summary>
    private static string? SocketSource(VolumeMount mount)
    {
        if (HostPaths.AbsoluteSource(mount) is { } source)
            return Sockets.Contains(source) || source.EndsWith("/docker.sock", StringComparison.Ordinal) ? source : null;
        if (HostPaths.SourceNode(mount) is { IsFullyResolved: false } node && Sockets.Contains(Normalize(mount.Target)))
            return "(host path from " + string.Join(", ", node.UnresolvedVariables) + ")";
        return null;
    }

    private static string Normalize(string path) => "/" + string.Join("/", path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries));

    private static bool IsSocketProxy(ComposeService service) =>
        service.Image is { IsFullyResolved: true } image && ImageReference.TryParse(image.Value.Trim()) is { } reference
        && SocketProxies.Contains(reference.Repository);
}
