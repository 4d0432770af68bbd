using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Model.Traefik;

/// <summary>Which of its static sources a Traefik instance loads. Traefik reads exactly one: a static file when one is found
/// (at <c>--configFile</c> or a default path), else its command-line flags when it has any, else its <c>TRAEFIK_*</c>
/// variables (<c>cmd/traefik/traefik.go</c> loaders; paerser <c>cli/commands.go</c> stops at the first that is done).</summary>
public enum TraefikStaticSource
{
    /// <summary>No source at all: Traefik runs on its defaults.</summary>
    None,
    File,
    Flags,
    Environment,

    /// <summary>A static file may exist that the repository does not show (a named volume, a host path outside the
    /// repository): which source wins cannot be known.</summary>
    Unknown,
}

/// <summary>What shows a Traefik to be version 1 (end of life): its image tag, or v1-only syntax in its configuration.</summary>
/// <param name="Location">The <c>image:</c> value, line 1 of a v1 static file, or the first v1 flag or variable.</param>
public sealed record TraefikVersion1(SourceLocation Location, string Evidence);

/// <summary>
/// One running Traefik as the repository describes it: a compose service that is Traefik, or a static configuration
/// file that no service in the stack mounts. Its static configuration is the ONE source Traefik loads
/// (<see cref="StaticSource"/>); the settings of the sources it ignores are kept apart (<see cref="IgnoredSettings"/>).
/// </summary>
public sealed class TraefikInstance
{
    internal TraefikInstance(StackFile home, ComposeService? service, TraefikConfigFile? standaloneFile,
        TraefikSettings command, TraefikSettings environment, TraefikConfigFile? staticFile, string? staticUnknownReason,
        TraefikVersion1? version1 = null)
    {
        Home = home;
        Service = service;
        StandaloneFile = standaloneFile;
        Command = command;
        Environment = environment;
        StaticFile = staticFile;
        StaticUnknownReason = staticUnknownReason;
        Version1 = version1;
        var configFileFlag = TraefikKeys.Normalize("configFile");
        StaticSource = staticFile != null ? TraefikStaticSource.File
            : staticUnknownReason != null ? TraefikStaticSource.Unknown
            : command.Count > 0 ? TraefikStaticSource.Flags
            : environment.Count > 0 ? TraefikStaticSource.Environment
            : TraefikStaticSource.None;
        // Where the file is unknown, what Traefik runs without it is all the repository can show: flags, else the environment.
        Static = StaticSource switch
        {
            TraefikStaticSource.File => staticFile!.Settings,
            TraefikStaticSource.Flags => command,
            TraefikStaticSource.Environment => environment,
            TraefikStaticSource.Unknown => command.Count > 0 ? command : environment,
            _ => TraefikSettings.Empty,
        };
        IgnoredSettings = StaticSource switch
        {
            TraefikStaticSource.File => command.All.Where(s => s.Key != configFileFlag).Concat(environment.All).ToList(),
            TraefikStaticSource.Flags => environment.All,
            _ => Array.Empty<TraefikSetting>(),
        };
        EntryPoints = Static.Names("entrypoints").Select(name => new TraefikEntryPoint(name, Static)).Where(e => e.Address != null).ToList();
        ResolverNames = Static.Names("certificatesresolvers");
    }

    /// <summary>The file the instance is reported on: its compose project, or the standalone static file.</summary>
    public StackFile Home { get; }

    /// <summary>The compose service that runs this Traefik; null for a standalone static file.</summary>
    public ComposeService? Service { get; }

    /// <summary>The standalone static file this instance is; null for a compose service.</summary>
    public TraefikConfigFile? StandaloneFile { get; }

    /// <summary>The static file Traefik loads (the file the service mounts, or the standalone file itself); null when it loads none.</summary>
    public TraefikConfigFile? StaticFile { get; }

    /// <summary>Every <c>command:</c> flag as written, loaded or not.</summary>
    public TraefikSettings Command { get; }

    /// <summary>Every <c>TRAEFIK_*</c> variable as written, loaded or not.</summary>
    public TraefikSettings Environment { get; }

    /// <summary>The source Traefik loads its static configuration from.</summary>
    public TraefikStaticSource StaticSource { get; }

    /// <summary>The static configuration Traefik runs with: the settings of <see cref="StaticSource"/> only.</summary>
    public TraefikSettings Static { get; }

    /// <summary>Static settings written where Traefik does not read them (flags and variables beside a static file, variables
    /// beside flags), in the order written per source; <c>--configFile</c> itself is read.</summary>
    public IReadOnlyList<TraefikSetting> IgnoredSettings { get; }

    /// <summary>Why the static configuration may differ from what the repository shows (a static file mounted from a named
    /// volume or from outside the repository, a <c>--configFile</c> that is not in the repository); null when it is complete.</summary>
    public string? StaticUnknownReason { get; }

    public bool StaticComplete => StaticUnknownReason == null;

    /// <summary>Set when this is Traefik v1: its configuration means something else, so the v2/v3 rules do not judge it.</summary>
    public TraefikVersion1? Version1 { get; }

    public bool IsVersion1 => Version1 != null;

    public IReadOnlyList<TraefikEntryPoint> EntryPoints { get; }

    /// <summary>The names under <c>certificatesResolvers</c> (ACME or Tailscale), lower case.</summary>
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

    /// <summary>The source Traefik loads, for messages: "the static file 'traefik/traefik.yml'", "its command-line flags", …</summary>
    public string StaticSourceDescription => StaticSource switch
    {
        TraefikStaticSource.File => $"the static file '{StaticFile!.FileName}'",
        TraefikStaticSource.Flags => "its command-line flags",
        TraefikStaticSource.Environment => "its TRAEFIK_* environment variables",
        _ => "no static configuration",
    };

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
