using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Operations;

/// <summary>
/// Where each data engine keeps its data (RULES.md HRD080): a volume is the engine's data only when it is mounted at (or above,
/// or inside) that directory. A bind of an init-script or configuration folder is not data, and a redis run as a cache (its
/// persistence switched off) keeps nothing worth a backup. Directories of the official images, the Bitnami ones and
/// linuxserver.io's <c>/config</c>; a <c>PGDATA</c> variable, a MinIO <c>server /path</c> and a <c>--datadir=</c> add the service's own.
/// </summary>
internal static class DataDirectories
{
    private static readonly Dictionary<string, string[]> ByEngine = new(StringComparer.Ordinal)
    {
        ["postgres"] = new[] { "/var/lib/postgresql", "/var/lib/pgsql", "/home/postgres/pgdata", "/bitnami/postgresql", "/cockroach/cockroach-data", "/pgdata" },
        ["mysql"] = new[] { "/var/lib/mysql", "/bitnami/mysql" },
        ["mariadb"] = new[] { "/var/lib/mysql", "/bitnami/mariadb" },
        ["mongo"] = new[] { "/data/db", "/bitnami/mongodb" },
        ["redis"] = new[] { "/data", "/bitnami/redis", "/var/lib/redis" },
        ["valkey"] = new[] { "/data", "/bitnami/valkey", "/var/lib/valkey" },
        ["elasticsearch"] = new[] { "/usr/share/elasticsearch/data", "/bitnami/elasticsearch" },
        ["opensearch"] = new[] { "/usr/share/opensearch/data", "/bitnami/opensearch" },
        ["cassandra"] = new[] { "/var/lib/cassandra", "/var/lib/scylla", "/bitnami/cassandra" },
        ["clickhouse"] = new[] { "/var/lib/clickhouse", "/bitnami/clickhouse" },
        ["minio"] = new[] { "/data", "/bitnami/minio" },
        ["influxdb"] = new[] { "/var/lib/influxdb", "/var/lib/influxdb2", "/var/lib/influxdb3", "/bitnami/influxdb" },
        ["couchdb"] = new[] { "/opt/couchdb/data", "/bitnami/couchdb" },
        ["neo4j"] = new[] { "/data" },
        ["mssql"] = new[] { "/var/opt/mssql" },
        ["oracle"] = new[] { "/opt/oracle/oradata" },
    };

    /// <summary>The service's first persistent volume (<paramref name="isPersistent"/>) at one of the engine's data directories, or null.
    /// An engine this table does not know keeps the earlier judgement: any persistent volume.</summary>
    public static VolumeMount? PersistentDataVolume(ComposeService service, string engine, Func<VolumeMount, bool> isPersistent)
    {
        if (engine is "redis" or "valkey" && IsCacheOnly(service)) return null;
        if (!ByEngine.TryGetValue(engine, out var known)) return service.Volumes.FirstOrDefault(isPersistent);
        var directories = known.Concat(OwnDirectories(service, engine)).ToList();
        return service.Volumes.FirstOrDefault(v => isPersistent(v) && directories.Any(d => Overlaps(Normalize(v.Target), d)));
    }

    /// <summary>A mount at the directory, above it (<c>/var/lib/postgresql</c> holds <c>…/data</c>) or inside it (<c>PGDATA</c> in a subfolder).</summary>
    private static bool Overlaps(string target, string directory) =>
        target == directory || directory.StartsWith(target + "/", StringComparison.Ordinal) || target.StartsWith(directory + "/", StringComparison.Ordinal);

    private static IEnumerable<string> OwnDirectories(ComposeService service, string engine)
    {
        // linuxserver.io images keep everything, the database included, under /config (lscr.io/linuxserver/mariadb).
        if (ServiceRoles.NameOf(service)?.Repository.StartsWith("linuxserver/", StringComparison.Ordinal) == true)
            yield return "/config";
        if (engine == "postgres" && service.Environment.FirstOrDefault(e => e.Name == "PGDATA")?.Value is { Length: > 0 } pgdata)
            yield return Normalize(pgdata);
        if (engine == "minio")
            foreach (var word in service.Command.SelectMany(c => c.Value.Split(' ')))
                if (word.StartsWith("/", StringComparison.Ordinal)) yield return Normalize(word);
        if (engine is "mysql" or "mariadb")
            foreach (var word in service.Command.SelectMany(c => c.Value.Split(' ')))
                if (word.StartsWith("--datadir=", StringComparison.Ordinal)) yield return Normalize(word.Substring("--datadir=".Length));
    }

    /// <summary>A redis (or valkey) started with persistence off: <c>--save ""</c> (or <c>--save ''</c>, or the list form's empty item)
    /// and no <c>--appendonly yes</c>.</summary>
    private static bool IsCacheOnly(ComposeService service)
    {
        var words = service.Command.Concat(service.Entrypoint).SelectMany(c => c.Value.Split(new[] { ' ', '\t', '\n' }, StringSplitOptions.RemoveEmptyEntries)).ToList();
        var saveOff = false;
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] == "--appendonly" && i + 1 < words.Count && words[i + 1].Trim('"', '\'') == "yes") return false;
            if (words[i] == "--save" && (i + 1 == words.Count || words[i + 1].Trim('"', '\'').Length == 0 || words[i + 1].StartsWith("--", StringComparison.Ordinal))) saveOff = true;
        }
        return saveOff;
    }

    private static string Normalize(string path) =>
        "/" + string.Join("/", path.Trim().Trim('"', '\'').Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries));
}
