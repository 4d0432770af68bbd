using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Traefik;
using HardeningTasks.Core.Model.Yaml;
using HardeningTasks.Core.Parsing.Traefik;

namespace HardeningTasks.Core.Linking;

/// <summary>
/// Finds the Traefik instances of a stack as Traefik runs them and joins them to the configuration they serve:
/// <list type="bullet">
/// <item>each instance loads ONE static source: the first static file found (<c>--configFile</c>, then
/// <c>traefik.{toml,yaml,yml}</c> in <c>/etc/traefik/</c>, <c>$XDG_CONFIG_HOME/</c>, <c>$HOME/.config/</c> and the working
/// directory, each followed through the service's mounts), else its flags, else its <c>TRAEFIK_*</c> variables;</item>
/// <item>its file provider's files are followed through its mounts;</item>
/// <item>labels are served by the Traefik of their own project and by the Traefik of a project that shares an external
/// network with the labelled service; never by an unrelated stack's Traefik;</item>
/// <item>a Traefik v1 (image tag or v1 syntax) is recognised and serves nothing the v2/v3 model describes.</item>
/// </list>
/// What a mount hides (a named volume, a host path outside the repository, a file the repository does not hold) is recorded
/// as unknown, never guessed.
/// </summary>
internal sealed class TraefikLinker
{
    /// <summary>Dynamic providers whose configuration (TLS certificates included) lives outside the repository.</summary>
    private static readonly string[] ExternalDynamicProviders =
        { "http", "redis", "consul", "etcd", "zookeeper", "kubernetescrd", "kubernetesingress", "kubernetesgateway", "plugin" };

    private static readonly string[] StaticFileExtensions = { "toml", "yaml", "yml" };

    private static readonly string[] TraefikRootKeys = { "entrypoints", "providers", "certificatesresolvers", "configfile" };

    /// <summary>Top-level keys that only Traefik v1 has (v2 moved them under <c>global</c>, <c>log</c>, <c>providers</c>,
    /// <c>certificatesResolvers</c>, or dropped them), and the v1 dynamic sections.</summary>
    private static readonly string[] Version1RootKeys =
    {
        "defaultentrypoints", "acme", "docker", "file", "web", "frontends", "backends", "loglevel", "debug", "checknewversion",
        "sendanonymoususage", "insecureskipverify", "traefiklog", "consulcatalog", "marathon", "rancher", "ecs", "retry",
    };

    /// <summary>The codenames of the v1 releases, which the official image also uses as tags.</summary>
    private static readonly string[] Version1Codenames = { "camembert", "morbier", "raclette", "roquefort", "cancoillotte", "tetedemoine", "maroilles" };

    private static readonly Regex Version1Tag = new(@"^v?1(\.[0-9]+)*(-.*)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private readonly IFileSystem fileSystem;
    private readonly long maxBytes;
    private readonly string projectDirectory;
    private readonly Dictionary<string, TraefikConfigFile> inputs = new(PathText.Comparer);
    private readonly Dictionary<string, TraefikConfigFile?> loaded = new(PathText.Comparer);
    private readonly List<TraefikLoadProblem> problems = new();
    private readonly List<string> mountedHostPaths = new();
    private readonly ComposeNetworkNames networks = new();

    private TraefikLinker(IReadOnlyList<StackFile> files, string projectDirectory, IFileSystem fileSystem, long maxBytes)
    {
        this.fileSystem = fileSystem;
        this.maxBytes = maxBytes;
        foreach (var file in files.OfType<TraefikConfigFile>())
            inputs[Full(file.Path)] = file;
        this.projectDirectory = string.IsNullOrEmpty(projectDirectory) ? "" : Full(projectDirectory);
    }

    public static TraefikStack Link(IReadOnlyList<StackFile> files, string projectDirectory, IFileSystem fileSystem, long maxBytes) =>
        new TraefikLinker(files, projectDirectory, fileSystem, maxBytes).Run(files);

    /// <summary>True when the service is Traefik: its image is <c>traefik</c> (any registry, tag or digest), its flags or
    /// <c>TRAEFIK_*</c> variables configure entrypoints/providers/resolvers, or it mounts something at <c>/etc/traefik</c>.</summary>
    public static bool IsTraefik(ComposeService service) =>
        IsTraefik(service, TraefikSettingsReader.FromArguments(Arguments(service)),
            TraefikSettingsReader.FromEnvironment(ComposeAccess.Environment(service)), ComposeAccess.Mounts(service));

    private static bool IsTraefik(ComposeService service, TraefikSettings command, TraefikSettings environment, IReadOnlyList<VolumeMount> mounts)
    {
        if (service.Image?.Value is { } image && IsTraefikImage(image)) return true;
        if (command.All.Concat(environment.All).Any(s => TraefikRootKeys.Contains(TraefikKeys.ChildSegment(s.Key, "") ?? ""))) return true;
        return mounts.Any(m => m.ContainerPath == "/etc/traefik" || m.ContainerPath.StartsWith("/etc/traefik/", StringComparison.Ordinal));
    }

    /// <summary><c>traefik</c>, <c>traefik:v3.1</c>, <c>docker.io/library/traefik:v3@sha256:…</c> — not <c>traefik/whoami</c>.</summary>
    public static bool IsTraefikImage(string image) => ImageName(image, out _) is { } name && string.Equals(name, "traefik", StringComparison.OrdinalIgnoreCase);

    /// <summary>The last path component of an image reference without tag or digest, and its tag (null when none).</summary>
    private static string? ImageName(string image, out string? tag)
    {
        var reference = image.Trim();
        var at = reference.IndexOf('@');
        if (at >= 0) reference = reference.Substring(0, at);
        var slash = reference.LastIndexOf('/');
        var name = slash >= 0 ? reference.Substring(slash + 1) : reference;
        var colon = name.IndexOf(':');
        tag = colon >= 0 ? name.Substring(colon + 1) : null;
        return colon >= 0 ? name.Substring(0, colon) : name;
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

    private readonly record struct Mapped(MapKind Kind, string? HostPath, VolumeMount? Mount, string? Reason);

    private TraefikStack Run(IReadOnlyList<StackFile> files)
    {
        var instances = new List<TraefikInstance>();
        var labels = new List<TraefikDynamicConfig>();
        foreach (var project in files.OfType<ComposeProject>())
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

                var staticFile = FindStaticFile(service, command, mounts, out var staticUnknown);
                var version1 = Version1OfImage(service) ?? Version1Of(staticFile) ?? Version1Of(command) ?? Version1Of(environment);
                var instance = new TraefikInstance(project, service, null, command, environment, staticFile, staticUnknown, version1);
                if (!instance.IsVersion1) LoadFileProvider(instance, mounts);
                instances.Add(instance);
            }
        }

        var standaloneDynamic = new List<TraefikDynamicConfig>();
        foreach (var file in files.OfType<TraefikConfigFile>())
        {
            if (IsMounted(file.Path)) continue;
            var version1 = Version1Of(file);
            if (file.Kind == TraefikConfigKind.Dynamic && version1 == null)
            {
                standaloneDynamic.Add(file.Dynamic);
                continue;
            }
            var instance = new TraefikInstance(file, null, file, TraefikSettings.Empty, TraefikSettings.Empty, file, null, version1);
            if (instance.Static.Has("providers.file"))
                instance.DynamicUnknownReason = "its file provider names container paths, and no service in the project mounts this file to tell which repository files they are";
            else
                instance.DynamicUnknownReason = ExternalProvider(instance);
            instances.Add(instance);
        }
        return new TraefikStack(instances, labels, standaloneDynamic, problems, Serving(instances, labels, standaloneDynamic));
    }

    /// <summary>The keys by which an incremental scan keeps together what this linker joins (<c>Incremental.IncrementalEngine</c>):
    /// each network name of every service that runs Traefik or carries <c>traefik.*</c> labels (two services joined across
    /// projects share one), and one key for the Traefik files no service mounts (they serve one another).</summary>
    internal static IEnumerable<string> Couplings(TraefikStack traefik)
    {
        var networks = new ComposeNetworkNames();
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        var services = traefik.Instances.Where(i => i.Service != null).Select(i => i.Service!).Concat(traefik.LabelConfigs.Select(c => c.Service!));
        foreach (var service in services)
            foreach (var network in networks.Of(service))
                keys.Add("traefik-network:" + network.Name);
        if (traefik.Instances.Any(i => i.StandaloneFile != null) || traefik.StandaloneDynamicConfigs.Count > 0)
            keys.Add("traefik-standalone");
        return keys;
    }

    // ---- who serves what ----

    /// <summary>
    /// The instances that load each piece of dynamic configuration: labels go to the v2/v3 instances that read labels, take the
    /// service (<c>traefik.enable</c>, <c>exposedByDefault</c>) and reach it — the Traefik of its own Docker project
    /// (<see cref="ComposeProjectScopes"/>), or a Traefik service that shares an external network with it; a file-provider file to the instances that load it; a standalone
    /// dynamic file to the standalone static files.
    /// </summary>
    private Dictionary<TraefikDynamicConfig, IReadOnlyList<TraefikInstance>> Serving(IReadOnlyList<TraefikInstance> instances,
        IReadOnlyList<TraefikDynamicConfig> labels, IReadOnlyList<TraefikDynamicConfig> standaloneDynamic)
    {
        var servedBy = new Dictionary<TraefikDynamicConfig, IReadOnlyList<TraefikInstance>>();
        var readers = instances.Where(i => !i.IsVersion1 && i.Service != null && i.ReadsLabels)
            .Select(i => (Instance: i, i.ExposedByDefault, Networks: networks.Of(i.Service!), Scope: ComposeProjectScopes.Of(i.Service!.Project))).ToList();
        foreach (var config in labels)
        {
            var service = config.Service!;
            var enable = config.Enable;
            if (enable == false) continue;
            IReadOnlyList<NetworkName>? own = null;
            var scope = ComposeProjectScopes.Of(service.Project);
            var serving = new List<TraefikInstance>();
            foreach (var (instance, exposedByDefault, reach, instanceScope) in readers)
            {
                if (enable != true && !exposedByDefault) continue;
                if (instanceScope == scope || ComposeNetworkNames.Shared(own ??= networks.Of(service), reach))
                    serving.Add(instance);
            }
            if (serving.Count > 0) servedBy[config] = serving;
        }
        var owners = new Dictionary<TraefikDynamicConfig, List<TraefikInstance>>();
        foreach (var instance in instances)
            foreach (var config in instance.FileProviderConfigs)
            {
                if (!owners.TryGetValue(config, out var list)) owners[config] = list = new List<TraefikInstance>();
                if (list.Count == 0 || list[list.Count - 1] != instance) list.Add(instance);
            }
        foreach (var owned in owners)
            if (!servedBy.ContainsKey(owned.Key)) servedBy[owned.Key] = owned.Value;
        var standaloneServers = instances.Where(i => i.StandaloneFile != null && !i.IsVersion1).ToList();
        if (standaloneServers.Count > 0)
            foreach (var config in standaloneDynamic)
                if (!servedBy.ContainsKey(config)) servedBy[config] = standaloneServers;
        return servedBy;
    }

    // ---- the static file ----

    /// <summary>The static file Traefik finds, as paerser's <c>Finder</c> looks for it: the <c>--configFile</c> flag (only a flag
    /// counts: the file loader reads no environment), else <c>traefik.{toml,yaml,yml}</c> in <c>/etc/traefik/</c>,
    /// <c>$XDG_CONFIG_HOME/</c>, <c>$HOME/.config/</c> and the working directory, in that order; the first that exists wins.
    /// Null with <paramref name="unknown"/> set when a candidate may exist that the repository does not show.</summary>
    private TraefikConfigFile? FindStaticFile(ComposeService service, TraefikSettings command, IReadOnlyList<VolumeMount> mounts, out string? unknown)
    {
        unknown = null;
        var configFile = command["configfile"];
        if (configFile != null && !configFile.IsKnown)
        {
            unknown = $"its static file '{configFile.Value}' depends on an unset variable";
            return null;
        }
        var explicitPath = configFile?.Value.Trim();
        var candidates = explicitPath != null ? new[] { ContainerPath(service, explicitPath) } : DefaultStaticFiles(service);
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
            if (fileSystem.FileExists(hostPath))
            {
                var file = Load(hostPath, service.Project);
                if (file == null) unknown = $"its static file '{PathText.InProject(projectDirectory, hostPath)}' cannot be parsed";
                return file;
            }
            var mount = mapped.Mount!;
            if (mount.ContainerPath == candidate || explicitPath != null)
            {
                unknown = $"its static file is mounted from '{mount.Source}', which is not in the repository";
                return null;
            }
            if (!fileSystem.DirectoryExists(mount.HostPath!))
            {
                unknown = $"'{mount.Source}' is mounted at {mount.ContainerPath} but is not in the repository";
                return null;
            }
        }
        return null;
    }

    /// <summary>The default locations, with the service's <c>XDG_CONFIG_HOME</c>, <c>HOME</c> (Docker sets <c>/root</c> for root,
    /// the image's user; <c>/</c> for a user the image does not know) and working directory (the image's is <c>/</c>).</summary>
    private static IEnumerable<string> DefaultStaticFiles(ComposeService service)
    {
        var variables = ComposeAccess.Environment(service);
        string? Variable(string name) => variables.LastOrDefault(v => v.Name == name) is { Value: { } value } item && item.ValueNode?.IsFullyResolved != false ? value : null;
        var user = service.Scalar("user")?.Value.Trim();
        var home = Variable("HOME") ?? (user == null || user.Length == 0 || user == "root" || user.StartsWith("0", StringComparison.Ordinal) || user.StartsWith("root:", StringComparison.Ordinal) ? "/root" : "/");
        var workingDirectory = service.Scalar("working_dir") is { IsFullyResolved: true } wd ? wd.Value : "/";
        var bases = new[] { "/etc/traefik/traefik", (Variable("XDG_CONFIG_HOME") ?? "") + "/traefik", home + "/.config/traefik", ContainerPath(workingDirectory, "traefik") };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var basePath in bases)
            foreach (var extension in StaticFileExtensions)
            {
                var candidate = ComposeAccess.NormalizeContainerPath(basePath + "." + extension);
                if (seen.Add(candidate)) yield return candidate;
            }
    }

    /// <summary>A path as the service's process sees it: relative paths start at its working directory.</summary>
    private static string ContainerPath(ComposeService service, string path) =>
        ContainerPath(service.Scalar("working_dir") is { IsFullyResolved: true } wd ? wd.Value : "/", path);

    private static string ContainerPath(string workingDirectory, string path) =>
        ComposeAccess.NormalizeContainerPath(path.StartsWith("/", StringComparison.Ordinal) ? path : workingDirectory.TrimEnd('/') + "/" + path);

    // ---- Traefik v1 ----

    private static TraefikVersion1? Version1OfImage(ComposeService service)
    {
        if (service.Image is not { IsFullyResolved: true } image || ImageName(image.Value, out var tag) is not { } name
            || !string.Equals(name, "traefik", StringComparison.OrdinalIgnoreCase) || tag == null)
            return null;
        var codename = Version1Codenames.FirstOrDefault(c => tag.Equals(c, StringComparison.OrdinalIgnoreCase) || tag.StartsWith(c + "-", StringComparison.OrdinalIgnoreCase));
        if (codename == null && !Version1Tag.IsMatch(tag)) return null;
        return new TraefikVersion1(ScalarPosition.Start(image), $"its image tag '{tag}' is Traefik v1");
    }

    /// <summary>A static file in v1 syntax: reported at its line 1.</summary>
    private static TraefikVersion1? Version1Of(TraefikConfigFile? file) =>
        file != null && Version1Setting(file.Settings) is { } setting
            ? new TraefikVersion1(SourceLocation.FileStart(file.Path), $"'{file.FileName}' is written for Traefik v1 ('{setting.WrittenKey}')")
            : null;

    /// <summary>Flags or variables in v1 syntax: reported at the first.</summary>
    private static TraefikVersion1? Version1Of(TraefikSettings settings) =>
        Version1Setting(settings) is { } setting
            ? new TraefikVersion1(setting.Location, $"'{setting.WrittenKey}' is Traefik v1 syntax")
            : null;

    private static TraefikSetting? Version1Setting(TraefikSettings settings)
    {
        foreach (var setting in settings.All)
        {
            var root = TraefikKeys.ChildSegment(setting.Key, "") ?? "";
            if (Version1RootKeys.Contains(root)) return setting;
            if (root != "entrypoints") continue;
            // --entryPoints=Name:http Address::80, [entryPoints.http.redirect], [entryPoints.https.tls]
            if (setting.Key == "entrypoints" && setting.Value.TrimStart().StartsWith("Name:", StringComparison.OrdinalIgnoreCase)) return setting;
            var name = TraefikKeys.ChildSegment(setting.Key, "entrypoints");
            if (name == null) continue;
            var option = TraefikKeys.ChildSegment(setting.Key, "entrypoints." + name);
            if (option is "redirect" or "tls") return setting;
        }
        return null;
    }

    // ---- the file provider ----

    private void LoadFileProvider(TraefikInstance instance, IReadOnlyList<VolumeMount> mounts)
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
                    if (!isDirectory && fileSystem.FileExists(hostPath))
                    {
                        var file = Load(hostPath, instance.Home);
                        if (file != null) configs.Add(file.Dynamic);
                        else unknown = $"its file provider's '{PathText.InProject(projectDirectory, hostPath)}' cannot be parsed";
                    }
                    else if (isDirectory && fileSystem.DirectoryExists(hostPath))
                    {
                        foreach (var path in fileSystem.EnumerateFiles(hostPath).OrderBy(p => p, StringComparer.Ordinal))
                        {
                            if (!IsConfigFileName(path)) continue;
                            var file = Load(path, instance.Home);
                            if (file != null) configs.Add(file.Dynamic);
                            else unknown ??= $"its file provider's '{PathText.InProject(projectDirectory, path)}' cannot be parsed";
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
    private Mapped Map(string containerPath, IReadOnlyList<VolumeMount> mounts)
    {
        VolumeMount? best = null;
        foreach (var mount in mounts)
        {
            var covers = mount.ContainerPath == "/" || containerPath == mount.ContainerPath || containerPath.StartsWith(mount.ContainerPath + "/", StringComparison.Ordinal);
            if (covers && (best == null || mount.ContainerPath.Length > best.ContainerPath.Length)) best = mount;
        }
        if (best == null) return new Mapped(MapKind.NotMounted, null, null, null);
        if (!best.IsBind)
            return new Mapped(MapKind.Unknown, null, best, best.Source is { Length: > 0 }
                ? $"{best.ContainerPath} is mounted from the volume '{best.Source}', whose content is not in the repository"
                : $"{best.ContainerPath} is an anonymous volume");
        if (best.HostPath == null)
            return new Mapped(MapKind.Unknown, null, best, $"{best.ContainerPath} is mounted from '{best.Source}', which cannot be resolved in the repository");
        var isRooted = best.Source is { } source && (source.StartsWith("/", StringComparison.Ordinal) || (source.Length >= 2 && source[1] == ':'));
        var host = Full(best.HostPath);
        if (isRooted && !IsInside(host, projectDirectory))
            return new Mapped(MapKind.Unknown, null, best, $"{best.ContainerPath} is mounted from the host path '{best.Source}', outside the repository");
        var rest = containerPath.Length > best.ContainerPath.Length ? containerPath.Substring(best.ContainerPath == "/" ? 1 : best.ContainerPath.Length + 1) : "";
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
        var file = TraefikConfigLoader.Load(fileSystem, full, maxBytes, out var error);
        if (error != null) problems.Add(new TraefikLoadProblem(home, full, error));
        loaded[full] = file;
        return file;
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
