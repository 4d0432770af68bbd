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
    }

    private readonly HashSet<StackFile> projectsWithInstance;

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

    public IEnumerable<TraefikInstance> InstancesIn(StackFile home) => Instances.Where(i => i.Home == home);

    /// <summary>True when every instance's static configuration is in the repository, so "no instance defines X" can be said.</summary>
    public bool StaticConfigurationComplete => Instances.Count > 0 && Instances.All(i => i.StaticComplete);

    /// <summary>True when every source of dynamic configuration is readable.</summary>
    public bool DynamicConfigurationComplete => Instances.Count > 0 && Instances.All(i => i.StaticComplete && i.DynamicComplete);

    public bool AnyInstanceDefinesResolver(string name) => Instances.Any(i => i.DefinesResolver(name));

    /// <summary>The compose project or file a piece of dynamic configuration is reported on.</summary>
    public StackFile? HomeOf(TraefikDynamicConfig config)
    {
        if (config.Service != null) return config.Service.Project;
        var owner = Instances.FirstOrDefault(i => i.FileProviderConfigs.Contains(config));
        if (owner != null) return owner.Home;
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
        if (config.Service is { } service)
        {
            if (config.Enable == false) return Enumerable.Empty<TraefikInstance>();
            return Instances.Where(i => i.ReadsLabels
                && (config.Enable == true || i.ExposedByDefault)
                && (i.Service?.Project == service.Project || !projectsWithInstance.Contains(service.Project)));
        }
        var owners = Instances.Where(i => i.FileProviderConfigs.Contains(config)).ToList();
        if (owners.Count > 0) return owners;
        return Instances.Where(i => i.StandaloneFile != null);
    }

    /// <summary>The routers <paramref name="instance"/> serves.</summary>
    public IEnumerable<TraefikRouter> RoutersOf(TraefikInstance instance) =>
        DynamicConfigs.Where(c => ServingInstances(c).Contains(instance)).SelectMany(c => c.Routers);

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
        return Middlewares.FirstOrDefault(m => string.Equals(m.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
    }
}
