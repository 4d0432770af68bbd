using System;
using System.Collections.Generic;
using System.Linq;

namespace HardeningTasks.Core.Model.Traefik;

/// <summary>A Traefik file that could not be loaded while following a mount or a file provider.</summary>
public sealed record TraefikLoadProblem(StackFile Home, string Path, LoadError Error);

/// <summary>
/// Every Traefik in the stack and every piece of dynamic configuration, with who serves what (joined once by
/// <c>Linking.TraefikLinker</c>): labels are served by the Traefik of their own project and by the Traefik of a project that
/// shares an external network with theirs; a file-provider file by the instance that loads it; a standalone dynamic file by
/// the standalone static files. Middlewares, resolvers and rate limits are those of the instance that serves a router, so
/// two stacks that share no network never satisfy or silence each other's findings.
/// </summary>
public sealed class TraefikStack
{
    private readonly IReadOnlyDictionary<TraefikDynamicConfig, IReadOnlyList<TraefikInstance>> servedBy;
    private readonly Dictionary<TraefikInstance, List<TraefikDynamicConfig>> serves = new();
    private readonly Dictionary<TraefikInstance, Dictionary<string, TraefikMiddleware>> middlewaresByInstance = new();
    private readonly Dictionary<TraefikInstance, HashSet<string>> middlewareTypesByInstance = new();
    private readonly Dictionary<StackFile, List<TraefikInstance>> instancesByHome = new();
    private readonly Dictionary<StackFile, List<TraefikDynamicConfig>> configsByHome = new();

    /// <summary>The instances whose file provider loads a config, in instance order.</summary>
    private readonly Dictionary<TraefikDynamicConfig, List<TraefikInstance>> owners = new();

    internal TraefikStack(IReadOnlyList<TraefikInstance> instances, IReadOnlyList<TraefikDynamicConfig> labelConfigs,
        IReadOnlyList<TraefikDynamicConfig> standaloneDynamic, IReadOnlyList<TraefikLoadProblem> problems,
        IReadOnlyDictionary<TraefikDynamicConfig, IReadOnlyList<TraefikInstance>> servedBy)
    {
        Instances = instances;
        LabelConfigs = labelConfigs;
        StandaloneDynamicConfigs = standaloneDynamic;
        LoadProblems = problems;
        this.servedBy = servedBy;
        DynamicConfigs = labelConfigs.Concat(instances.SelectMany(i => i.FileProviderConfigs)).Concat(standaloneDynamic).Distinct().ToList();

        // Rules ask per file, per instance and per router; every answer is indexed here once, in the order a scan would give it.
        foreach (var instance in instances)
        {
            Add(instancesByHome, instance.Home, instance);
            serves[instance] = new List<TraefikDynamicConfig>();
            middlewaresByInstance[instance] = new Dictionary<string, TraefikMiddleware>(StringComparer.OrdinalIgnoreCase);
            middlewareTypesByInstance[instance] = new HashSet<string>(StringComparer.Ordinal);
            foreach (var config in instance.FileProviderConfigs)
            {
                // An instance that lists a file twice still loads it once.
                if (!owners.TryGetValue(config, out var list)) owners[config] = list = new List<TraefikInstance>();
                if (list.Count == 0 || list[list.Count - 1] != instance) list.Add(instance);
            }
        }
        foreach (var config in DynamicConfigs)
        {
            if (HomeOf(config) is { } home) Add(configsByHome, home, config);
            foreach (var instance in ServingInstances(config))
            {
                if (!serves.TryGetValue(instance, out var served)) continue;
                served.Add(config);
                var byName = middlewaresByInstance[instance];
                foreach (var middleware in config.Middlewares)
                {
                    if (!byName.ContainsKey(middleware.Name)) byName[middleware.Name] = middleware;
                    middlewareTypesByInstance[instance].Add(middleware.Type);
                }
            }
        }
    }

    private static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> map, TKey key, TValue value) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = new List<TValue>();
        list.Add(value);
    }

    public IReadOnlyList<TraefikInstance> Instances { get; }

    /// <summary>The <c>traefik.*</c> labels of every compose service that has some.</summary>
    public IReadOnlyList<TraefikDynamicConfig> LabelConfigs { get; }

    /// <summary>Dynamic configuration files given as inputs that no service mounts.</summary>
    public IReadOnlyList<TraefikDynamicConfig> StandaloneDynamicConfigs { get; }

    /// <summary>Labels, file-provider files and standalone dynamic files.</summary>
    public IReadOnlyList<TraefikDynamicConfig> DynamicConfigs { get; }

    /// <summary>Mounted Traefik files that could not be read or parsed (not inputs themselves).</summary>
    public IReadOnlyList<TraefikLoadProblem> LoadProblems { get; }

    public IEnumerable<TraefikInstance> InstancesIn(StackFile home) =>
        instancesByHome.TryGetValue(home, out var list) ? list : Enumerable.Empty<TraefikInstance>();

    /// <summary>The dynamic configs reported on <paramref name="home"/> (<see cref="HomeOf"/>), in <see cref="DynamicConfigs"/>' order.</summary>
    public IEnumerable<TraefikDynamicConfig> ConfigsHomedIn(StackFile home) =>
        configsByHome.TryGetValue(home, out var list) ? list : Enumerable.Empty<TraefikDynamicConfig>();

    /// <summary>The compose project or file a piece of dynamic configuration is reported on.</summary>
    public StackFile? HomeOf(TraefikDynamicConfig config)
    {
        if (config.Service != null) return config.Service.Project;
        if (owners.TryGetValue(config, out var list)) return list[0].Home;
        return config.File;
    }

    /// <summary>The instances that load <paramref name="config"/>, in instance order.</summary>
    public IReadOnlyList<TraefikInstance> ServingInstances(TraefikDynamicConfig config) =>
        servedBy.TryGetValue(config, out var list) ? list : Array.Empty<TraefikInstance>();

    /// <summary>The dynamic configs <paramref name="instance"/> loads, in <see cref="DynamicConfigs"/>' order.</summary>
    public IReadOnlyList<TraefikDynamicConfig> ConfigsServedBy(TraefikInstance instance) =>
        serves.TryGetValue(instance, out var list) ? list : (IReadOnlyList<TraefikDynamicConfig>)Array.Empty<TraefikDynamicConfig>();

    /// <summary>The routers <paramref name="instance"/> serves.</summary>
    public IEnumerable<TraefikRouter> RoutersOf(TraefikInstance instance) => ConfigsServedBy(instance).SelectMany(c => c.Routers);

    /// <summary>The entrypoints of <paramref name="instance"/> that <paramref name="router"/> listens on (every entrypoint
    /// when it names none — only the <c>asDefault</c> ones when some are marked so).</summary>
    public static IEnumerable<TraefikEntryPoint> EntryPointsOf(TraefikRouter router, TraefikInstance instance)
    {
        if (router.EntryPoints.Count > 0)
            return instance.EntryPoints.Where(e => router.EntryPoints.Any(n => string.Equals(n.Value, e.Name, StringComparison.OrdinalIgnoreCase)));
        var defaults = instance.EntryPoints.Where(e => e.AsDefault).ToList();
        return defaults.Count > 0 ? defaults : instance.EntryPoints.Where(e => !e.IsUdp);
    }

    /// <summary>The middleware a router's reference names (<c>name</c>, <c>name@docker</c>, <c>name@file</c>) among what
    /// <paramref name="instance"/> loads (the first definition of that name), or null.</summary>
    public TraefikMiddleware? FindMiddleware(TraefikInstance instance, string reference)
    {
        var at = reference.IndexOf('@');
        var name = at >= 0 ? reference.Substring(0, at) : reference;
        return middlewaresByInstance.TryGetValue(instance, out var byName) && byName.TryGetValue(name.Trim(), out var middleware) ? middleware : null;
    }

    /// <summary>True when something <paramref name="instance"/> loads defines a middleware of <paramref name="type"/> (lower case: <c>ratelimit</c>).</summary>
    public bool LoadsMiddlewareOfType(TraefikInstance instance, string type) =>
        middlewareTypesByInstance.TryGetValue(instance, out var types) && types.Contains(type);

    /// <summary>The middlewares <paramref name="instance"/> loads, first definition of each name.</summary>
    public IEnumerable<TraefikMiddleware> MiddlewaresOf(TraefikInstance instance) =>
        middlewaresByInstance.TryGetValue(instance, out var byName) ? byName.Values : Enumerable.Empty<TraefikMiddleware>();
}
