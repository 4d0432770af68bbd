using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Traefik;
using HardeningTasks.Core.Parsing.Yaml;

namespace HardeningTasks.Core.Parsing.Traefik;

/// <summary>
/// Finds the Traefik instances of a stack and follows their mounts: the static file a service mounts at
/// <c>/etc/traefik/traefik.{toml,yaml,yml}</c> (or names with <c>--configFile</c>), and the files its file provider
/// loads. What a mount hides (a named volume, a host path outside the repository, a file the repository does not hold)
/// is recorded as unknown, never guessed.
/// </summary>
public static class TraefikStackBuilder
{
    /// <summary>Dynamic providers whose configuration (TLS certificates included) lives outside the repository.</summary>
    private static readonly string[] ExternalDynamicProviders =
        { "http", "redis", "consul", "etcd", "zookeeper", "kubernetescrd", "kubernetesingress", "kubernetesgateway", "plugin" };

    private static readonly string[] DefaultStaticFiles = { "/etc/traefik/traefik.toml", "/etc/traefik/traefik.yaml", "/etc/traefik/traefik.yml" };

    private static readonly string[] TraefikRootKeys = { "entrypoints", "providers", "certificatesresolvers", "configfile" };

    public static TraefikStack Build(Stack stack) => new Builder(stack).Run();

    /// <summary>True when the service is Traefik: its image is <c>traefik</c> (any registry, tag or digest), its flags or
    /// <c>TRAEFIK_*</c> variables configure entrypoints/providers/resolvers, or it mounts something at <c>/etc/traefik</c>.</summary>
    public static bool IsTraefik(ComposeService service) =>
        IsTraefik(service, TraefikSettingsReader.FromArguments(Arguments(service)),
            TraefikSettingsReader.FromEnvironment(ComposeAccess.Environment(service)), ComposeAccess.Mounts(service));

    private static bool IsTraefik(ComposeService service, TraefikSettings command, TraefikSettings environment, IReadOnlyList<ServiceMount> mounts)
    {
        if (service.Image?.Value is { } image && IsTraefikImage(image)) return true;
        if (command.All.Concat(environment.All).Any(s => TraefikRootKeys.Contains(TraefikKeys.ChildSegment(s.Key, "") ?? ""))) return true;
        return mounts.Any(m => m.Target == "/etc/traefik" || m.Target.StartsWith("/etc/traefik/", StringComparison.Ordinal));
    }

    /// <summary><c>traefik</c>, <c>traefik:v3.1</c>, <c>docker.io/library/traefik:v3@sha256:…</c> — not <c>traefik/whoami</c>.</summary>
    public static bool IsTraefikImage(string image)
    {
        var reference = image.Trim();
        var at = reference.IndexOf('@');
        if (at >= 0) reference = reference.Substring(0, at);
        var slash = reference.LastIndexOf('/');
        var name = slash >= 0 ? reference.Substring(slash + 1) : reference;
        var colon = name.IndexOf(':');
        if (colon >= 0) name = name.Substring(0, colon);
        return string.Equals(name, "traefik", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The words Traefik receives: <c>command:</c>, after <c>entrypoint:</c> when that starts the traefik binary.</summary>
    public static IReadOnlyList<CommandWord> Arguments(ComposeService service)
    {
        var command = ComposeAccess.Words(service["command"]);
        var entrypoint = ComposeAccess.Words(service["entrypoint"]);
        if (entrypoint.Count > 0 && string.Equals(Path.GetFileName(entrypoint[0].Text.Replace('\\', '/')), "traefik", StringComparison.OrdinalIgnoreCase))
            return entrypoint.Concat(command).ToList();
        return command;
    }

    private enum MapKind
    {
        NotMounted,
        Host,
        Unknown,
    }

    private readonly record struct Mapped(MapKind Kind, string? HostPath, ServiceMount? Mount, string? Reason);

    private sealed class Builder
    {
        private readonly Stack stack;
        private readonly Dictionary<string, TraefikConfigFile> inputs = new(PathText.Comparer);
        private readonly Dictionary<string, TraefikConfigFile?> loaded = new(PathText.Comparer);
        private readonly List<TraefikLoadProblem> problems = new();
        private readonly List<string> mountedHostPaths = new();
        private readonly string projectDirectory;

        public Builder(Stack stack)
        {
            this.stack = stack;
            foreach (var file in stack.FilesOf<TraefikConfigFile>())
                inputs[Full(file.Path)] = file;
            projectDirectory = string.IsNullOrEmpty(stack.ProjectDirectory) ? "" : Full(stack.ProjectDirectory);
        }

        public TraefikStack Run()
        {
            var instances = new List<TraefikInstance>();
            var labels = new List<TraefikDynamicConfig>();
            foreach (var project in stack.FilesOf<ComposeProject>())
            {
                foreach (var service in project.Services)
                {
                    var mounts = ComposeAccess.Mounts(service);

                    var labelSettings = TraefikSettingsReader.FromLabels(ComposeAccess.Labels(service));
                    if (labelSettings.Count > 0) labels.Add(new TraefikDynamicConfig(labelSettings, service, null));

                    var command = TraefikSettingsReader.FromArguments(Arguments(service));
                    var environment = TraefikSettingsReader.FromEnvironment(ComposeAccess.Environment(service));
                    if (!IsTraefik(service, command, environment, mounts)) continue;
                    mountedHostPaths.AddRange(mounts.Where(m => m.IsBind && m.HostPath != null).Select(m => Full(m.HostPath!)));

                    var staticFile = FindStaticFile(project, command, environment, mounts, out var staticUnknown);
                    var instance = new TraefikInstance(project, service, null, command, environment, staticFile, staticUnknown);
                    LoadFileProvider(instance, mounts);
                    instances.Add(instance);
                }
            }

            var standaloneDynamic = new List<TraefikDynamicConfig>();
            foreach (var file in stack.FilesOf<TraefikConfigFile>())
            {
                if (IsMounted(file.Path)) continue;
                if (file.Kind == TraefikConfigKind.Dynamic)
                {
                    standaloneDynamic.Add(file.Dynamic);
                    continue;
                }
                var instance = new TraefikInstance(file, null, file, TraefikSettings.Empty, TraefikSettings.Empty, file, null);
                if (instance.Static.Has("providers.file"))
                    instance.DynamicUnknownReason = "its file provider names container paths, and no service in the project mounts this file to tell which repository files they are";
                else
                    instance.DynamicUnknownReason = ExternalProvider(instance);
                instances.Add(instance);
            }
            return new TraefikStack(instances, labels, standaloneDynamic, problems);
        }

        // ---- the static file ----

        private TraefikConfigFile? FindStaticFile(ComposeProject project, TraefikSettings command, TraefikSettings environment,
            IReadOnlyList<ServiceMount> mounts, out string? unknown)
        {
            unknown = null;
            var configFile = command["configfile"] ?? environment["configfile"];
            if (configFile != null && !configFile.IsKnown)
            {
                unknown = $"its static file '{configFile.Value}' depends on an unset variable";
                return null;
            }
            var explicitPath = configFile?.Value.Trim();
            var candidates = explicitPath != null ? new[] { ComposeAccess.NormalizeContainerPath(explicitPath) } : DefaultStaticFiles;
            foreach (var candidate in candidates)
            {
                var mapped = Map(candidate, mounts);
                switch (mapped.Kind)
                {
                    case MapKind.NotMounted:
                        if (explicitPath == null) continue;
                        unknown = $"its static file '{explicitPath}' is not mounted from the repository";
                        return null;
                    case MapKind.Unknown:
                        unknown = mapped.Reason;
                        return null;
                }
                var hostPath = mapped.HostPath!;
                if (stack.FileSystem.FileExists(hostPath))
                {
                    var file = Load(hostPath, project);
                    if (file == null) unknown = $"its static file '{Relative(hostPath)}' cannot be parsed";
                    return file;
                }
                var mount = mapped.Mount!;
                if (mount.Target == candidate || explicitPath != null)
                {
                    unknown = $"its static file is mounted from '{mount.Source}', which is not in the repository";
                    return null;
                }
                if (!stack.FileSystem.DirectoryExists(mount.HostPath!))
                {
                    unknown = $"'{mount.Source}' is mounted at {mount.Target} but is not in the repository";
                    return null;
                }
            }
            return null;
        }

        // ---- the file provider ----

        private void LoadFileProvider(TraefikInstance instance, IReadOnlyList<ServiceMount> mounts)
        {
            var configs = new List<TraefikDynamicConfig>();
            string? unknown = null;
            var target = instance.Static["providers.file.filename"] ?? instance.Static["providers.file.directory"];
            if (target != null)
            {
                var isDirectory = target.Key.EndsWith(".directory", StringComparison.Ordinal);
                var mapped = target.IsKnown ? Map(ComposeAccess.NormalizeContainerPath(target.Value.Trim()), mounts) : new Mapped(MapKind.Unknown, null, null, null);
                switch (mapped.Kind)
                {
                    case MapKind.NotMounted:
                        unknown = $"its file provider reads '{target.Value}', which is not mounted from the repository";
                        break;
                    case MapKind.Unknown:
                        unknown = mapped.Reason ?? $"its file provider path '{target.Value}' depends on an unset variable";
                        break;
                    default:
                        var hostPath = mapped.HostPath!;
                        if (!isDirectory && stack.FileSystem.FileExists(hostPath))
                        {
                            var file = Load(hostPath, instance.Home);
                            if (file != null) configs.Add(file.Dynamic);
                            else unknown = $"its file provider's '{Relative(hostPath)}' cannot be parsed";
                        }
                        else if (isDirectory && stack.FileSystem.DirectoryExists(hostPath))
                        {
                            foreach (var path in stack.FileSystem.EnumerateFiles(hostPath).OrderBy(p => p, StringComparer.Ordinal))
                            {
                                if (!IsConfigFileName(path)) continue;
                                var file = Load(path, instance.Home);
                                if (file != null) configs.Add(file.Dynamic);
                                else unknown ??= $"its file provider's '{Relative(path)}' cannot be parsed";
                            }
                        }
                        else
                            unknown = $"its file provider reads '{target.Value}', mounted from '{mapped.Mount!.Source}', which is not in the repository";
                        break;
                }
            }
            instance.FileProviderConfigs = configs;
            instance.DynamicUnknownReason = unknown ?? ExternalProvider(instance);
        }

        private static string? ExternalProvider(TraefikInstance instance)
        {
            foreach (var provider in ExternalDynamicProviders)
                if (instance.Static.Has("providers." + provider))
                    return $"its {provider} provider supplies configuration from outside the repository";
            return null;
        }

        private static bool IsConfigFileName(string path)
        {
            var extension = Path.GetExtension(path).ToLowerInvariant();
            return extension is ".yml" or ".yaml" or ".toml";
        }

        // ---- mounts ----

        /// <summary>The host file behind a container path: the bind mount with the longest target that covers it.</summary>
        private Mapped Map(string containerPath, IReadOnlyList<ServiceMount> mounts)
        {
            ServiceMount? best = null;
            foreach (var mount in mounts)
            {
                var covers = mount.Target == "/" || containerPath == mount.Target || containerPath.StartsWith(mount.Target + "/", StringComparison.Ordinal);
                if (covers && (best == null || mount.Target.Length > best.Target.Length)) best = mount;
            }
            if (best == null) return new Mapped(MapKind.NotMounted, null, null, null);
            if (!best.IsBind)
                return new Mapped(MapKind.Unknown, null, best, best.Source.Length > 0
                    ? $"{best.Target} is mounted from the volume '{best.Source}', whose content is not in the repository"
                    : $"{best.Target} is an anonymous volume");
            if (best.HostPath == null)
                return new Mapped(MapKind.Unknown, null, best, $"{best.Target} is mounted from '{best.Source}', which cannot be resolved in the repository");
            var isRooted = best.Source.StartsWith("/", StringComparison.Ordinal) || (best.Source.Length >= 2 && best.Source[1] == ':');
            var host = Full(best.HostPath);
            if (isRooted && !IsInside(host, projectDirectory))
                return new Mapped(MapKind.Unknown, null, best, $"{best.Target} is mounted from the host path '{best.Source}', outside the repository");
            var rest = containerPath.Length > best.Target.Length ? containerPath.Substring(best.Target == "/" ? 1 : best.Target.Length + 1) : "";
            var hostPath = rest.Length == 0 ? host : PathText.Resolve(host, rest.Replace('/', Path.DirectorySeparatorChar));
            return new Mapped(MapKind.Host, hostPath, best, null);
        }

        /// <summary>True when a Traefik service mounts the file (or a directory holding it): it is judged with that service.</summary>
        private bool IsMounted(string path)
        {
            var full = Full(path);
            return mountedHostPaths.Any(m => PathText.Comparer.Equals(m, full) || IsInside(full, m));
        }

        private static bool IsInside(string path, string directory)
        {
            if (directory.Length == 0) return false;
            var prefix = directory.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? directory : directory + Path.DirectorySeparatorChar;
            return path.StartsWith(prefix, PathText.Comparer == StringComparer.Ordinal ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
        }

        private TraefikConfigFile? Load(string hostPath, StackFile home)
        {
            var full = Full(hostPath);
            if (inputs.TryGetValue(full, out var input)) return input;
            if (loaded.TryGetValue(full, out var cached)) return cached;
            var file = TraefikConfigLoader.Load(stack.FileSystem, full, SourceReader.DefaultMaxFileBytes, out var error);
            if (error != null) problems.Add(new TraefikLoadProblem(home, full, error));
            loaded[full] = file;
            return file;
        }

        private string Relative(string path)
        {
            var full = Full(path);
            return IsInside(full, projectDirectory) ? full.Substring(projectDirectory.TrimEnd(Path.DirectorySeparatorChar).Length + 1).Replace('\\', '/') : full;
        }

        private static string Full(string path)
        {
            try
            {
                return Path.GetFullPath(path);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
            {
                return path;
            }
        }
    }
}
