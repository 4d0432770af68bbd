using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Parsing.Yaml;

namespace HardeningTasks.Core.Rules;

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

    private static readonly HashSet<string> EdgeProxies = new(StringComparer.Ordinal)
    {
        "traefik", "nginx", "nginx-unprivileged", "nginx-proxy", "nginx-proxy-manager", "openresty", "swag",
        "caddy", "caddy-docker-proxy", "haproxy", "haproxy-alpine", "haproxy-debian", "envoy",
    };

    /// <summary>Backup tools of RULES.md HRD080, by repository (without registry) or by image name.</summary>
    private static readonly HashSet<string> BackupRepositories = new(StringComparer.Ordinal)
    {
        "prodrigestivill/postgres-backup-local", "tiredofit/db-backup", "offen/docker-volume-backup", "kartoza/pg-backup", "databack/mysql-backup",
    };

    private static readonly HashSet<string> BackupNames = new(StringComparer.Ordinal) { "pgbackrest", "barman", "restic", "borgmatic", "duplicati", "kopia", "backrest", "pgbackweb", "databasus" };

    /// <summary>The image a service runs: its <c>image:</c>, or for a service with <c>build:</c> the base image of the stage it
    /// builds (following <c>FROM</c> stages) when that Dockerfile is in the project, else its <c>image:</c>. Null when neither is known.</summary>
    public static ImageReference? ImageOf(ComposeService service, Stack stack) => ImageOf(service, stack.Builds);

    /// <inheritdoc cref="ImageOf(ComposeService, Stack)"/>
    public static ImageReference? ImageOf(ComposeService service, BuildLinks builds)
    {
        if (service.Build is { } build && BuildDockerfiles.BuiltStage(build, builds) is { } stage)
        {
            var seen = new HashSet<Model.Dockerfile.DockerStage>();
            var current = stage;
            while (current.BaseStage != null && seen.Add(current)) current = current.BaseStage;
            if (current.BaseImage != null) return current.BaseImage;
        }
        return service.Image is { IsFullyResolved: true } image ? ImageReference.TryParse(image.Value.Trim()) : null;
    }

    /// <summary>The data engine a service runs (<c>postgres</c>, <c>redis</c>, …), or null when it is not a data service.</summary>
    public static string? DataEngine(ComposeService service, Stack stack) => DataEngine(ImageOf(service, stack));

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

    public static bool IsEdgeProxy(ComposeService service, Stack stack) => ImageOf(service, stack) is { } image && EdgeProxies.Contains(image.Name);

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

    /// <summary>The ports a service publishes on every host interface (no host IP, <c>0.0.0.0</c>, <c>::</c>). A mapping that
    /// holds a variable with no value and no default is not judged: the variable may well carry <c>127.0.0.1:</c>.</summary>
    public static IReadOnlyList<PortMapping> PublicPorts(ComposeService service) =>
        service.Ports.Where(p => p.IsOnAllInterfaces && IsFullyResolved(p.Node)).ToList();

    public static bool PublishesPublicly(ComposeService service) => PublicPorts(service).Count > 0;

    /// <summary>An edge proxy, or a service publishing a port on every interface: what the outside world reaches.</summary>
    public static bool IsExposed(ComposeService service, Stack stack) => IsEdgeProxy(service, stack) || PublishesPublicly(service);

    private static readonly string[] OneShotWords = { "tool", "migrat", "setup", "init", "seed", "bootstrap", "provision", "configur", "oneshot", "script", "test", "install", "upgrade", "create" };
    private static readonly string[] OneShotExactWords = { "cli", "job", "jobs", "task", "tasks" };

    /// <summary>
    /// A service that runs once and exits rather than serving: <c>restart: "no"</c> (or <c>deploy.restart_policy.condition: none</c>)
    /// with its own <c>command</c>/<c>entrypoint</c>; a service named like one-shot work (<c>migrate</c>, <c>init</c>, <c>createbuckets</c>)
    /// that is not restarted always (<c>restart:</c> absent, <c>no</c> or <c>on-failure</c>); a service another waits for with
    /// <c>condition: service_completed_successfully</c>; a service only in profiles like <c>tools</c> or <c>migrate</c>.
    /// </summary>
    public static bool IsOneShot(ComposeService service)
    {
        var restart = service.RestartPolicy?.Value.Trim();
        var neverRestarted = restart is "no" or "none" or "false";
        if (neverRestarted && (service.Command.Count > 0 || service.Entrypoint.Count > 0)) return true;
        if ((restart == null || neverRestarted || restart.StartsWith("on-failure", StringComparison.Ordinal))
            && (LooksOneShot(service.Name) || LooksOneShot(service.Image?.Value)))
            return true;
        if (service.Project.IsAwaited(service.Name, "service_completed_successfully"))
            return true;
        var profiles = service.Profiles;
        return profiles.Count > 0 && profiles.All(LooksOneShot);
    }

    /// <summary>A service with neither <c>image:</c> nor <c>build:</c>: a fragment of an overlay file (<c>-f compose.yaml -f
    /// overrides/https.yaml</c>) checked on its own. Rules about something missing do not judge it; the full definition is elsewhere.</summary>
    public static bool IsPartial(ComposeService service) => service["image"] == null && service["build"] == null;

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

    /// <summary>True when a word of the name (split at <c>-</c>, <c>_</c>, <c>.</c>, <c>/</c>, <c>:</c>) starts like one-shot work.</summary>
    private static bool LooksOneShot(string? name)
    {
        if (string.IsNullOrEmpty(name)) return false;
        foreach (var part in name!.ToLowerInvariant().Split(new[] { '-', '_', '.', '/', ':' }, StringSplitOptions.RemoveEmptyEntries))
        {
            if (Array.IndexOf(OneShotExactWords, part) >= 0) return true;
            foreach (var word in OneShotWords)
                if (part.StartsWith(word, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static bool IsFullyResolved(YNode node) => node switch
    {
        YScalar s => s.IsFullyResolved,
        YMapping m => m.Entries.All(e => IsFullyResolved(e.Value)),
        YSequence q => q.Items.All(IsFullyResolved),
        _ => true,
    };
}
