using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Parsing.Traefik;

namespace HardeningTasks.Core.Model.Traefik;

/// <summary>A Traefik file that could not be loaded while following a mount or a file provider.</summary>
public sealed record TraefikLoadProblem(StackFile Home, string Path, LoadError Error);

/// <summary>
/// Every Traefik in the stack and every piece of dynamic configuration, joined across files: a resolver defined in the
/// static file one service mounts satisfies a router label in another compose file; a middleware defined in a file
/// provider serves routers everywhere. Built once per <see cref="Stack"/> (<see cref="Of"/>) and shared by the rules.
/// </summary>
public sealed class TraefikStack
{
    private static readonly ConditionalWeakTable<Stack, TraefikStack> Cache = new();

    internal TraefikStack(IReadOnlyList<TraefikInstance> instances, IReadOnlyList<TraefikDynamicConfig> labelConfigs,
        IReadOnlyList<TraefikDynamicConfig> standaloneDynamic, IReadOnlyList<TraefikLoadProblem> problems)
    {
        Instances = instances;
        LabelConfigs = labelConfigs;
        StandaloneDynamicConfigs = standaloneDynamic;
        LoadProblems = problems;
        DynamicConfigs = labelConfigs.Concat(instances.SelectMany(i => i.FileProviderConfigs)).Concat(standaloneDynamic).Distinct().ToList();
        Middlewares = DynamicConfigs.SelectMany(c => c.Middlewares).ToList();
        projectsWithInstance = new HashSet<StackFile>(instances.Where(i => i.Service != null).Select(i => i.Home));

        // The rules ask, per file and per instance, questions about every config and every instance; answered by scans
        // (and with ReadsLabels, ExposedByDefault and Enable each normalising keys per call) a stack of N files cost N²
        // to N³ allocations. Each fact is computed once here instead, in the order the scans would have found it.
        StaticConfigurationComplete = instances.Count > 0 && instances.All(i => i.StaticComplete);
        DynamicConfigurationComplete = instances.Count > 0 && instances.All(i => i.StaticComplete && i.DynamicComplete);
        foreach (var instance in instances)
        {
            labelReading[instance] = new LabelReading(instance.ReadsLabels, instance.ExposedByDefault);
            Add(instancesByHome, instance.Home, instance);
            foreach (var config in instance.FileProviderConfigs)
            {
                // An instance that lists a file twice still loads it once.
                if (!owners.TryGetValue(config, out var list)) owners[config] = list = new List<TraefikInstance>();
                if (list.Count == 0 || list[list.Count - 1] != instance) list.Add(instance);
            }
        }
        standaloneServers = instances.Where(i => i.StandaloneFile != null).ToList();
        foreach (var config in DynamicConfigs)
        {
            if (config.Service != null) enable[config] = config.Enable;
            if (HomeOf(config) is { } home) Add(configsByHome, home, config);
        }
        foreach (var middleware in Middlewares)
            if (!middlewaresByName.ContainsKey(middleware.Name)) middlewaresByName[middleware.Name] = middleware;
    }

    private readonly HashSet<StackFile> projectsWithInstance;

    private readonly record struct LabelReading(bool ReadsLabels, bool ExposedByDefault);

    private readonly Dictionary<TraefikInstance, LabelReading> labelReading = new();
    private readonly Dictionary<StackFile, List<TraefikInstance>> instancesByHome = new();
    private readonly Dictionary<StackFile, List<TraefikDynamicConfig>> configsByHome = new();

    /// <summary>The instances whose file provider loads a config, in instance order.</summary>
    private readonly Dictionary<TraefikDynamicConfig, List<TraefikInstance>> owners = new();

    /// <summary><c>traefik.enable</c> of each label config.</summary>
    private readonly Dictionary<TraefikDynamicConfig, bool?> enable = new();

    private readonly List<TraefikInstance> standaloneServers;

    /// <summary>The first middleware of each name, as <see cref="FindMiddleware"/>'s scan found it.</summary>
    private readonly Dictionary<string, TraefikMiddleware> middlewaresByName = new(StringComparer.OrdinalIgnoreCase);

    private static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> map, TKey key, TValue value) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = new List<TValue>();
        list.Add(value);
    }

    /// <summary>The Traefik model of <paramref name="stack"/>, built on first use.</summary>
    public static TraefikStack Of(Stack stack) => Cache.GetValue(stack, TraefikStackBuilder.Build);

    public IReadOnlyList<TraefikInstance> Instances { get; }

    /// <summary>The <c>traefik.*</c> labels of every compose service that has some.</summary>
    public IReadOnlyList<TraefikDynamicConfig> LabelConfigs { get; }

    /// <summary>Dynamic configuration files given as inputs that no service mounts.</summary>
    public IReadOnlyList<TraefikDynamicConfig> StandaloneDynamicConfigs { get; }

    /// <summary>Labels, file-provider files and standalone dynamic files.</summary>
    public IReadOnlyList<TraefikDynamicConfig> DynamicConfigs { get; }

    public IReadOnlyList<TraefikMiddleware> Middlewares { get; }

    /// <summary>Mounted Traefik files that could not be read or parsed (not inputs themselves).</summary>
    public IReadOnlyList<TraefikLoadProblem> LoadProblems { get; }

    public IEnumerable<TraefikInstance> InstancesIn(StackFile home) =>
        instancesByHome.TryGetValue(home, out var list) ? list : Enumerable.Empty<TraefikInstance>();

    /// <summary>The dynamic configs reported on <paramref name="home"/> (<see cref="HomeOf"/>), in <see cref="DynamicConfigs"/>' order.</summary>
    public IEnumerable<TraefikDynamicConfig> ConfigsHomedIn(StackFile home) =>
        configsByHome.TryGetValue(home, out var list) ? list : Enumerable.Empty<TraefikDynamicConfig>();

    /// <summary>True when every instance's static configuration is in the repository, so "no instance defines X" can be said.</summary>
    public bool StaticConfigurationComplete { get; }

    /// <summary>True when every source of dynamic configuration is readable.</summary>
    public bool DynamicConfigurationComplete { get; }

    public bool AnyInstanceDefinesResolver(string name) => Instances.Any(i => i.DefinesResolver(name));

    /// <summary>The compose project or file a piece of dynamic configuration is reported on.</summary>
    public StackFile? HomeOf(TraefikDynamicConfig config)
    {
        if (config.Service != null) return config.Service.Project;
        if (owners.TryGetValue(config, out var list)) return list[0].Home;
        return config.File;
    }

    /// <summary>
    /// The instances that load <paramref name="config"/>: labels go to the instances that read labels, take the service
    /// (<c>traefik.enable</c>, <c>exposedByDefault</c>) and serve its project (their own project, or any project that runs
    /// no Traefik of its own); a file-provider file to the instance that loads it; a standalone dynamic file to the
    /// standalone static files.
    /// </summary>
    public IEnumerable<TraefikInstance> ServingInstances(TraefikDynamicConfig config)
    {
        if (config.Service != null)
            return EnableOf(config) == false ? Enumerable.Empty<TraefikInstance>() : Instances.Where(i => Serves(i, config));
        if (owners.TryGetValue(config, out var list)) return list;
        return standaloneServers;
    }

    /// <summary>True when <paramref name="instance"/> is one of <see cref="ServingInstances"/>(<paramref name="config"/>),
    /// answered without listing them: <see cref="RoutersOf"/> asks it for every config.</summary>
    private bool Serves(TraefikInstance instance, TraefikDynamicConfig config)
    {
        // Every instance of this stack has its reading: one from elsewhere serves nothing here.
        if (!labelReading.TryGetValue(instance, out var reading)) return false;
        if (config.Service is { } service)
        {
            var enabled = EnableOf(config);
            return enabled != false
                && reading.ReadsLabels
                && (enabled == true || reading.ExposedByDefault)
                && (instance.Service?.Project == service.Project || !projectsWithInstance.Contains(service.Project));
        }
        if (owners.TryGetValue(config, out var list)) return list.Contains(instance);
        return instance.StandaloneFile != null;
    }

    private bool? EnableOf(TraefikDynamicConfig config) => enable.TryGetValue(config, out var known) ? known : config.Enable;

    /// <summary>The routers <paramref name="instance"/> serves.</summary>
    public IEnumerable<TraefikRouter> RoutersOf(TraefikInstance instance) =>
        DynamicConfigs.Where(c => Serves(instance, c)).SelectMany(c => c.Routers);

    /// <summary>The entrypoints of <paramref name="instance"/> that <paramref name="router"/> listens on (every entrypoint
    /// when it names none — only the <c>asDefault</c> ones when some are marked so).</summary>
    public static IEnumerable<TraefikEntryPoint> EntryPointsOf(TraefikRouter router, TraefikInstance instance)
    {
        if (router.EntryPoints.Count > 0)
            return instance.EntryPoints.Where(e => router.EntryPoints.Any(n => string.Equals(n.Value, e.Name, StringComparison.OrdinalIgnoreCase)));
        var defaults = instance.EntryPoints.Where(e => e.AsDefault).ToList();
        return defaults.Count > 0 ? defaults : instance.EntryPoints.Where(e => !e.IsUdp);
    }

    /// <summary>The middleware a router's reference names (<c>name</c>, <c>name@docker</c>, <c>name@file</c>), if the stack defines it.</summary>
    public TraefikMiddleware? FindMiddleware(string reference)
    {
        var at = reference.IndexOf('@');
        var name = at >= 0 ? reference.Substring(0, at) : reference;
        return middlewaresByName.TryGetValue(name.Trim(), out var middleware) ? middleware : null;
    }
}
