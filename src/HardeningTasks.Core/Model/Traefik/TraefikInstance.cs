using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Model.Traefik;

/// <summary>
/// One running Traefik as the repository describes it: a compose service that is Traefik, or a static configuration
/// file that no service in the stack mounts. Its static configuration is the union of the three sources Traefik
/// reads — a static file, <c>command:</c> flags, <c>TRAEFIK_*</c> environment — in one flat key space; where two
/// sources set the same key, the file wins over flags and flags over the environment (Traefik's own order).
/// </summary>
public sealed class TraefikInstance
{
    internal TraefikInstance(StackFile home, ComposeService? service, TraefikConfigFile? standaloneFile,
        TraefikSettings command, TraefikSettings environment, TraefikConfigFile? staticFile, string? staticUnknownReason)
    {
        Home = home;
        Service = service;
        StandaloneFile = standaloneFile;
        Command = command;
        Environment = environment;
        StaticFile = staticFile;
        StaticUnknownReason = staticUnknownReason;
        Static = TraefikSettings.Merge(staticFile?.Settings ?? TraefikSettings.Empty, command, environment);
        EntryPoints = Static.Names("entrypoints").Select(name => new TraefikEntryPoint(name, Static)).Where(e => e.Address != null).ToList();
        ResolverNames = Static.Names("certificatesresolvers");
    }

    /// <summary>The file the instance is reported on: its compose project, or the standalone static file.</summary>
    public StackFile Home { get; }

    /// <summary>The compose service that runs this Traefik; null for a standalone static file.</summary>
    public ComposeService? Service { get; }

    /// <summary>The standalone static file this instance is; null for a compose service.</summary>
    public TraefikConfigFile? StandaloneFile { get; }

    /// <summary>The static file the service mounts (or the standalone file itself).</summary>
    public TraefikConfigFile? StaticFile { get; }

    public TraefikSettings Command { get; }
    public TraefikSettings Environment { get; }

    /// <summary>The static configuration from all sources.</summary>
    public TraefikSettings Static { get; }

    /// <summary>Why the static configuration may hold more than the repository shows (a static file mounted from a named
    /// volume or from outside the repository, a <c>--configFile</c> that is not in the repository); null when it is complete.</summary>
    public string? StaticUnknownReason { get; }

    public bool StaticComplete => StaticUnknownReason == null;

    public IReadOnlyList<TraefikEntryPoint> EntryPoints { get; }

    /// <summary>The names under <c>certificatesResolvers</c>, lower case.</summary>
    public IReadOnlyList<string> ResolverNames { get; }

    /// <summary>What the file provider loaded (the repository files mounted at its filename/directory).</summary>
    public IReadOnlyList<TraefikDynamicConfig> FileProviderConfigs { get; internal set; } = Array.Empty<TraefikDynamicConfig>();

    /// <summary>Why dynamic configuration may come from somewhere the repository does not show (a file provider whose
    /// files cannot be read, an HTTP/KV/Kubernetes provider); null when every dynamic source is known.</summary>
    public string? DynamicUnknownReason { get; internal set; }

    public bool DynamicComplete => DynamicUnknownReason == null;

    /// <summary>True when the docker or swarm provider is enabled, so labels configure this instance.</summary>
    public bool ReadsLabels => !StaticComplete || Static.Has("providers.docker") || Static.Has("providers.swarm");

    /// <summary>False when the label provider only takes containers with <c>traefik.enable=true</c>.</summary>
    public bool ExposedByDefault =>
        !(Static["providers.docker.exposedbydefault"]?.AsBoolean() == false || Static["providers.swarm.exposedbydefault"]?.AsBoolean() == false);

    /// <summary>"Traefik service 'proxy'" or "Traefik static file 'traefik.yml'", for messages.</summary>
    public string Description => Service != null ? $"Traefik service '{Service.Name}'" : $"Traefik static file '{System.IO.Path.GetFileName(Home.Path)}'";

    /// <summary>The service name or the file name (the subject of findings).</summary>
    public string Name => Service?.Name ?? System.IO.Path.GetFileName(Home.Path);

    public TraefikEntryPoint? EntryPoint(string name) =>
        EntryPoints.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    public bool DefinesResolver(string name) => ResolverNames.Any(r => string.Equals(r, name, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => Description;
}

/// <summary>An entrypoint of the static configuration (<c>entrypoints.&lt;name&gt;.*</c>).</summary>
public sealed class TraefikEntryPoint
{
    internal TraefikEntryPoint(string name, TraefikSettings settings)
    {
        var prefix = "entrypoints." + name;
        Name = WrittenName(settings.Under(prefix)) ?? name;
        Address = settings[prefix + ".address"];
        Port = Address is { IsKnown: true } ? TraefikKeys.PortOf(Address.Value) : null;
        IsUdp = Address != null && TraefikKeys.IsUdp(Address.Value);
        RedirectTo = settings[prefix + ".http.redirections.entrypoint.to"];
        var tls = settings.Under(prefix + ".http.tls").ToList();
        var flag = settings[prefix + ".http.tls"];
        HasTls = tls.Count > 0 && !(tls.Count == 1 && flag?.AsBoolean() == false);
        CertResolver = settings[prefix + ".http.tls.certresolver"];
        Middlewares = settings.List(prefix + ".http.middlewares");
        AsDefault = settings[prefix + ".asdefault"]?.AsBoolean() == true;
    }

    /// <summary>The name as first written.</summary>
    public string Name { get; }

    public TraefikSetting? Address { get; }
    public int? Port { get; }
    public bool IsUdp { get; }

    /// <summary><c>http.redirections.entryPoint.to</c>, when set.</summary>
    public TraefikSetting? RedirectTo { get; }

    /// <summary>TLS enabled on the entrypoint itself (<c>http.tls</c>), for every router on it.</summary>
    public bool HasTls { get; }

    public TraefikSetting? CertResolver { get; }
    public IReadOnlyList<TraefikListItem> Middlewares { get; }

    /// <summary>Traefik v3 <c>asDefault</c>: routers naming no entrypoint use only the entrypoints marked so.</summary>
    public bool AsDefault { get; }

    /// <summary>An HTTPS entrypoint by its address (<c>:443</c>, TCP) or its own TLS setting.</summary>
    public bool IsHttpsByConfiguration => !IsUdp && (Port == 443 || HasTls);

    /// <summary>A plain-HTTP entrypoint: port 80, TCP, without TLS of its own.</summary>
    public bool IsHttp => !IsUdp && Port == 80 && !HasTls;

    /// <summary>"':443'" style text of the address for messages.</summary>
    public string AddressText => Address?.Value.Trim() ?? "";

    public override string ToString() => $"{Name} ({AddressText})";

    private static string? WrittenName(IEnumerable<TraefikSetting> settings)
    {
        foreach (var setting in settings)
            if (TraefikKeys.ChildSegment(TraefikKeys.Canonical(setting.WrittenKey), "entrypoints") is { } written)
                return written;
        return null;
    }
}
