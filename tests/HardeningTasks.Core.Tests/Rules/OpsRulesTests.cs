using HardeningTasks.Core.Linking;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Yaml;
using HardeningTasks.Core.Parsing.Yaml;
using HardeningTasks.Core.Rules;
using HardeningTasks.Core.Rules.BuildContext;
using HardeningTasks.Core.Rules.Network;
using HardeningTasks.Core.Rules.Operations;
using HardeningTasks.Core.Rules.Reliability;

namespace HardeningTasks.Core.Tests.Rules;

/// <summary>Messages, image roles and recorded inputs of the network, reliability, build-context and operations rules
/// (their locations are pinned by the fixtures).</summary>
public class OpsRulesTests
{
    private const string Dir = "/repo";

    private static ComposeProject Compose(string text)
    {
        var root = (YMapping)YamlLoader.Load(Dir + "/compose.yml", text).Root!;
        return new ComposeProject(Dir + "/compose.yml", new[] { Dir + "/compose.yml" }, root);
    }

    private static List<Finding> Run(Rule rule, ComposeProject project, InMemoryFileSystem? fs = null) =>
        rule.Check(project, StackLinker.Link(Dir, new StackFile[] { project }, fs ?? new InMemoryFileSystem())).ToList();

    [TestCase("postgres:16", "postgres")]
    [TestCase("docker.io/library/postgres@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "postgres")]
    [TestCase("ghcr.io/mirror/bitnami/postgresql:16.4.0", "postgres")]
    [TestCase("postgis/postgis:16-3.4", "postgres")]
    [TestCase("mcr.microsoft.com/mssql/server:2022-latest", "mssql")]
    [TestCase("container-registry.oracle.com/database/free:23.5.0.0", "oracle")]
    [TestCase("redislabs/redismod", "redis")]
    [TestCase("quay.io/minio/minio:RELEASE.2024-10-13T13-34-11Z", "minio")]
    [TestCase("prometheuscommunity/postgres-exporter:v0.15.0", null)]
    [TestCase("mongo-express:1.0.2", null)]
    [TestCase("dpage/pgadmin4:8.12", null)]
    [TestCase("minio/mc:latest", null)]
    [TestCase("supertokens/supertokens-postgresql:9.2", null)]
    public void Data_engines_are_recognised_by_image_name(string image, string? engine) =>
        Assert.That(ServiceRoles.DataEngine(ImageReference.TryParse(image)), Is.EqualTo(engine));

    [Test]
    public void Hrd040_message_names_the_engine_and_the_loopback_fix()
    {
        var findings = Run(new PublicDataPortRule(), Compose("services:\n  db:\n    image: bitnami/postgresql:16\n    ports:\n      - \"5433:5432\"\n"));
        Assert.That(findings.Single().Message, Is.EqualTo(
            "Data service 'db' (postgres) publishes port 5433 (container port 5432) on all host interfaces, so anyone who can reach the host can reach it directly; bind it to 127.0.0.1 ('127.0.0.1:5433:5432') or drop the port: other services reach it on the network."));
    }

    [Test]
    public void Hrd043_message_lists_what_exposes_the_network()
    {
        var findings = Run(new DataServiceOnExposedNetworkRule(), Compose(
            "services:\n  proxy:\n    image: traefik:v3.1\n  api:\n    image: acme/api:1\n    ports: [\"8000:8000\"]\n  db:\n    image: mariadb:11\n"));
        Assert.That(findings.Single().Message, Does.StartWith("Data service 'db' shares the default network with edge proxy 'proxy', 'api' (publishes 8000:8000), so"));
    }

    [Test]
    public void Hrd051_message_tells_short_syntax_from_explicit_condition()
    {
        var project = Compose("services:\n  db:\n    image: postgres:16\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n" +
                              "  a:\n    image: acme/a:1\n    depends_on: [db]\n  b:\n    image: acme/b:1\n    depends_on:\n      db:\n        condition: service_started\n");
        var messages = Run(new DependencyNotHealthyRule(), project).Select(f => f.Message).ToList();
        Assert.That(messages, Has.Count.EqualTo(2));
        Assert.That(messages[0], Does.Contain("with the short syntax (condition service_started)"));
        Assert.That(messages[1], Does.Contain("with condition: service_started"));
    }

    [Test]
    public void Hrd056_message_names_the_migration_and_the_server()
    {
        var findings = Run(new MigrationInStartupCommandRule(), Compose(
            "services:\n  backend:\n    image: acme/backend:1\n    command: sh -c \"python -m alembic upgrade head && uvicorn app.main:app --workers 4\"\n"));
        Assert.That(findings.Single().Message, Does.StartWith("Service 'backend' runs database migrations ('python -m alembic upgrade head') in its startup command before 'uvicorn app.main:app --workers'"));
        Assert.That(findings.Single().Value, Is.EqualTo("python -m alembic upgrade head"));
    }

    [Test]
    public void Hrd081_reads_the_mounted_configuration_through_the_file_system()
    {
        var compose = "services:\n  prometheus:\n    image: prom/prometheus:v2.54.1\n    volumes:\n      - ./prom:/etc/prometheus\n";
        var without = new InMemoryFileSystem().Add(Dir + "/prom/prometheus.yml", "scrape_configs: []\n");
        var with = new InMemoryFileSystem().Add(Dir + "/prom/prometheus.yml", "alerting:\n  alertmanagers:\n    - dns_sd_configs:\n        - names: [alertmanager.internal]\n");
        Assert.Multiple(() =>
        {
            Assert.That(Run(new MissingAlertmanagerRule(), Compose(compose), without).Single().Message, Does.Contain("its configuration 'prom/prometheus.yml' has no alerting.alertmanagers target"));
            Assert.That(Run(new MissingAlertmanagerRule(), Compose(compose), with), Is.Empty);
            Assert.That(Run(new MissingAlertmanagerRule(), Compose(compose), new InMemoryFileSystem()), Is.Empty, "a configuration the repository does not hold is not judged");
        });
    }

    [Test]
    public void Dockerignores_and_built_dockerfiles_are_recorded_as_inputs()
    {
        var fs = new InMemoryFileSystem()
            .Add(Dir + "/compose.yml", "services:\n  app:\n    build: ./app\n")
            .Add(Dir + "/app/Dockerfile", "FROM postgres:16.4\nHEALTHCHECK CMD pg_isready\n")
            .Add(Dir + "/app/.dockerignore", "node_modules\n");
        var result = Engine.Analyze(new AnalysisRequest { ProjectDirectory = Dir, Files = new[] { new InputFile(Dir + "/compose.yml", InputKind.Compose) }, FileSystem = fs });
        Assert.Multiple(() =>
        {
            Assert.That(result.Inputs, Does.Contain(Path.GetFullPath(Dir + "/app/.dockerignore")));
            Assert.That(result.Inputs, Does.Contain(Path.GetFullPath(Dir + "/app/Dockerfile")));
            Assert.That(result.Inputs, Does.Contain(Path.GetFullPath(Dir + "/app/Dockerfile.dockerignore")), "the Dockerfile-specific file is probed first: creating it must re-run the check");
            Assert.That(result.Findings.Select(f => f.RuleId), Does.Contain(IncompleteDockerignoreRule.Definition.Id));
            Assert.That(result.Findings.Select(f => f.RuleId), Does.Not.Contain(MissingHealthcheckRule.Definition.Id), "the HEALTHCHECK of the built Dockerfile counts");
        });
    }
}
