using HardeningTasks.Core.Model;
using HardeningTasks.Core.Rules.Secrets;
using HardeningTasks.Core.Tests.Compose;

namespace HardeningTasks.Core.Tests.Rules;

/// <summary>The secret-key pattern shared by HRD030/HRD031/HRD033, the value classification, and what the secret rules say.</summary>
public class SecretRulesTests
{
    [TestCase("GF_SECURITY_ADMIN_PASSWORD", true)]
    [TestCase("SECRET_KEY_BASE", true)]
    [TestCase("INIT_CLIENT_API_TOKENS", true)]
    [TestCase("AWS_ACCESS_KEY", true)]
    [TestCase("db-root-password", true)]
    [TestCase("requirepass", false)]
    [TestCase("PASSWORD_MIN_LENGTH", false)]
    [TestCase("ACCESS_TOKEN_EXPIRE_MINUTES", false)]
    [TestCase("TOKEN_EXPIRY", false)]
    [TestCase("OAUTH_TOKEN_URL", false)]
    [TestCase("REGISTRY_AUTH_HTPASSWD_REALM", false)]
    [TestCase("GF_SECURITY_ADMIN_PASSWORD__FILE", false)]
    [TestCase("PASSWORD_RESET_ENABLED", false)]
    [TestCase("TOKEN_URL_SECRET", true)]
    [TestCase("PASSWORDLESS_LOGIN", false)]
    public void LooksSecret(string name, bool expected) => Assert.That(SecretNames.LooksSecret(name), Is.EqualTo(expected));

    [TestCase("changeme", true)]
    [TestCase("CHANGE_ME", true)]
    [TestCase("please-change-me-now", true)]
    [TestCase("<your-API-Key>", true)]
    [TestCase("xxx", true)]
    [TestCase("XXXX-XXXX", true)]
    [TestCase("your-cloudflare-api-token", true)]
    [TestCase("YourPassword", true)]
    [TestCase("REPLACE FROM CONFIG", true)]
    [TestCase("ReplaceConfig", true)]
    [TestCase("mysecretpassword", false)]
    [TestCase("yourself123", false)]
    [TestCase("x", false)]
    [TestCase("example_123", false)]
    public void IsPlaceholder(string value, bool expected) => Assert.That(SecretNames.IsPlaceholder(value), Is.EqualTo(expected));

    [TestCase("${DB_PASSWORD}", true)]
    [TestCase("$DB_PASSWORD", true)]
    [TestCase("abc${X:-d}", true)]
    [TestCase("pa$$word", false)]
    [TestCase("$$(cat /run/secrets/x)", false)]
    [TestCase("plain", false)]
    public void IsInterpolated(string written, bool expected) => Assert.That(SecretNames.IsInterpolated(written), Is.EqualTo(expected));

    [TestCase("yes", true)]
    [TestCase("False", true)]
    [TestCase("/run/secrets/db-password", true)]
    [TestCase("$(cat /run/secrets/x)", true)]
    [TestCase("123", false)]
    [TestCase("/notapath", false)]
    [TestCase("s3cr3t", false)]
    public void IsNotASecret(string value, bool expected) => Assert.That(SecretNames.IsNotASecret(value), Is.EqualTo(expected));

    private static List<Finding> Analyze(string compose, params (string Path, string Text)[] more)
    {
        var bed = new ComposeTestBed().File("compose.yaml", compose);
        foreach (var (path, text) in more) bed.File(path, text);
        return Engine.Analyze(bed.Request(new[] { "compose.yaml" })).Findings.ToList();
    }

    [Test]
    public void Hardcoded_secret_message_and_fingerprint_never_carry_the_value()
    {
        var findings = Analyze("services:\n  db:\n    image: postgres:16.4\n    environment:\n      POSTGRES_PASSWORD: Tr0ub4dor-and-3\n");
        var finding = findings.Single(f => f.RuleId == "HRD030");
        Assert.Multiple(() =>
        {
            Assert.That(finding.Message, Does.Not.Contain("Tr0ub4dor"));
            Assert.That(finding.Value, Is.EqualTo("POSTGRES_PASSWORD"));
            Assert.That(finding.Message, Does.Contain("'db'").And.Contain("POSTGRES_PASSWORD_FILE"));
            Assert.That(findings.Where(f => f.RuleId == "HRD031"), Is.Empty, "a literal secret is HRD030's only");
        });
    }

    [TestCase("postgres:16.4", "POSTGRES_PASSWORD", "POSTGRES_PASSWORD_FILE=/run/secrets/")]
    [TestCase("lscr.io/linuxserver/mariadb:11.4.3", "MYSQL_ROOT_PASSWORD", "FILE__MYSQL_ROOT_PASSWORD=")]
    [TestCase("grafana/grafana:11.2.2", "GF_DATABASE_PASSWORD", "GF_DATABASE_PASSWORD__FILE=")]
    [TestCase("minio/minio:RELEASE.2024-10-13T13-34-11Z", "MINIO_ROOT_PASSWORD", "MINIO_ROOT_PASSWORD_FILE to the name of a Docker secret")]
    [TestCase("bitnami/redis:7.4.1", "REDIS_PASSWORD", "REDIS_PASSWORD_FILE=")]
    [TestCase("redis:7.4.1", "REDIS_PASSWORD", "redis.conf")]
    [TestCase("quay.io/keycloak/keycloak:26.0.1", "KC_DB_PASSWORD", "keycloak.conf")]
    [TestCase("jboss/keycloak:16.1.1", "DB_PASSWORD", "DB_PASSWORD_FILE=")]
    public void Plain_variable_message_names_the_image_specific_file_variant(string image, string key, string advice)
    {
        var findings = Analyze($"services:\n  svc:\n    image: {image}\n    environment:\n      {key}: ${{SOME_SECRET}}\n");
        var finding = findings.Single(f => f.RuleId == "HRD031");
        Assert.That(finding.Message, Does.Contain(advice).And.Contain("'svc'").And.Contain("interpolated"));
    }

    [Test]
    public void Secret_file_that_is_a_directory_outside_the_project_is_reported_as_a_directory()
    {
        var bed = new ComposeTestBed()
            .File("compose.yaml", "services:\n  grafana:\n    image: grafana/grafana:11.2.2\nsecrets:\n  grafana_password:\n    file: /workspace/.secrets/grafana_password\n");
        bed.FileSystem.Add("/workspace/.secrets/grafana_password/.keep", "");
        var finding = Engine.Analyze(bed.Request(new[] { "compose.yaml" })).Findings.Single(f => f.RuleId == "HRD034");
        Assert.That(finding.Message, Does.Contain("is a directory").And.Contain("'grafana_password'"));
        Assert.That(finding.Location.Line, Is.EqualTo(6));
    }
}
