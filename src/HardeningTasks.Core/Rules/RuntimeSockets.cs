using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Yaml;
using HardeningTasks.Core.Rules.Container;

namespace HardeningTasks.Core.Rules;

/// <summary>A container-runtime socket brought into a service: the mount, and what it brings in (for messages).</summary>
/// <param name="Mount">The service's mount (short-syntax item or long-syntax mapping).</param>
/// <param name="What">What the host side is: <c>/var/run/docker.sock</c>, <c>the directory /run, which holds the Docker socket</c>,
/// <c>$XDG_RUNTIME_DIR/docker.sock</c>, <c>the volume 'docker-run' (a bind of /var/run)</c>.</param>
/// <param name="Location">Where a finding points: the mount's source.</param>
public sealed record RuntimeSocketMount(VolumeMount Mount, string What, SourceLocation Location);

/// <summary>
/// What a container-runtime socket is, in one place for HRD021 (socket mounted) and HRD045 (Docker API published): the
/// sockets of Docker (rootful and rootless), containerd, CRI-O and Podman, the directories that hold one (<c>/run</c>,
/// <c>/var/run</c>, <c>/run/containerd</c>, a rootless <c>/run/user/&lt;uid&gt;</c>), reached by a bind mount, by a host path
/// left to a variable, or by a named volume whose <c>driver_opts</c> bind such a path; and which images are socket proxies
/// (they hold the socket so that nothing else has to).
/// </summary>
public static class RuntimeSockets
{
    /// <summary>The runtime sockets at their usual paths, and who serves them.</summary>
    private static readonly Dictionary<string, string> Sockets = new(StringComparer.Ordinal)
    {
        ["/var/run/docker.sock"] = "Docker",
        ["/run/docker.sock"] = "Docker",
        ["/run/containerd/containerd.sock"] = "containerd",
        ["/var/run/containerd/containerd.sock"] = "containerd",
        ["/run/k3s/containerd/containerd.sock"] = "containerd",
        ["/var/run/docker/containerd/containerd.sock"] = "containerd",
        ["/run/crio/crio.sock"] = "CRI-O",
        ["/var/run/crio/crio.sock"] = "CRI-O",
        ["/run/podman/podman.sock"] = "Podman",
        ["/var/run/podman/podman.sock"] = "Podman",
    };

    /// <summary>Socket file names that are a runtime's API wherever they live (a rootless daemon's <c>/run/user/1000/docker.sock</c>).</summary>
    private static readonly Dictionary<string, string> SocketNames = new(StringComparer.Ordinal)
    {
        ["docker.sock"] = "Docker", ["containerd.sock"] = "containerd", ["crio.sock"] = "CRI-O", ["podman.sock"] = "Podman",
    };

    /// <summary>Directories that hold a runtime socket: mounting one mounts the socket.</summary>
    private static readonly Dictionary<string, string> SocketDirectories = new(StringComparer.Ordinal)
    {
        ["/run"] = "Docker", ["/var/run"] = "Docker",
        ["/run/containerd"] = "containerd", ["/var/run/containerd"] = "containerd",
        ["/run/crio"] = "CRI-O", ["/var/run/crio"] = "CRI-O",
        ["/run/podman"] = "Podman", ["/var/run/podman"] = "Podman",
    };

    /// <summary>Socket proxies by image name (the last path component, any registry or namespace): <c>tecnativa/docker-socket-proxy</c>,
    /// <c>linuxserver/socket-proxy</c>, <c>wollomatic/socket-proxy</c>.</summary>
    private static readonly HashSet<string> SocketProxyNames = new(StringComparer.Ordinal) { "docker-socket-proxy", "socket-proxy" };

    /// <summary>True when the service's image is a socket proxy, whose whole job is to hold the socket and filter the API for the others.</summary>
    public static bool IsSocketProxy(ComposeService service) =>
        ServiceRoles.NameOf(service) is { } reference && SocketProxyNames.Contains(reference.Name);

    /// <summary>Docker-in-Docker: the <c>docker</c> image with a <c>dind</c> tag (<c>docker:dind</c>, <c>docker:27-dind-rootless</c>), or a <c>…/dind</c> image.</summary>
    public static bool IsDockerInDocker(ComposeService service)
    {
        if (ServiceRoles.NameOf(service) is not { } reference) return false;
        return reference.Name == "dind" || (reference.Name == "docker" && reference.Tag is { } tag && tag.IndexOf("dind", StringComparison.Ordinal) >= 0);
    }

    /// <summary>The runtime sockets a service's mounts bring in, in the order written.</summary>
    public static IEnumerable<RuntimeSocketMount> MountsOf(ComposeService service)
    {
        foreach (var mount in service.Volumes)
            if (Of(mount, service.Project) is { } socket) yield return socket;
    }

    private static RuntimeSocketMount? Of(VolumeMount mount, ComposeProject project)
    {
        var location = HostPaths.SourceLocation(mount);
        // A host path left to a variable: judged by the socket file it names ($XDG_RUNTIME_DIR/docker.sock), else by the
        // container path when that is where a socket lives (${DOCKER_SOCK}:/var/run/docker.sock).
        if (HostPaths.SourceNode(mount) is { IsFullyResolved: false } node && (mount.IsBind || string.IsNullOrEmpty(mount.Source)))
        {
            var written = Written(node, mount);
            if (FileName(written) is { } file && SocketNames.ContainsKey(file)) return new RuntimeSocketMount(mount, written, location);
            return Sockets.ContainsKey(HostPaths.Normalize(mount.Target)) ? new RuntimeSocketMount(mount, written, location) : null;
        }
        if (mount.Type == "volume" && mount.Source is { Length: > 0 } volume)
            return BoundDevice(project, volume) is { } device && Judge(device) is { } runtime
                ? new RuntimeSocketMount(mount, $"the volume '{volume}' (a bind of {Describe(device, runtime)})", location)
                : null;
        if (HostPaths.AbsoluteSource(mount) is { } source)
            return Judge(source) is { } runtime ? new RuntimeSocketMount(mount, Describe(source, runtime), location) : null;
        return null;
    }

    /// <summary>The runtime whose socket <paramref name="path"/> is or holds, or null.</summary>
    private static string? Judge(string path)
    {
        if (Sockets.TryGetValue(path, out var runtime) || SocketDirectories.TryGetValue(path, out runtime)) return runtime;
        if (FileName(path) is { } file && SocketNames.TryGetValue(file, out runtime)) return runtime;
        // A rootless daemon's runtime directory (/run/user/1000) holds docker.sock.
        var segments = path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
        var rootless = segments.Length == 3 && segments[0] == "run" && segments[1] == "user" && segments[2].All(char.IsDigit)
                       || segments.Length == 4 && segments[0] == "var" && segments[1] == "run" && segments[2] == "user" && segments[3].All(char.IsDigit);
        return rootless ? "Docker" : null;
    }

    private static string Describe(string path, string runtime) =>
        SocketDirectories.ContainsKey(path) || !path.EndsWith(".sock", StringComparison.Ordinal)
            ? $"the directory {path}, which holds the {runtime} socket"
            : path;

    /// <summary>The host path a named volume binds (<c>driver_opts: {type: none, o: bind, device: /var/run}</c>), normalised; null otherwise.</summary>
    private static string? BoundDevice(ComposeProject project, string volume)
    {
        foreach (var entry in project.TopLevel("volumes"))
        {
            if (entry.Name != volume) continue;
            if ((entry.Value as YMapping)?["driver_opts"] is not YMapping options) return null;
            var o = (options["o"] as YScalar)?.Value ?? "";
            if (!o.Split(',').Any(x => x.Trim() is "bind" or "rbind")) return null;
            return options["device"] is YScalar { IsFullyResolved: true } device && device.Value.StartsWith("/", StringComparison.Ordinal)
                ? HostPaths.Normalize(device.Value)
                : null;
        }
        return null;
    }

    private static string Written(YScalar node, VolumeMount mount)
    {
        var text = node.RawValue ?? node.Value;
        if (node == mount.Node)
        {
            // Short syntax: the source is what comes before the container path.
            var target = text.LastIndexOf(":" + mount.Target, StringComparison.Ordinal);
            if (target > 0) text = text.Substring(0, target);
        }
        return text;
    }

    private static string? FileName(string path)
    {
        var name = path.Substring(path.LastIndexOf('/') + 1);
        return name.Length == 0 ? null : name;
    }
}
