using System;
using System.Linq;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Model.Traefik;

public enum TraefikConfigFormat
{
    Yaml,
    Toml,
}

/// <summary>Static configuration (entrypoints, providers, certificate resolvers, api …) or dynamic configuration
/// (routers, middlewares, services, TLS certificates) — Traefik keeps the two apart, and so do we.</summary>
public enum TraefikConfigKind
{
    Static,
    Dynamic,
}

/// <summary>A Traefik configuration file (<c>traefik.yml</c>, <c>traefik.toml</c>, a file-provider file): its tree,
/// the flat settings read from it, and whether it is static or dynamic configuration.</summary>
public sealed class TraefikConfigFile : StackFile
{
    private static readonly string[] StaticRoots =
    {
        "global", "serverstransport", "tcpserverstransport", "entrypoints", "providers", "api", "metrics", "ping", "log",
        "accesslog", "tracing", "hostresolver", "certificatesresolvers", "experimental", "core", "spiffe", "ocsp", "pilot",
    };

    private static readonly string[] DynamicRoots = { "http", "tcp", "udp", "tls" };

    private readonly Lazy<TraefikDynamicConfig> dynamic;

    public TraefikConfigFile(string path, TraefikConfigFormat format, YMapping root, TraefikSettings settings) : base(path)
    {
        Format = format;
        Root = root;
        Settings = settings;
        var names = root.Entries.Select(e => e.Name.ToLowerInvariant()).ToList();
        Kind = names.Any(n => DynamicRoots.Contains(n)) && !names.Any(n => StaticRoots.Contains(n)) ? TraefikConfigKind.Dynamic : TraefikConfigKind.Static;
        dynamic = new Lazy<TraefikDynamicConfig>(() => new TraefikDynamicConfig(Settings, null, this));
    }

    public TraefikConfigFormat Format { get; }
    public YMapping Root { get; }
    public TraefikSettings Settings { get; }

    /// <summary>Dynamic when the file has only <c>http</c>/<c>tcp</c>/<c>udp</c>/<c>tls</c> sections; static otherwise.</summary>
    public TraefikConfigKind Kind { get; }

    /// <summary>The file read as dynamic configuration (what a file provider pointed at it would load).</summary>
    public TraefikDynamicConfig Dynamic => dynamic.Value;

    public string FileName => System.IO.Path.GetFileName(Path);
}
