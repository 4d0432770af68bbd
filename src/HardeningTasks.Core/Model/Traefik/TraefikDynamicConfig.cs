using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Model.Traefik;

/// <summary>
/// Dynamic configuration from one origin — the <c>traefik.*</c> labels of one compose service, or one file a file
/// provider loads — read into routers, middlewares and TLS certificates.
/// </summary>
public sealed class TraefikDynamicConfig
{
    public TraefikDynamicConfig(TraefikSettings settings, ComposeService? service, TraefikConfigFile? file)
    {
        Settings = settings;
        Service = service;
        File = file;
        var routers = new List<TraefikRouter>();
        foreach (var protocol in new[] { "http", "tcp", "udp" })
            foreach (var name in settings.Names(protocol + ".routers"))
                routers.Add(new TraefikRouter(this, protocol, name, settings));
        Routers = routers;
        var middlewares = new List<TraefikMiddleware>();
        foreach (var protocol in new[] { "http", "tcp" })
            foreach (var name in settings.Names(protocol + ".middlewares"))
                middlewares.Add(new TraefikMiddleware(this, protocol, name, settings));
        Middlewares = middlewares;
        Certificates = settings.Under("tls.certificates").Concat(settings.All.Where(IsDefaultCertificate)).ToList();
    }

    public TraefikSettings Settings { get; }

    /// <summary>The service whose labels these are; null for a file.</summary>
    public ComposeService? Service { get; }

    /// <summary>The file this was read from; null for labels.</summary>
    public TraefikConfigFile? File { get; }

    public IReadOnlyList<TraefikRouter> Routers { get; }
    public IReadOnlyList<TraefikMiddleware> Middlewares { get; }

    /// <summary>Settings that provide certificates: <c>tls.certificates</c> and <c>tls.stores.&lt;s&gt;.defaultCertificate</c>.</summary>
    public IReadOnlyList<TraefikSetting> Certificates { get; }

    /// <summary>For labels: <c>traefik.enable</c> as written (null when absent).</summary>
    public bool? Enable => Settings["enable"]?.AsBoolean();

    /// <summary>"service 'web'" or "dynamic.yml", for messages.</summary>
    public string Origin => Service != null ? $"service '{Service.Name}'" : System.IO.Path.GetFileName(File?.Path ?? "");

    private static bool IsDefaultCertificate(TraefikSetting setting) =>
        setting.Key.StartsWith("tls.stores.", StringComparison.Ordinal) && setting.Key.IndexOf(".defaultcertificate", StringComparison.Ordinal) > 0;
}

/// <summary>A router (<c>http.routers.&lt;name&gt;</c>, or tcp/udp) as one origin defines it.</summary>
public sealed class TraefikRouter
{
    public TraefikRouter(TraefikDynamicConfig config, string protocol, string name, TraefikSettings settings)
    {
        Config = config;
        Protocol = protocol;
        var prefix = protocol + ".routers." + name;
        var own = settings.Under(prefix).ToList();
        Name = WrittenName(own, protocol + ".routers") ?? name;
        Rule = settings[prefix + ".rule"];
        EntryPoints = settings.List(prefix + ".entrypoints");
        Middlewares = settings.List(prefix + ".middlewares");
        CertResolver = settings[prefix + ".tls.certresolver"];
        var tls = own.Where(s => TraefikKeys.IsUnder(s.Key, prefix + ".tls")).ToList();
        TlsSetting = tls.FirstOrDefault();
        var tlsFlag = settings[prefix + ".tls"];
        UsesTls = tls.Count > 0 && !(tls.Count == 1 && tlsFlag != null && tlsFlag.AsBoolean() == false);
        TlsPassthrough = protocol == "tcp" && settings[prefix + ".tls.passthrough"]?.AsBoolean() == true;
        Location = (Rule ?? own.FirstOrDefault() ?? Naming(settings, protocol + ".routers", name)).Location;
    }

    public TraefikDynamicConfig Config { get; }

    /// <summary><c>http</c>, <c>tcp</c> or <c>udp</c>.</summary>
    public string Protocol { get; }

    /// <summary>The name as written.</summary>
    public string Name { get; }

    public TraefikSetting? Rule { get; }

    /// <summary>The entrypoints it names; empty means every entrypoint (Traefik's default).</summary>
    public IReadOnlyList<TraefikListItem> EntryPoints { get; }

    public IReadOnlyList<TraefikListItem> Middlewares { get; }

    /// <summary>True when the router terminates TLS (<c>tls=true</c>, or any <c>tls.*</c> option such as a resolver).</summary>
    public bool UsesTls { get; }

    /// <summary>A TCP router that hands the TLS connection to the backend untouched (<c>tls.passthrough=true</c>): Traefik needs no certificate for it.</summary>
    public bool TlsPassthrough { get; }

    public TraefikSetting? TlsSetting { get; }
    public TraefikSetting? CertResolver { get; }

    /// <summary>The rule's location, or the first setting of the router.</summary>
    public SourceLocation Location { get; }

    public bool ListensOn(string entryPoint) =>
        EntryPoints.Count == 0 || EntryPoints.Any(e => string.Equals(e.Value, entryPoint, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => $"{Protocol} router '{Name}' ({Config.Origin})";

    /// <summary>The setting a name was found in. Usually also one of its own settings, but not when the written name
    /// ends in blanks (<c>traefik.http.routers.web [=x</c>): the name is cut at the '[' and the prefix is trimmed.</summary>
    internal static TraefikSetting Naming(TraefikSettings settings, string prefix, string name)
    {
        var normalized = TraefikKeys.Normalize(prefix);
        // A key with a child segment under a (non-empty) prefix is under it: no need to scan every setting.
        return settings.Under(normalized).First(s => TraefikKeys.ChildSegment(s.Key, normalized) == name);
    }

    internal static string? WrittenName(IEnumerable<TraefikSetting> settings, string prefix)
    {
        foreach (var setting in settings)
            if (TraefikKeys.ChildSegment(TraefikKeys.Canonical(setting.WrittenKey), prefix) is { } written)
                return written;
        return null;
    }
}

/// <summary>A middleware definition (<c>http.middlewares.&lt;name&gt;.&lt;type&gt;…</c>).</summary>
public sealed class TraefikMiddleware
{
    public TraefikMiddleware(TraefikDynamicConfig config, string protocol, string name, TraefikSettings settings)
    {
        Config = config;
        Protocol = protocol;
        var prefix = protocol + ".middlewares." + name;
        var own = settings.Under(prefix).ToList();
        Name = TraefikRouter.WrittenName(own, protocol + ".middlewares") ?? name;
        Type = settings.Names(prefix).FirstOrDefault() ?? "";
        Settings = own;
        Location = (own.FirstOrDefault() ?? TraefikRouter.Naming(settings, protocol + ".middlewares", name)).Location;
    }

    public TraefikDynamicConfig Config { get; }
    public string Protocol { get; }
    public string Name { get; }

    /// <summary>The middleware type, lower case: <c>ratelimit</c>, <c>redirectscheme</c>, <c>basicauth</c>, …</summary>
    public string Type { get; }

    public IReadOnlyList<TraefikSetting> Settings { get; }
    public SourceLocation Location { get; }

    public string? Option(string name) =>
        Settings.FirstOrDefault(s => string.Equals(s.Key, $"{Protocol}.middlewares.{Name}.{Type}.{name}", StringComparison.OrdinalIgnoreCase))?.Value;

    /// <summary>A list option of the middleware (<c>chain.middlewares</c>), however it was written.</summary>
    public IReadOnlyList<TraefikListItem> List(string name) => Config.Settings.List($"{Protocol}.middlewares.{Name}.{Type}.{name}");

    /// <summary>A middleware that sends HTTP clients to HTTPS (<c>redirectScheme</c> with scheme https).</summary>
    public bool RedirectsToHttps => Type == "redirectscheme" && string.Equals(Option("scheme")?.Trim(), "https", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"{Protocol} middleware '{Name}' ({Type})";
}
