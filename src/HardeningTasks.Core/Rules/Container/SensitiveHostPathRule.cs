using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Rules.Container;

/// <summary>HRD028: what of the host a service gets that it should not: a sensitive host directory bind-mounted whole
/// (<c>/</c>, <c>/etc</c>, <c>/proc</c>, <c>/sys</c>, <c>/dev</c>, <c>/boot</c>, <c>/root</c>, <c>/var/lib/docker</c>,
/// <c>/var/lib/containerd</c>, <c>/var/run</c> or <c>/run</c>, <c>/home</c>); a user's credential directory (<c>~/.ssh</c>,
/// <c>~/.aws</c>, <c>~/.kube</c>, <c>~/.docker</c>, <c>~/.gnupg</c>, or a file in one); a host disk or memory device in
/// <c>devices:</c>; a bind mount with <c>shared</c>/<c>rshared</c> propagation. Files and subdirectories of the sensitive
/// directories (<c>/etc/localtime</c>, <c>/var/run/docker.sock</c>, <c>/home/user/app</c>) are not reported.</summary>
public sealed class SensitiveHostPathRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD028", "Sensitive host path mounted", Categories.Container, Severity.Warning,
        "Service '{0}' {1}: {2}; {3}.");

    public override RuleDescriptor Descriptor => Definition;

    private const string MountLess = "mount only the file or subdirectory it needs, read-only";

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
        ["/var/lib/containerd"] = "it holds every containerd container's filesystem and snapshot on the host",
        ["/var/run"] = "it holds the Docker socket and every other daemon's socket and PID file",
        ["/run"] = "it holds the Docker socket and every other daemon's socket and PID file (/var/run is a link to it)",
        ["/home"] = "it holds every user's home directory, with their SSH keys and credentials",
    };

    /// <summary>A user's credential directories, by the directory under the home.</summary>
    private static readonly Dictionary<string, string> Credentials = new(StringComparer.Ordinal)
    {
        [".ssh"] = "SSH private keys, which open every server the user can reach",
        [".aws"] = "AWS credentials",
        [".kube"] = "Kubernetes credentials (kubeconfig)",
        [".docker"] = "registry credentials (config.json) and Docker client certificates",
        [".gnupg"] = "GPG private keys",
    };

    /// <summary>Host devices that are disks or memory: <c>/dev/sda1</c>, <c>/dev/nvme0n1</c>, <c>/dev/vda</c>, <c>/dev/mapper/…</c>,
    /// <c>/dev/mem</c>. Not <c>/dev/dri</c>, <c>/dev/kvm</c>, <c>/dev/net/tun</c>, <c>/dev/ttyUSB0</c>, <c>/dev/kmsg</c>.</summary>
    private static readonly Regex DiskDevice = new(@"^/dev/(sd[a-z]|nvme\d|hd[a-z]|vd[a-z]|xvd[a-z]|mmcblk\d|dm-\d|md\d|mapper/|disk/)",
        RegexOptions.CultureInvariant);

    private static readonly Dictionary<string, string> MemoryDevices = new(StringComparer.Ordinal)
    {
        ["/dev/mem"] = "it is the host's physical memory",
        ["/dev/kmem"] = "it is the host kernel's memory",
        ["/dev/port"] = "it is raw access to the host's I/O ports",
        ["/dev"] = "that is every host device, disks and memory included",
    };

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        foreach (var service in file.Services)
        {
            var nodeExporter = service.ImageReference?.Name is "node-exporter" or "node_exporter";
            foreach (var mount in service.Volumes)
            {
                var path = PathFinding(mount, nodeExporter);
                var propagation = Propagation(mount);
                if (path != null && propagation != null && path.Value.Location == propagation.Value.Location)
                {
                    yield return Definition.At(path.Value.Location, service.Name, path.Value.Value, service.Name,
                        $"{path.Value.What} with {propagation.Value.Mode} propagation", path.Value.Why + ", and " + PropagationWhy, path.Value.Fix);
                    continue;
                }
                if (path is { } p) yield return Definition.At(p.Location, service.Name, p.Value, service.Name, p.What, p.Why, p.Fix);
                if (propagation is { } shared)
                    yield return Definition.At(shared.Location, service.Name, shared.Mode, service.Name,
                        $"bind-mounts '{mount.Source}' with {shared.Mode} propagation", PropagationWhy,
                        "leave propagation at its default (rprivate), or use rslave if it must see mounts the host makes");
            }
            foreach (var device in service.Strings("devices"))
                if (Device(device) is { } found)
                    yield return Definition.At(device.Location, service.Name, found.Path, service.Name,
                        $"is given the host device '{found.Path}'", found.Why,
                        "give it a volume, or a bind mount of the one directory it needs, instead of the device");
        }
    }

    private const string PropagationWhy =
        "mounts made inside the container propagate back to the host, so it can mount over host paths and other containers' mounts";

    private readonly record struct SensitivePath(SourceLocation Location, string Value, string What, string Why, string Fix);

    private static SensitivePath? PathFinding(VolumeMount mount, bool nodeExporter)
    {
        if (!mount.IsBind) return null;
        var location = HostPaths.SourceLocation(mount);
        var readOnly = mount.ReadOnly ? " (read-only)" : "";
        if (HostPaths.AbsoluteSource(mount) is { } source && Sensitive.TryGetValue(source, out var why))
        {
            var fix = nodeExporter && mount.ReadOnly && source is "/" or "/proc" or "/sys"
                ? "this is node-exporter's documented recipe (read-only /proc, /sys and / for host metrics), an accepted exception: keep it read-only and say so with '# hardening-ignore HRD028 node-exporter reads host metrics'"
                : MountLess;
            return new SensitivePath(location, source, $"bind-mounts the host's {(source == "/" ? "root filesystem '/'" : "'" + source + "'")}{readOnly}", why, fix);
        }
        if (CredentialDirectory(WrittenSource(mount)) is { } credential && Credentials.TryGetValue(credential.Directory, out var holds))
            return new SensitivePath(location, credential.Path, $"bind-mounts the user's '{credential.Path}'{readOnly}",
                $"it holds {holds}, and anything that runs in the container can read {(mount.ReadOnly ? "" : "and replace ")}them",
                "give the service only the one credential it needs as a Docker secret (secrets:), scoped to that service");
        return null;
    }

    /// <summary>The credential directory a source names, written any way Compose reads a home: <c>~/.ssh</c>,
    /// <c>$HOME/.aws</c>, <c>${HOME}/.kube/config</c>, <c>/root/.docker</c>, <c>/home/dev/.gnupg</c>. A file inside one
    /// counts, except public material (<c>known_hosts</c>, <c>*.pub</c>).</summary>
    private static (string Path, string Directory)? CredentialDirectory(string? written)
    {
        if (written == null) return null;
        var path = written.Replace('\\', '/');
        string rest;
        if (path.StartsWith("~/", StringComparison.Ordinal)) rest = path.Substring(2);
        else if (HomeVariable.Match(path) is { Success: true } home) rest = path.Substring(home.Length);
        else if (path.StartsWith("/root/", StringComparison.Ordinal)) rest = path.Substring("/root/".Length);
        else if (path.StartsWith("/home/", StringComparison.Ordinal) || path.StartsWith("/Users/", StringComparison.Ordinal))
        {
            var segments = path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length < 3) return null;
            rest = string.Join("/", segments.Skip(2));
        }
        else return null;
        var parts = rest.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !Credentials.ContainsKey(parts[0])) return null;
        var last = parts[parts.Length - 1];
        if (parts.Length > 1 && (last == "known_hosts" || last.EndsWith(".pub", StringComparison.Ordinal))) return null;
        return (path.TrimEnd('/'), parts[0]);
    }

    private static readonly Regex HomeVariable = new(@"^(\$HOME|\$\{HOME(:?-[^}]*)?\})/", RegexOptions.CultureInvariant);

    /// <summary>The source as written, before interpolation: <c>${HOME}/.ssh</c> stays recognisable when HOME is unset here.</summary>
    private static string? WrittenSource(VolumeMount mount)
    {
        if (HostPaths.SourceNode(mount) is not { } node) return mount.Source;
        var written = node.RawValue ?? node.Value;
        if (mount.Node is YMapping) return written;
        // short syntax: the source is everything before the first ':' outside ${…}
        var depth = 0;
        for (var i = 0; i < written.Length; i++)
        {
            if (written[i] == '{' && i > 0 && written[i - 1] == '$') depth++;
            else if (written[i] == '}' && depth > 0) depth--;
            else if (written[i] == ':' && depth == 0) return written.Substring(0, i);
        }
        return written;
    }

    /// <summary><c>shared</c>/<c>rshared</c> propagation: the long syntax's <c>bind.propagation</c> value, or the mode of the
    /// short syntax (<c>/mnt:/mnt:rshared</c>, <c>:ro,shared</c>) at the item.</summary>
    private static (SourceLocation Location, string Mode)? Propagation(VolumeMount mount)
    {
        if (!mount.IsBind) return null;
        if (mount.Node is YMapping map)
            return (map["bind"] as YMapping)?["propagation"] is YScalar { IsNull: false } p && p.Value.Trim() is "shared" or "rshared"
                ? (p.Location, p.Value.Trim())
                : null;
        if (mount.Node is not YScalar item) return null;
        var parts = item.Value.Split(':');
        if (parts.Length < 3) return null;
        var mode = parts[parts.Length - 1].Split(',').FirstOrDefault(m => m is "shared" or "rshared");
        return mode == null ? null : (HostPaths.SourceLocation(mount), mode);
    }

    private static (string Path, string Why)? Device(YScalar device)
    {
        if (!device.IsFullyResolved) return null;
        var host = device.Value.Split(':')[0].Trim();
        if (!host.StartsWith("/", StringComparison.Ordinal)) return null; // a CDI name (nvidia.com/gpu=all)
        host = "/" + string.Join("/", host.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries));
        if (MemoryDevices.TryGetValue(host, out var why)) return (host, why);
        if (DiskDevice.IsMatch(host))
            return (host, "a raw disk device reads and writes the host's filesystems past every file permission, mount and namespace");
        return null;
    }
}
