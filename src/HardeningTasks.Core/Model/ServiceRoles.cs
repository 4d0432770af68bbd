using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Model;

/// <summary>
/// What a compose service is, judged from its image: a data service, an edge proxy, a backup tool, Prometheus,
/// Alertmanager. Matching is registry- and tag-insensitive (<c>postgres:16</c>, <c>docker.io/library/postgres</c>,
/// <c>bitnami/postgresql</c> and <c>ghcr.io/mirror/postgres@sha256:…</c> are all PostgreSQL) and by exact image name,
/// so tools around an engine (<c>postgres-exporter</c>, <c>mongo-express</c>, <c>redis-commander</c>) are not the engine.
/// For a service with <c>build:</c>, the image is the base image of the stage it builds, when its Dockerfile is in the project.
/// </summary>
public static class ServiceRoles
{
    /// <summary>Data services (RULES.md HRD040): engine → the image names it ships under.</summary>
    private static readonly Dictionary<string, string[]> DataEngines = new(StringComparer.Ordinal)
    {
        ["postgres"] = new[] { "postgres", "postgresql", "postgresql-repmgr", "postgis", "timescaledb", "timescaledb-ha", "pgvector", "paradedb", "cockroach", "aio-postgresql" },
        ["mysql"] = new[] { "mysql", "mysql-server", "percona", "percona-server" },
        ["mariadb"] = new[] { "mariadb", "mariadb-galera", "mariadb-aria" },
        ["mongo"] = new[] { "mongo", "mongodb", "mongodb-sharded", "mongodb-community-server", "mongodb-enterprise-server", "percona-server-mongodb" },
        ["redis"] = new[] { "redis", "redis-stack", "redis-stack-server", "redis-cluster", "redismod", "aio-redis", "keydb", "dragonfly" },
        ["valkey"] = new[] { "valkey", "valkey-cluster" },
        ["memcached"] = new[] { "memcached" },
        ["elasticsearch"] = new[] { "elasticsearch", "elasticsearch-wolfi" },
        ["opensearch"] = new[] { "opensearch" },
        ["rabbitmq"] = new[] { "rabbitmq" },
        ["kafka"] = new[] { "kafka", "cp-kafka", "cp-server", "kafka-container", "redpanda" },
        ["zookeeper"] = new[] { "zookeeper", "cp-zookeeper" },
        ["etcd"] = new[] { "etcd" },
        ["cassandra"] = new[] { "cassandra", "scylla" },
        ["clickhouse"] = new[] { "clickhouse", "clickhouse-server" },
        ["minio"] = new[] { "minio" },
        ["influxdb"] = new[] { "influxdb" },
        ["couchdb"] = new[] { "couchdb" },
        ["neo4j"] = new[] { "neo4j" },
        ["mssql"] = new[] { "azure-sql-edge" },
        ["oracle"] = new[] { "oracle-xe", "oracle-free" },
    };

    /// <summary>Images whose repository path (without registry) names the engine rather than the last component.</summary>
    private static readonly Dictionary<string, string> DataRepositories = new(StringComparer.Ordinal)
    {
        ["mssql/server"] = "mssql",
        ["mssql/rhel/server"] = "mssql",
        ["database/enterprise"] = "oracle",
        ["database/free"] = "oracle",
        ["database/express"] = "oracle",
    };

    /// <summary>Engines that hold no state worth backing up (a cache) or whose state is a transient queue or coordination data.</summary>
    private static readonly HashSet<string> NotBackedUp = new(StringComparer.Ordinal) { "memcached", "rabbitmq", "kafka", "zookeeper", "etcd" };

    /// <summary>Edge proxies (RULES.md HRD041), by image name (the last path component, any registry or namespace): the one list
    /// every rule that asks "is this the edge?" reads. The Caddy generators (<c>lucaslorentz/caddy-docker-proxy</c>,
    /// <c>wemakeservices/caddy-gen</c>), <c>jwilder/nginx-proxy</c> and <c>linuxserver/swag</c> are edge proxies too.</summary>
    private static readonly HashSet<string> EdgeProxies = new(StringComparer.Ordinal)
    {
        "traefik", "nginx", "nginx-unprivileged", "nginx-proxy", "nginx-proxy-manager", "openresty", "swag",
        "caddy", "caddy-docker-proxy", "caddy-gen", "haproxy", "haproxy-alpine", "haproxy-debian", "envoy",
    };

    /// <summary>Backup tools of RULES.md HRD080, by repository (without registry) or by image name.</summary>
    private static readonly HashSet<string> BackupRepositories = new(StringComparer.Ordinal)
    {
        "prodrigestivill/postgres-backup-local", "tiredofit/db-backup", "offen/docker-volume-backup", "kartoza/pg-backup", "databack/mysql-backup",
    };

    private static readonly HashSet<string> BackupNames = new(StringComparer.Ordinal) { "pgbackrest", "barman", "restic", "borgmatic", "duplicati", "kopia", "backrest", "pgbackweb", "databasus" };

    /// <summary>The image a service runs: its <c>image:</c>, or for a service with <c>build:</c> the base image of the stage it
    /// builds (following <c>FROM</c> stages) when that Dockerfile is in the project, else its <c>image:</c>. An <c>image:</c>
    /// whose tag or digest comes from an unset variable (<c>postgres:${PG_VERSION}</c>) is still known by its name (without a
    /// tag); one whose name holds such a variable is not. Null when neither is known.</summary>
    public static ImageReference? ImageOf(ComposeService service, Stack stack) => ImageOf(service, stack.Builds);

    /// <inheritdoc cref="ImageOf(ComposeService, Stack)"/>
    public static ImageReference? ImageOf(ComposeService service, BuildLinks builds)
    {
        if (service.Build is { } build && builds.BuiltStageOf(build) is { } stage)
        {
            var seen = new HashSet<Model.Dockerfile.DockerStage>();
            var current = stage;
            while (current.BaseStage != null && seen.Add(current)) current = current.BaseStage;
            if (current.BaseImage != null) return current.BaseImage;
        }
        return NameOf(service);
    }

    /// <summary>The image a service's <c>image:</c> names (a resolved value is parsed once per service); for a value whose
    /// unset variables are all in its tag or digest, the name alone.</summary>
    internal static ImageReference? NameOf(ComposeService service)
    {
        if (service.Image is not { } image) return null;
        if (image.IsFullyResolved) return service.ImageReference;
        var value = image.Value.Trim();
        var written = image.RawValue ?? image.Value;
        var writtenCut = TagStart(written);
        if (writtenCut < 0 || written.Substring(0, writtenCut).IndexOf('$') >= 0 && image.UnresolvedVariables.Any(v => Names(written.Substring(0, writtenCut), v))) return null;
        var cut = TagStart(value);
        return cut > 0 ? ImageReference.TryParse(value.Substring(0, cut)) : null;
    }

    /// <summary>Where the tag (<c>:</c>) or digest (<c>@</c>) of a reference starts, outside <c>${…}</c>; -1 when it has neither.</summary>
    private static int TagStart(string reference)
    {
        int depth = 0, slash = -1, colon = -1;
        for (var i = 0; i < reference.Length; i++)
        {
            var c = reference[i];
            if (c == '$' && i + 1 < reference.Length && reference[i + 1] == '{') { depth++; i++; }
            else if (c == '}' && depth > 0) depth--;
            else if (depth > 0) continue;
            else if (c == '@') return colon > slash ? colon : i;
            else if (c == '/') slash = i;
            else if (c == ':') colon = i;
        }
        return colon > slash ? colon : -1;
    }

    private static bool Names(string text, string variable) =>
        text.IndexOf("${" + variable, StringComparison.Ordinal) >= 0 || text.IndexOf("$" + variable, StringComparison.Ordinal) >= 0;

    /// <summary>The data engine a service runs (<c>postgres</c>, <c>redis</c>, …), or null when it is not a data service.</summary>
    /// <param name="fragmentsByName">Judge a fragment (no <c>image:</c> nor <c>build:</c>: its definition is in the file it overlays)
    /// by its service name (<c>postgres:</c>): what the port rules do with the ports a fragment writes. The network rules do not:
    /// a fragment's networks are its base file's too.</param>
    public static string? DataEngine(ComposeService service, Stack stack, bool fragmentsByName = false) =>
        DataEngine(ImageOf(service, stack) ?? (fragmentsByName ? NameOfFragment(service) : null));

    /// <summary>For a fragment, its service name read as an image name: the only hint of what it runs.</summary>
    private static ImageReference? NameOfFragment(ComposeService service) =>
        service.IsFragment ? ImageReference.TryParse(service.Name.ToLowerInvariant()) : null;

    public static string? DataEngine(ImageReference? image)
    {
        if (image == null) return null;
        var repository = image.IsDockerHub && image.Repository.StartsWith("library/", StringComparison.Ordinal) ? image.Repository.Substring(8) : image.Repository;
        foreach (var entry in DataRepositories)
            if (repository == entry.Key || repository.EndsWith("/" + entry.Key, StringComparison.Ordinal)) return entry.Value;
        foreach (var engine in DataEngines)
            if (Array.IndexOf(engine.Value, image.Name) >= 0) return engine.Key;
        return null;
    }

    public static bool IsDataService(ComposeService service, Stack stack) => DataEngine(service, stack) != null;

    /// <summary>A data service whose data is worth a backup: not a cache (memcached) nor a broker or coordination store.</summary>
    public static bool IsStatefulStore(string engine) => !NotBackedUp.Contains(engine);

    /// <summary>An edge proxy by image name (<see cref="EdgeProxies"/>) or a service configured as Traefik; with <paramref name="fragmentsByName"/>, a fragment by its
    /// service name (<c>traefik:</c> in a local overlay; see <see cref="DataEngine(ComposeService, Stack, bool)"/>).</summary>
    public static bool IsEdgeProxy(ComposeService service, Stack stack, bool fragmentsByName = false) =>
        (ImageOf(service, stack) ?? (fragmentsByName ? NameOfFragment(service) : null)) is { } image && EdgeProxies.Contains(image.Name)
        // a Traefik under an image of its own (a company's gateway build) is known by its entrypoints and providers
        || stack.Traefik.Instances.Any(i => ReferenceEquals(i.Service, service));

    /// <summary>A backup tool of the catalogue, or any image whose name says it is one (<c>…/postgres-backup-s3</c>).</summary>
    public static bool IsBackupTool(ImageReference? image)
    {
        if (image == null) return false;
        var repository = image.Repository;
        return BackupRepositories.Any(r => repository == r || repository.EndsWith("/" + r, StringComparison.Ordinal))
               || BackupNames.Contains(image.Name)
               || image.Name.IndexOf("backup", StringComparison.Ordinal) >= 0;
    }

    public static bool IsPrometheus(ImageReference? image) => image?.Name == "prometheus";

    public static bool IsAlertmanager(ImageReference? image) => image?.Name is "alertmanager" or "prometheus-alertmanager";

    /// <summary>The ports a service publishes on every host interface (no host IP, <c>0.0.0.0</c>, <c>::</c>, whatever a host-port
    /// variable holds; every published port of a Swarm stack). A service under <c>network_mode: host</c> publishes nothing:
    /// Compose ignores its <c>ports:</c> (it is on the host's interfaces already, which HRD026 reports).</summary>
    public static IReadOnlyList<PortMapping> PublicPorts(ComposeService service) =>
        IsHostNetwork(service) ? Array.Empty<PortMapping>() : service.Ports.Where(p => p.IsOnAllInterfaces).ToList();

    public static bool PublishesPublicly(ComposeService service) => PublicPorts(service).Count > 0;

    private static bool IsHostNetwork(ComposeService service) =>
        service.Scalar("network_mode") is { IsFullyResolved: true } mode && mode.Value.Trim() == "host";

    /// <summary>An edge proxy, or a service publishing a port on every interface: what the outside world reaches.</summary>
    public static bool IsExposed(ComposeService service, Stack stack) => IsEdgeProxy(service, stack) || PublishesPublicly(service);

    /// <summary>Images known to ship a <c>HEALTHCHECK</c> of their own, by repository (registry-insensitive).</summary>
    private static readonly string[] ImagesWithHealthcheck =
    {
        "pihole/pihole", "louislam/uptime-kuma", "gitlab/gitlab-ce", "gitlab/gitlab-ee", "itzg/minecraft-server", "jc21/nginx-proxy-manager",
        "gethomepage/homepage", "goauthentik/server", "vaultwarden/server", "jellyfin/jellyfin", "nextcloud-releases/all-in-one", "nextcloud/all-in-one",
    };

    /// <summary>True when the service's image is known to define its own <c>HEALTHCHECK</c> (all of Nextcloud AIO's images do).</summary>
    public static bool ImageHasHealthcheck(ComposeService service, Stack stack)
    {
        if (service.Build != null || ImageOf(service, stack) is not { } image) return false;
        var repository = image.Repository;
        return ImagesWithHealthcheck.Any(r => repository == r || repository.EndsWith("/" + r, StringComparison.Ordinal))
               || (repository.StartsWith("nextcloud-releases/aio-", StringComparison.Ordinal));
    }
}
