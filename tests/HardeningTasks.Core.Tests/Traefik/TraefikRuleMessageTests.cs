namespace HardeningTasks.Core.Tests.Traefik;

/// <summary>What a reader of the build log sees: each message names the service and says what to do.</summary>
public class TraefikRuleMessageTests
{
    private static string Message(string ruleId, string compose, params (string Path, string Text)[] files)
    {
        var stack = new TraefikTestStack().File("compose.yml", compose);
        foreach (var (path, text) in files) stack.File(path, text);
        var findings = stack.Analyze().Where(f => f.RuleId == ruleId).ToList();
        Assert.That(findings, Has.Count.EqualTo(1), () => string.Join("\n", stack.Analyze()));
        return findings[0].Message;
    }

    [Test]
    public void HRD010_names_the_service_entrypoint_and_address() =>
        Assert.That(Message("HRD010", """
            services:
              arc-heimdall:
                image: ghcr.io/arc-framework/arc-heimdall-gateway:v3.1.4
                command: ["--entrypoints.web.address=:80", "--entrypoints.websecure.address=:443"]
            """), Is.EqualTo("Traefik service 'arc-heimdall' opens HTTPS entrypoint 'websecure' (:443) but configures no certificate resolver and no certificates; add certificatesresolvers.<name>.acme… or a file provider with tls.certificates."));

    [Test]
    public void HRD010_on_a_standalone_static_file()
    {
        var findings = new TraefikTestStack()
            .File("edge/traefik.yml", "entryPoints:\n  https:\n    address: 0.0.0.0:443\n")
            .Analyze();
        Assert.That(findings.Single().Message, Does.StartWith("Traefik static file 'traefik.yml' opens HTTPS entrypoint 'https' (0.0.0.0:443)"));
        Assert.That((findings.Single().Location.Line, findings.Single().Location.Column), Is.EqualTo((3, 5)));
    }

    [Test]
    public void HRD012_redirect_missing_beside_https() =>
        Assert.That(Message("HRD012", """
            services:
              proxy:
                image: traefik:v3.1
                command: ["--entrypoints.web.address=:80", "--entrypoints.websecure.address=:443", "--certificatesresolvers.le.acme.tlschallenge=true"]
            """), Is.EqualTo("Traefik service 'proxy' opens HTTP entrypoint 'web' (:80) without redirecting to HTTPS although it serves HTTPS on 'websecure'; add entrypoints.web.http.redirections.entrypoint.to=websecure (and .scheme=https)."));

    [Test]
    public void HRD012_routers_on_plain_http_only() =>
        Assert.That(Message("HRD012", """
            services:
              proxy:
                image: traefik:v3.1
                command: ["--providers.docker", "--entrypoints.http.address=:80"]
              app:
                image: nginx:1.27
                labels: ["traefik.http.routers.app.rule=Host(`a`)", "traefik.http.routers.blog.rule=Host(`b`)"]
            """), Is.EqualTo("Traefik service 'proxy' serves routers 'app', 'blog' on plain-HTTP entrypoint 'http' (:80) only; add an HTTPS entrypoint with a certificate resolver and redirect 'http' to it."));

    [Test]
    public void HRD013_quotes_the_setting_as_written() =>
        Assert.That(Message("HRD013", """
            services:
              proxy:
                image: traefik:v3.1
                command: ["--api.insecure"]
            """), Does.StartWith("Traefik service 'proxy' enables the API and dashboard in insecure mode (--api.insecure):"));

    [Test]
    public void HRD014_never_copies_credentials_into_the_log()
    {
        var message = Message("HRD014", """
            services:
              api:
                image: example/api:1.0
                environment:
                  DATABASE_URL: postgresql://app:S3cr3t-P@ss@db:5432/app?sslmode=disable
            """);
        Assert.That(message, Is.EqualTo("Service 'api' connects to PostgreSQL without TLS: DATABASE_URL holds 'postgresql://***@db:5432/app?sslmode=disable'; add sslmode=verify-full (or at least sslmode=require) and enable TLS on the server."));
        Assert.That(message, Does.Not.Contain("S3cr3t"));
    }

    [Test]
    public void HRD082_names_router_origin_and_entrypoints() =>
        Assert.That(Message("HRD082", """
            services:
              proxy:
                image: traefik:v3.1
                command: ["--providers.docker", "--entrypoints.web.address=:80", "--entrypoints.websecure.address=:443"]
              shop:
                image: example/shop:2.0
                labels: ["traefik.http.routers.shop.rule=Host(`shop`)"]
            """), Is.EqualTo("Router 'shop' (service 'shop') is exposed on entrypoints 'web', 'websecure' with no rate limiting, and the Traefik serving it defines no ratelimit middleware; define one (traefik.http.middlewares.<name>.ratelimit.average=…) and attach it to the router or the entrypoint."));
}
