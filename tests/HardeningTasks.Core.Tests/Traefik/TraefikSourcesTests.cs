using HardeningTasks.Core.Linking;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Traefik;

namespace HardeningTasks.Core.Tests.Traefik;

/// <summary>The three sources of static configuration, and labels, read into one key space.</summary>
public class TraefikSourcesTests
{
    private static TraefikInstance Single(string compose, params (string Path, string Text)[] files)
    {
        var stack = new TraefikTestStack().File("compose.yml", compose);
        foreach (var (path, text) in files) stack.File(path, text);
        var traefik = stack.Traefik();
        Assert.That(stack.Diagnostics, Is.Empty, () => string.Join("\n", stack.Diagnostics));
        Assert.That(traefik.Instances, Has.Count.EqualTo(1));
        return traefik.Instances[0];
    }

    [Test]
    public void Command_list_form_with_every_flag_syntax()
    {
        var instance = Single("""
            services:
              proxy:
                image: traefik:v3.1
                command:
                  - traefik
                  - --entryPoints.WebSecure.address=:443
                  - -log.level=DEBUG
                  - --api
                  - --providers.file.directory
                  - /dynamic
                  - "--certificatesResolvers.le.acme.email=ops@example.com"
                  - --accesslog
                  - --
                  - --ignored.after=dashdash
            """);
        var s = instance.Static;
        Assert.That(s.Value("entrypoints.websecure.address"), Is.EqualTo(":443"), "keys are case-insensitive");
        Assert.That(s["ENTRYPOINTS.websecure.ADDRESS"]!.WrittenKey, Is.EqualTo("entryPoints.WebSecure.address"));
        Assert.That(s.Value("log.level"), Is.EqualTo("DEBUG"), "a single dash works as in Traefik's parser");
        Assert.That(s.Value("api"), Is.EqualTo("true"), "a bare flag means true");
        Assert.That(s.Value("providers.file.directory"), Is.EqualTo("/dynamic"), "--key value");
        Assert.That(s.Value("certificatesresolvers.le.acme.email"), Is.EqualTo("ops@example.com"));
        Assert.That(s.Value("accesslog"), Is.EqualTo("true"));
        Assert.That(s.Has("ignored"), Is.False, "-- ends the flags");
        Assert.That(instance.EntryPoints.Single().Name, Is.EqualTo("WebSecure"));
        Assert.That(instance.ResolverNames, Is.EqualTo(new[] { "le" }));

        var address = s["entrypoints.websecure.address"]!;
        Assert.That(address.Source, Is.EqualTo(TraefikSource.Command));
        Assert.That((address.Location.Line, address.Location.Column), Is.EqualTo((6, 9)), "the item");
        Assert.That((address.ValueLocation.Line, address.ValueLocation.Column), Is.EqualTo((6, 41)), "after the '='");
        var email = s["certificatesresolvers.le.acme.email"]!;
        Assert.That(email.ValueLocation.Column, Is.EqualTo(9 + 1 + "--certificatesResolvers.le.acme.email=".Length), "inside a quoted item");
    }

    [Test]
    public void Command_string_form_with_quotes_and_entrypoint()
    {
        var instance = Single("""
            services:
              proxy:
                image: example/gateway:1.0
                entrypoint: ["/usr/local/bin/traefik", "--entrypoints.web.address=:80"]
                command: --providers.docker '--entrypoints.websecure.address=:443' --log.format=json
            """);
        var s = instance.Static;
        Assert.That(s.Value("entrypoints.web.address"), Is.EqualTo(":80"), "flags in an entrypoint that starts traefik");
        Assert.That(s.Value("entrypoints.websecure.address"), Is.EqualTo(":443"));
        Assert.That(s.Value("providers.docker"), Is.EqualTo("true"));
        var format = s["log.format"]!;
        Assert.That((format.Location.Line, format.Location.Column), Is.EqualTo((5, 72)), "the word inside the string");
        Assert.That(format.ValueLocation.Column, Is.EqualTo(72 + "--log.format=".Length));
        var quoted = s["entrypoints.websecure.address"]!;
        Assert.That(quoted.Location.Column, Is.EqualTo(33), "a quoted word starts at its quote");
    }

    [Test]
    public void Environment_map_and_list_syntax_with_indices()
    {
        var instance = Single("""
            services:
              proxy:
                image: traefik:v3.1
                environment:
                  TRAEFIK_ENTRYPOINTS_WEBSECURE_ADDRESS: ":443"
                  TRAEFIK_ENTRYPOINTS_WEBSECURE_HTTP_TLS_DOMAINS_0_MAIN: example.com
                  TRAEFIK_PROVIDERS_DOCKER:
                  CF_DNS_API_TOKEN: not-traefik
                  traefik_api_insecure: "false"
            """);
        var s = instance.Static;
        Assert.That(s.Value("entrypoints.websecure.address"), Is.EqualTo(":443"));
        Assert.That(s.Value("entrypoints.websecure.http.tls.domains[0].main"), Is.EqualTo("example.com"), "_0_ is a list index");
        Assert.That(s.Has("providers.docker"), Is.False, "a variable without a value is passed from the host: unknown");
        Assert.That(s.All.Any(x => x.Key.Contains("cf")), Is.False);
        Assert.That(s.Value("api.insecure"), Is.EqualTo("false"));
        var address = s["entrypoints.websecure.address"]!;
        Assert.That((address.Source, address.Location.Column, address.ValueLocation.Column), Is.EqualTo((TraefikSource.Environment, 7, 47)));

        var list = Single("""
            services:
              proxy:
                image: traefik:v3.1
                environment:
                  - TRAEFIK_ENTRYPOINTS_WEB_ADDRESS=:80
                  - TRAEFIK_LOG
            """);
        var web = list.Static["entrypoints.web.address"]!;
        Assert.That((web.Value, web.Location.Column, web.ValueLocation.Column), Is.EqualTo((":80", 9, 41)));
        Assert.That(list.Static.Has("log"), Is.False);
    }

    [Test]
    public void Yaml_static_file_flattened_with_lists()
    {
        var instance = Single("""
            services:
              traefik:
                image: traefik:v3.1
                volumes:
                  - ./traefik.yml:/etc/traefik/traefik.yml:ro
            """, ("traefik.yml", """
            entryPoints:
              websecure:
                address: ":443"
                http:
                  tls:
                    domains:
                      - main: example.com
                        sans: ["*.example.com", "example.org"]
            api: {}
            accessLog:
            certificatesResolvers:
              le:
                acme:
                  dnsChallenge:
                    resolvers:
                      - "1.1.1.1:53"
                      - "8.8.8.8:53"
            """));
        var s = instance.Static;
        Assert.That(instance.StaticFile, Is.Not.Null);
        Assert.That(s.Value("entrypoints.websecure.http.tls.domains[0].main"), Is.EqualTo("example.com"));
        Assert.That(s.List("entrypoints.websecure.http.tls.domains[0].sans").Select(i => i.Value), Is.EqualTo(new[] { "*.example.com", "example.org" }));
        Assert.That(s.List("certificatesresolvers.le.acme.dnschallenge.resolvers").Select(i => i.Value), Is.EqualTo(new[] { "1.1.1.1:53", "8.8.8.8:53" }));
        Assert.That(s.Value("api"), Is.EqualTo(""), "an empty section is a setting with an empty value");
        Assert.That(s.Has("accesslog"), Is.True);
        var address = s["entrypoints.websecure.address"]!;
        Assert.That((address.Source, address.Location.Line, address.Location.Column, address.ValueLocation.Column), Is.EqualTo((TraefikSource.File, 3, 5, 15)));
        Assert.That(address.Location.FilePath, Is.EqualTo(TraefikTestStack.P("traefik.yml")));
        Assert.That(instance.EntryPoints.Single().IsHttpsByConfiguration, Is.True);
        Assert.That(instance.EntryPoints.Single().HasTls, Is.True);
    }

    [Test]
    public void Toml_static_file_through_a_mounted_directory()
    {
        var instance = Single("""
            services:
              traefik:
                image: traefik:v3.1
                volumes:
                  - ./etc:/etc/traefik/
            """, ("etc/traefik.toml", """
            [entryPoints.web]
            address = ":80"
            [entryPoints.web.http.redirections.entryPoint]
            to = "websecure"
            """));
        Assert.That(instance.StaticFile!.Format, Is.EqualTo(TraefikConfigFormat.Toml));
        var web = instance.EntryPoint("web")!;
        Assert.That((web.Port, web.IsHttp, web.RedirectTo?.Value), Is.EqualTo(((int?)80, true, "websecure")));
        Assert.That(web.Address!.Location.Line, Is.EqualTo(2));
    }

    [Test]
    public void A_static_file_is_the_only_source_and_the_flags_and_variables_beside_it_are_ignored()
    {
        var instance = Single("""
            services:
              traefik:
                image: traefik:v3.1
                command: ["--log.level=INFO", "--api.dashboard=true", "--configFile=/etc/traefik/traefik.yaml"]
                environment:
                  TRAEFIK_LOG_LEVEL: ERROR
                  TRAEFIK_API_DASHBOARD: "false"
                  TRAEFIK_PING: "true"
                volumes:
                  - ./traefik.yaml:/etc/traefik/traefik.yaml
            """, ("traefik.yaml", "log:\n  level: DEBUG\n"));
        Assert.That(instance.StaticSource, Is.EqualTo(TraefikStaticSource.File));
        Assert.That(instance.Static.Value("log.level"), Is.EqualTo("DEBUG"));
        Assert.That(instance.Static["log.level"]!.Source, Is.EqualTo(TraefikSource.File));
        Assert.That(instance.Static.Value("api.dashboard"), Is.Null, "the flag is not read: Traefik loads the file only");
        Assert.That(instance.Static.Value("ping"), Is.Null, "nor the variables");
        Assert.That(instance.IgnoredSettings.Select(s => s.Key), Is.EqualTo(new[] { "log.level", "api.dashboard", "log.level", "api.dashboard", "ping" }),
            "every flag but --configFile, then every variable");
    }

    [Test]
    public void Flags_are_the_only_source_without_a_file_and_the_variables_beside_them_are_ignored()
    {
        var instance = Single("""
            services:
              traefik:
                image: traefik:v3.1
                command: ["--log.level=INFO"]
                environment:
                  TRAEFIK_PING: "true"
            """);
        Assert.That((instance.StaticSource, instance.Static.Value("log.level"), instance.Static.Value("ping")), Is.EqualTo((TraefikStaticSource.Flags, "INFO", (string?)null)));
        Assert.That(instance.IgnoredSettings.Select(s => s.Key), Is.EqualTo(new[] { "ping" }));
    }

    [Test]
    public void Variables_are_read_when_there_is_neither_a_file_nor_a_flag()
    {
        var instance = Single("""
            services:
              traefik:
                image: traefik:v3.1
                environment:
                  TRAEFIK_PING: "true"
            """);
        Assert.That((instance.StaticSource, instance.Static.Value("ping"), instance.IgnoredSettings.Count), Is.EqualTo((TraefikStaticSource.Environment, "true", 0)));
    }

    [TestCase("/traefik.toml", "")]
    [TestCase("/root/.config/traefik.yml", "")]
    [TestCase("/home/app/.config/traefik.yaml", "HOME: /home/app")]
    [TestCase("/xdg/traefik.yml", "XDG_CONFIG_HOME: /xdg")]
    [TestCase("/srv/traefik.yml", "", "/srv")]
    public void The_static_file_is_found_where_Traefik_looks_for_it(string target, string variable, string workingDirectory = "")
    {
        var compose = "services:\n  traefik:\n    image: traefik:v3.1\n    command: [\"--entrypoints.ignored.address=:81\"]\n"
            + (variable.Length > 0 ? "    environment:\n      " + variable + "\n" : "")
            + (workingDirectory.Length > 0 ? "    working_dir: " + workingDirectory + "\n" : "")
            + "    volumes:\n      - ./static.yml:" + target + "\n";
        var instance = Single(compose, ("static.yml", "entryPoints:\n  web:\n    address: :80\n"));
        Assert.That(instance.StaticSource, Is.EqualTo(TraefikStaticSource.File), target);
        Assert.That(instance.EntryPoints.Select(e => e.Name), Is.EqualTo(new[] { "web" }));
    }

    [Test]
    public void A_file_at_a_path_Traefik_does_not_search_is_not_loaded()
    {
        var instance = Single("""
            services:
              traefik:
                image: traefik:v3.1
                command: ["--entrypoints.web.address=:80"]
                volumes:
                  - ./static.yml:/config/traefik.yml
            """, ("static.yml", "entryPoints:\n  other:\n    address: :81\n"));
        Assert.That((instance.StaticSource, instance.EntryPoints.Single().Name), Is.EqualTo((TraefikStaticSource.Flags, "web")));
    }

    [Test]
    public void Config_file_flag_names_the_static_file()
    {
        var instance = Single("""
            services:
              traefik:
                image: traefik:v3.1
                command: ["--configFile=/config/static.yml"]
                volumes:
                  - ./config:/config:ro
            """, ("config/static.yml", "entryPoints:\n  web:\n    address: :80\n"));
        Assert.That(instance.StaticComplete, Is.True);
        Assert.That(instance.EntryPoint("web"), Is.Not.Null);
    }

    [TestCase("- traefik-etc:/etc/traefik", "the volume 'traefik-etc'")]
    [TestCase("- /opt/traefik:/etc/traefik:ro", "outside the repository")]
    [TestCase("- ./missing.yml:/etc/traefik/traefik.yml", "not in the repository")]
    [TestCase("- ./nowhere:/etc/traefik", "not in the repository")]
    [TestCase("- type: volume\n        source: conf\n        target: /etc/traefik", "the volume 'conf'")]
    public void Static_file_that_cannot_be_seen_is_unknown(string volume, string reason)
    {
        var instance = Single($"""
            services:
              traefik:
                image: traefik:v3.1
                command: ["--entrypoints.websecure.address=:443"]
                volumes:
                  {volume}
            """);
        Assert.That(instance.StaticComplete, Is.False);
        Assert.That(instance.StaticUnknownReason, Does.Contain(reason));
    }

    [Test]
    public void Unrelated_mounts_leave_the_static_configuration_complete()
    {
        var instance = Single("""
            services:
              traefik:
                image: traefik:v3.1
                command: ["--entrypoints.websecure.address=:443"]
                volumes:
                  - /var/run/docker.sock:/var/run/docker.sock:ro
                  - letsencrypt:/etc/traefik/acme
                  - ./empty:/etc/traefik/dynamic
            """, ("empty/readme.md", "x"));
        Assert.That(instance.StaticComplete, Is.True, () => instance.StaticUnknownReason ?? "");
        Assert.That(instance.StaticFile, Is.Null);
    }

    [Test]
    public void Labels_map_and_list_syntax_and_deploy_labels()
    {
        var traefik = new TraefikTestStack().File("compose.yml", """
            services:
              proxy:
                image: traefik:v3.1
                command: ["--providers.swarm", "--entrypoints.web.address=:80"]
              web:
                image: nginx:1.27
                labels:
                  traefik.http.routers.Web.rule: Host(`a.example.com`)
                  traefik.http.routers.Web.entrypoints: web,websecure
                  traefik.http.routers.Web.tls: "true"
                  com.example.team: platform
              api:
                image: example/api:1.0
                deploy:
                  labels:
                    - "traefik.http.routers.api.rule=PathPrefix(`/api`)"
                    - traefik.http.routers.api.middlewares=limit@file, auth
                    - traefik.http.routers.api.tls=false
                    - traefik.http.middlewares.auth.basicauth.users=u:p
            """).Traefik();
        Assert.That(traefik.LabelConfigs, Has.Count.EqualTo(2));
        var web = traefik.LabelConfigs[0].Routers.Single();
        Assert.That((web.Name, web.Protocol, web.UsesTls), Is.EqualTo(("Web", "http", true)));
        Assert.That(web.EntryPoints.Select(e => e.Value), Is.EqualTo(new[] { "web", "websecure" }));
        Assert.That((web.Rule!.Location.Line, web.Rule.Location.Column, web.Rule.ValueLocation.Column), Is.EqualTo((8, 7, 38)));
        var api = traefik.LabelConfigs[1].Routers.Single();
        Assert.That(api.UsesTls, Is.False, "tls=false");
        Assert.That(api.Middlewares.Select(m => m.Value), Is.EqualTo(new[] { "limit@file", "auth" }));
        Assert.That((api.Rule!.Location.Line, api.Rule.Location.Column, api.Rule.ValueLocation.Column), Is.EqualTo((16, 11, 42)));
        Assert.That(traefik.FindMiddleware(traefik.Instances[0], "auth@docker")!.Type, Is.EqualTo("basicauth"));
        Assert.That(traefik.RoutersOf(traefik.Instances[0]).Select(r => r.Name), Is.EqualTo(new[] { "Web", "api" }), "swarm provider reads labels");
    }

    [TestCase("traefik", true)]
    [TestCase("traefik:v3.1.4", true)]
    [TestCase("docker.io/library/traefik:v3.5.1", true)]
    [TestCase("ghcr.io/acme/traefik@sha256:abc", true)]
    [TestCase("localhost:5000/TRAEFIK:3", true)]
    [TestCase("traefik/whoami:v1.10", false)]
    [TestCase("traefik-forward-auth:2", false)]
    [TestCase("nginx:1.27", false)]
    public void Traefik_images(string image, bool expected) =>
        Assert.That(TraefikLinker.IsTraefikImage(image), Is.EqualTo(expected));

    [Test]
    public void Traefik_is_recognised_by_flags_env_or_mount_only_when_they_are_clearly_traefik()
    {
        var traefik = new TraefikTestStack().File("compose.yml", """
            services:
              by-flags:
                image: example/gateway:1
                command: ["--entrypoints.web.address=:80"]
              by-env:
                image: example/gateway:1
                environment: ["TRAEFIK_PROVIDERS_DOCKER=true"]
              by-mount:
                image: example/gateway:1
                volumes: ["./gw:/etc/traefik:ro"]
              other-program:
                image: example/app:1
                command: ["--api.insecure=true", "--log.level=debug"]
              traefik-domain-only:
                image: example/app:1
                environment: ["TRAEFIK_DOMAIN=example.com"]
            """).File("gw/readme.md", "").Traefik();
        Assert.That(traefik.Instances.Select(i => i.Name), Is.EqualTo(new[] { "by-flags", "by-env", "by-mount" }));
    }

    [Test]
    public void Shell_words_keep_offsets_and_quotes()
    {
        var words = ShellWords.Split("  a 'b c' \"d \\\" e\" f\\ g --x=1");
        Assert.That(words.Select(w => w.Text), Is.EqualTo(new[] { "a", "b c", "d \" e", "f g", "--x=1" }));
        Assert.That(words.Select(w => w.Offset), Is.EqualTo(new[] { 2, 4, 10, 19, 24 }));
        Assert.That(words.Select(w => w.IsVerbatim), Is.EqualTo(new[] { true, false, false, false, true }));
    }

    [TestCase("entryPoints.web.address", "entrypoints.web.address")]
    [TestCase("tls.certificates.0.certFile", "tls.certificates[0].certfile")]
    [TestCase("tls.certificates[0].certFile", "tls.certificates[0].certfile")]
    [TestCase("a..b.", "a.b")]
    public void Key_normalisation(string written, string normalized) =>
        Assert.That(TraefikKeys.Normalize(written), Is.EqualTo(normalized));

    [TestCase(":443", 443)]
    [TestCase("0.0.0.0:80", 80)]
    [TestCase("[::]:8443/tcp", 8443)]
    [TestCase(":443/udp", 443)]
    [TestCase(":${PORT}", null)]
    [TestCase("localhost", null)]
    public void Entrypoint_ports(string address, int? port) =>
        Assert.That(TraefikKeys.PortOf(address), Is.EqualTo(port));
}
