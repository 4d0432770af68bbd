using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Traefik;

namespace HardeningTasks.Core.Tests.Traefik;

/// <summary>The whole-stack view: instances, mounts followed, standalone files, which routers each instance serves.</summary>
public class TraefikStackTests
{
    [Test]
    public void File_provider_directory_is_read_through_the_mount()
    {
        var stack = new TraefikTestStack()
            .File("compose.yml", """
                services:
                  traefik:
                    image: traefik:v3.1
                    volumes:
                      - ./traefik:/etc/traefik:ro
                """)
            .File("traefik/traefik.toml", "[entryPoints.web]\naddress = \":80\"\n[providers.file]\ndirectory = \"/etc/traefik/dynamic\"\n")
            .File("traefik/dynamic/middlewares.toml", "[http.middlewares.limit.rateLimit]\naverage = 100\n")
            .File("traefik/dynamic/certs.yml", "tls:\n  certificates:\n    - certFile: /c.crt\n      keyFile: /c.key\n")
            .File("traefik/dynamic/notes.txt", "not a config");
        var traefik = stack.Traefik();
        var instance = traefik.Instances.Single();
        Assert.That(instance.DynamicComplete, Is.True, () => instance.DynamicUnknownReason ?? "");
        Assert.That(instance.FileProviderConfigs.Select(c => Path.GetFileName(c.File!.Path)), Is.EqualTo(new[] { "certs.yml", "middlewares.toml" }));
        Assert.That(traefik.MiddlewaresOf(instance).Single().Type, Is.EqualTo("ratelimit"));
        Assert.That(instance.FileProviderConfigs[0].Certificates.Select(c => c.Key), Is.EqualTo(new[] { "tls.certificates[0].certfile", "tls.certificates[0].keyfile" }));
        var home = traefik.HomeOf(instance.FileProviderConfigs[1]);
        Assert.That(home, Is.InstanceOf<ComposeProject>(), "a file-provider file is reported with the service that loads it");
        Assert.That(traefik.Instances.Count(i => i.StandaloneFile != null), Is.Zero, "the mounted traefik.toml is not judged again on its own");
    }

    [TestCase("--providers.file.filename=/dyn/missing.yml", "- ./dyn:/dyn", "not in the repository")]
    [TestCase("--providers.file.directory=/dyn", "- dyn-volume:/dyn", "volume 'dyn-volume'")]
    [TestCase("--providers.file.directory=/not-mounted", "- ./dyn:/dyn", "not mounted from the repository")]
    [TestCase("--providers.http.endpoint=http://config:8080/traefik", "- ./dyn:/dyn", "http provider")]
    [TestCase("--providers.redis.endpoints=redis:6379", "- ./dyn:/dyn", "redis provider")]
    public void Dynamic_configuration_out_of_sight_is_unknown(string flag, string volume, string reason)
    {
        var instance = new TraefikTestStack()
            .File("compose.yml", $"""
                services:
                  traefik:
                    image: traefik:v3.1
                    command: ["{flag}"]
                    volumes:
                      {volume}
                """)
            .File("dyn/other.yml", "http: {}\n")
            .Traefik().Instances.Single();
        Assert.That(instance.DynamicComplete, Is.False);
        Assert.That(instance.DynamicUnknownReason, Does.Contain(reason));
    }

    [Test]
    public void Unparseable_mounted_file_is_a_load_problem_of_the_service()
    {
        var stack = new TraefikTestStack()
            .File("compose.yml", """
                services:
                  traefik:
                    image: traefik:v3.1
                    command: ["--providers.file.filename=/dyn.yml"]
                    volumes:
                      - ./dynamic.yml:/dyn.yml
                """)
            .File("dynamic.yml", "http:\n  routers: [\n");
        var traefik = stack.Traefik();
        var problem = traefik.LoadProblems.Single();
        Assert.That(problem.Path, Is.EqualTo(TraefikTestStack.P("dynamic.yml")));
        Assert.That(problem.Home, Is.InstanceOf<ComposeProject>());
        Assert.That(traefik.Instances.Single().DynamicUnknownReason, Does.Contain("cannot be parsed"));
        var findings = stack.Analyze();
        Assert.That(findings.Count(f => f.RuleId == "HRD000" && f.Location.FilePath == problem.Path), Is.EqualTo(1), "reported once");
    }

    [Test]
    public void Standalone_files_are_judged_only_when_no_traefik_service_mounts_them()
    {
        var traefik = new TraefikTestStack()
            .File("compose.yml", """
                services:
                  traefik:
                    image: traefik:v3.1
                    volumes:
                      - ./edge/traefik.yml:/etc/traefik/traefik.yml
                  app:
                    image: example/app:1
                    volumes:
                      - ./:/src
                """)
            .File("edge/traefik.yml", "entryPoints:\n  web:\n    address: :80\n")
            .File("lab/traefik.yml", "entryPoints:\n  lab:\n    address: :8080\n")
            .File("lab/traefik-dynamic.yml", "http:\n  routers:\n    r:\n      rule: Host(`x`)\n")
            .Traefik();
        Assert.That(traefik.Instances.Select(i => i.Description), Is.EqualTo(new[] { "Traefik service 'traefik'", "Traefik static file 'traefik.yml'" }),
            "a non-Traefik service mounting the whole repository does not hide lab/traefik.yml");
        var standalone = traefik.Instances[1];
        Assert.That(standalone.EntryPoints.Single().Name, Is.EqualTo("lab"));
        Assert.That(traefik.StandaloneDynamicConfigs.Single().File!.Kind, Is.EqualTo(TraefikConfigKind.Dynamic));
        Assert.That(traefik.ServingInstances(traefik.StandaloneDynamicConfigs[0]), Is.EqualTo(new[] { standalone }));
    }

    [Test]
    public void Labels_are_served_by_their_own_projects_traefik_or_through_an_external_network()
    {
        var traefik = new TraefikTestStack()
            .File("edge/compose.yml", """
                services:
                  proxy:
                    image: traefik:v3.1
                    command: ["--providers.docker", "--providers.docker.exposedByDefault=false", "--entrypoints.web.address=:80"]
                    networks: [default, web]
                  own:
                    image: nginx:1.27
                    labels: ["traefik.enable=true", "traefik.http.routers.own.rule=Host(`own`)"]
                  implicit:
                    image: nginx:1.27
                    labels: ["traefik.http.routers.implicit.rule=Host(`implicit`)"]
                networks:
                  web:
                    name: proxy-net
                """)
            .File("apps/compose.yml", """
                services:
                  app:
                    image: nginx:1.27
                    labels: ["traefik.enable=true", "traefik.http.routers.app.rule=Host(`app`)"]
                    networks: [proxy]
                  off:
                    image: nginx:1.27
                    labels: ["traefik.enable=false", "traefik.http.routers.off.rule=Host(`off`)"]
                    networks: [proxy]
                  alone:
                    image: nginx:1.27
                    labels: ["traefik.enable=true", "traefik.http.routers.alone.rule=Host(`alone`)"]
                networks:
                  proxy:
                    external: true
                    name: proxy-net
                """)
            .File("other/compose.yml", """
                services:
                  proxy2:
                    image: traefik:v3.1
                    command: ["--providers.docker", "--entrypoints.web.address=:80"]
                  theirs:
                    image: nginx:1.27
                    labels: ["traefik.http.routers.theirs.rule=Host(`theirs`)"]
                """)
            .Traefik();
        var proxy = traefik.Instances.Single(i => i.Name == "proxy");
        var proxy2 = traefik.Instances.Single(i => i.Name == "proxy2");
        Assert.That(proxy.ExposedByDefault, Is.False);
        Assert.That(traefik.RoutersOf(proxy).Select(r => r.Name), Is.EqualTo(new[] { "own", "app" }),
            "'app' joins the network 'proxy-net' the edge project creates; not 'implicit' (exposedByDefault=false), not 'off', "
            + "not 'alone' (on its project's default network only), not 'theirs' (another project, no shared network)");
        Assert.That(traefik.RoutersOf(proxy2).Select(r => r.Name), Is.EqualTo(new[] { "theirs" }), "an unrelated stack's Traefik serves none of the others");
    }

    [Test]
    public void Router_entrypoints_default_to_all_or_to_as_default_ones()
    {
        var traefik = new TraefikTestStack()
            .File("compose.yml", """
                services:
                  proxy:
                    image: traefik:v3.1
                    command:
                      - --providers.docker
                      - --entrypoints.web.address=:80
                      - --entrypoints.websecure.address=:443
                      - --entrypoints.websecure.asDefault=true
                      - --entrypoints.quic.address=:443/udp
                  app:
                    image: nginx:1.27
                    labels: ["traefik.http.routers.app.rule=Host(`app`)"]
                """)
            .Traefik();
        var instance = traefik.Instances.Single();
        var router = traefik.RoutersOf(instance).Single();
        Assert.That(TraefikStack.EntryPointsOf(router, instance).Select(e => e.Name), Is.EqualTo(new[] { "websecure" }));
        Assert.That(instance.EntryPoint("quic")!.IsUdp, Is.True);
    }

    [Test]
    public void Instance_without_a_docker_provider_ignores_labels_unless_its_static_file_is_unknown()
    {
        var traefik = new TraefikTestStack()
            .File("a/compose.yml", """
                services:
                  proxy:
                    image: traefik:v3.1
                    command: ["--providers.file.filename=/x.yml", "--entrypoints.web.address=:80"]
                    volumes: ["./x.yml:/x.yml"]
                  app:
                    image: nginx:1.27
                    labels: ["traefik.http.routers.app.rule=Host(`app`)"]
                """)
            .File("a/x.yml", "http: {}\n")
            .Traefik();
        Assert.That(traefik.Instances.Single().ReadsLabels, Is.False);
        Assert.That(traefik.RoutersOf(traefik.Instances.Single()), Is.Empty);
    }

    [Test]
    public void Whole_stack_findings_join_resolvers_across_files()
    {
        var findings = new TraefikTestStack()
            .File("traefik/compose.yml", """
                services:
                  traefik:
                    image: traefik:v3.1
                    volumes: ["./traefik.yml:/etc/traefik/traefik.yml:ro"]
                    networks: [proxy]
                networks:
                  proxy:
                    external: true
                """)
            .File("traefik/traefik.yml", """
                entryPoints:
                  web:
                    address: :80
                    http:
                      redirections:
                        entryPoint:
                          to: websecure
                  websecure:
                    address: :443
                certificatesResolvers:
                  cloudflare:
                    acme:
                      storage: /certs/acme.json
                providers:
                  docker: {}
                """)
            .File("apps/compose.yml", """
                services:
                  ok:
                    image: nginx:1.27
                    labels:
                      - traefik.http.routers.ok.rule=Host(`ok`)
                      - traefik.http.routers.ok.tls.certresolver=cloudflare
                  typo:
                    image: nginx:1.27
                    labels:
                      - traefik.http.routers.typo.rule=Host(`typo`)
                      - traefik.http.routers.typo.tls.certresolver=cloudfare
                networks:
                  default:
                    name: proxy
                    external: true
                """)
            .Analyze();
        // Only the Traefik rules this stack is about: per-service hardening rules (HRD022, …) report on every service.
        var ids = findings.Where(f => f.RuleId is "HRD010" or "HRD011" or "HRD012" or "HRD013" or "HRD082")
            .Select(f => $"{f.RuleId} {Path.GetFileName(Path.GetDirectoryName(f.Location.FilePath))}/{Path.GetFileName(f.Location.FilePath)}:{f.Location.Line}").ToList();
        Assert.That(ids, Is.EquivalentTo(new[]
        {
            "HRD011 apps/compose.yml:11",
            "HRD082 apps/compose.yml:5",
            "HRD082 apps/compose.yml:10",
        }));
        var hrd011 = findings.Single(f => f.RuleId == "HRD011");
        Assert.That(hrd011.Message, Is.EqualTo("Router 'typo' (service 'typo') uses certificate resolver 'cloudfare', which no Traefik serving it defines (Traefik service 'traefik' defines 'cloudflare'); define certificatesresolvers.cloudfare.acme… (or .tailscale) in the static configuration that Traefik loads, or use the resolver's real name."));
        Assert.That(hrd011.Location.Column, Is.EqualTo(52));
    }
}
