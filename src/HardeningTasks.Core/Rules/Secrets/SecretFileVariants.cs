using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Secrets;

/// <summary>
/// The images (RULES.md HRD031: postgres, mysql, mariadb, mongo, redis, grafana, rabbitmq, minio, keycloak) that can take a
/// secret from a file instead of a plain variable, which of their variables that applies to, and how. An image is recognised
/// by the last component of its repository, whatever the registry, namespace or tag (<c>docker.io/library/postgres:16</c>,
/// <c>ghcr.io/acme/postgres</c>, <c>quay.io/keycloak/keycloak</c>); images built on the official postgres entrypoint
/// (postgis, pgvector, timescaledb) and Grafana's oss/enterprise images count as their family.
/// </summary>
public static class SecretFileVariants
{
    private sealed record Family(string[] Names, Func<string, bool> Reads, Func<ImageReference, string, string> How);

    private static string FileVariant(ImageReference image, string key) =>
        image.Repository.StartsWith("linuxserver/", StringComparison.Ordinal)
            ? $"set FILE__{key}=/run/secrets/<name> (the linuxserver.io convention) with the value in a Docker secret (secrets:)"
            : $"set {key}_FILE=/run/secrets/<name> with the value in a Docker secret (secrets:)";

    private static Func<string, bool> Keys(params string[] keys) => key => Array.IndexOf(keys, key) >= 0;

    private const string RedisConf = "the official image reads no password variable: put 'requirepass' in a redis.conf delivered as a Docker secret and start redis-server with that file";

    private static readonly Family[] Families =
    {
        new(new[] { "postgres", "postgis", "pgvector", "timescaledb" }, Keys("POSTGRES_PASSWORD"), FileVariant),
        new(new[] { "mysql" }, Keys("MYSQL_ROOT_PASSWORD", "MYSQL_PASSWORD"), FileVariant),
        new(new[] { "mariadb" }, Keys("MARIADB_ROOT_PASSWORD", "MARIADB_PASSWORD", "MARIADB_REPLICATION_PASSWORD", "MYSQL_ROOT_PASSWORD", "MYSQL_PASSWORD"), FileVariant),
        new(new[] { "mongo" }, Keys("MONGO_INITDB_ROOT_PASSWORD"), FileVariant),
        new(new[] { "redis" }, Keys("REDIS_PASSWORD", "requirepass", "masterauth"),
            (image, key) => image.Repository.StartsWith("bitnami/", StringComparison.Ordinal) && key == "REDIS_PASSWORD" ? FileVariant(image, key) : RedisConf),
        new(new[] { "grafana", "grafana-oss", "grafana-enterprise" }, key => key.StartsWith("GF_", StringComparison.Ordinal) && SecretNames.LooksSecret(key),
            (_, key) => $"set {key}__FILE=/run/secrets/<name> (Grafana reads any GF_ variable from a file that way) with the value in a Docker secret (secrets:)"),
        new(new[] { "rabbitmq" }, Keys("RABBITMQ_DEFAULT_PASS", "RABBITMQ_ERLANG_COOKIE"),
            (_, key) => key == "RABBITMQ_DEFAULT_PASS"
                ? "put default_pass in a rabbitmq.conf delivered as a Docker secret (target: /etc/rabbitmq/conf.d/20-credentials.conf)"
                : "deliver the cookie as a Docker secret mounted at /var/lib/rabbitmq/.erlang.cookie"),
        new(new[] { "minio" }, Keys("MINIO_ROOT_PASSWORD", "MINIO_SECRET_KEY", "MINIO_ACCESS_KEY"),
            (_, key) => $"set {key}_FILE to the name of a Docker secret (MinIO reads it from /run/secrets/<name>)"),
        new(new[] { "keycloak" }, key => (key.StartsWith("KC_", StringComparison.Ordinal) || key.StartsWith("KEYCLOAK_", StringComparison.Ordinal) || key == "DB_PASSWORD") && SecretNames.LooksSecret(key),
            (image, key) => image.Repository.StartsWith("jboss/", StringComparison.Ordinal)
                ? FileVariant(image, key)
                : "move the option into a keycloak.conf delivered as a Docker secret (target: /opt/keycloak/conf/keycloak.conf), which Keycloak reads at start"),
    };

    /// <summary>How the service's image can take <paramref name="key"/> (an environment variable, or <c>requirepass</c>) from a
    /// secret file; null when its image is not one of the families or does not read that variable.</summary>
    public static string? Advice(ComposeService service, string key)
    {
        if (service.ImageReference is not { } image) return null;
        var family = Families.FirstOrDefault(f => Array.IndexOf(f.Names, image.Name) >= 0);
        return family != null && family.Reads(key) ? family.How(image, key) : null;
    }
}
