using HardeningTasks.Core;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Tests.Compose;

/// <summary>Overlays merged per the compose-spec merge rules, each value keeping the file and span where it was written.</summary>
public class OverlayTests
{
    private const string Base = """
        services:
          web:
            image: nginx:1.25
            command: ["nginx", "-g", "daemon off;"]
            ports:
              - "8080:80"
              - "9090:90"
            volumes:
              - ./html:/usr/share/nginx/html:ro
              - logs:/var/log/nginx
            environment:
              MODE: prod
              DEBUG: "false"
            labels:
              - traefik.enable=true
            healthcheck:
              test: ["CMD", "curl", "-f", "http://localhost"]
              interval: 30s
            secrets:
              - db_password
            x-notes: base
          db:
            image: postgres:16
            environment:
              - POSTGRES_PASSWORD=base-secret
        volumes:
          logs: {}
        secrets:
          db_password:
            file: ./db_password.txt
        """;

    private const string Override = """
        services:
          web:
            image: nginx:1.27
            command: nginx-debug
            ports:
              - target: 80
                published: 8080
              - "7070:70"
            volumes:
              - ./dev-html:/usr/share/nginx/html
            environment:
              - DEBUG=true
              - EXTRA
            labels:
              traefik.http.routers.web.rule: Host(`localhost`)
            healthcheck:
              test: ["CMD", "wget", "-q", "localhost"]
            secrets:
              - source: db_password
                target: /run/secrets/db_password
            x-notes: override
          db:
            environment:
              POSTGRES_PASSWORD: dev-secret
          adminer:
            image: adminer:4
        """;

    private static (ComposeTestBed Bed, ComposeProject Project) Merged()
    {
        var bed = new ComposeTestBed().File("compose.yaml", Base).File("compose.override.yml", Override);
        var project = bed.Load("compose.yaml")!;
        Assert.That(bed.Diagnostics, Is.Empty, bed.Describe());
        return (bed, project);
    }

    [Test]
    public void Override_beside_the_base_is_merged_automatically()
    {
        var (bed, project) = Merged();
        Assert.That(project.Files, Is.EqualTo(new[] { ComposeTestBed.P("compose.yaml"), ComposeTestBed.P("compose.override.yml") }));
        Assert.That(project.Services.Select(s => s.Name), Is.EqualTo(new[] { "web", "db", "adminer" }));
        bed.AssertAt(project.Service("web")!.Key, "compose.yaml", "web:");
        bed.AssertAt(project.Service("adminer")!.Key, "compose.override.yml", "adminer:");
    }

    [Test]
    public void Scalars_are_replaced_and_point_at_the_overlay()
    {
        var (bed, project) = Merged();
        Assert.That(project.Service("web", "image").Text(), Is.EqualTo("nginx:1.27"));
        bed.AssertAt(project.Service("web", "image"), "compose.override.yml", "nginx:1.27");
        bed.AssertAt(project.Service("db", "image"), "compose.yaml", "postgres:16");
    }

    [Test]
    public void Command_and_healthcheck_test_are_replaced_while_the_rest_of_healthcheck_merges()
    {
        var (bed, project) = Merged();
        Assert.That(project.Service("web", "command").Text(), Is.EqualTo("nginx-debug"));
        Assert.That(project.Service("web", "healthcheck", "test").Texts(), Is.EqualTo(new[] { "CMD", "wget", "-q", "localhost" }));
        bed.AssertAt(project.Service("web", "healthcheck", "test"), "compose.override.yml", "[\"CMD\", \"wget\"");
        bed.AssertAt(project.Service("web", "healthcheck", "interval"), "compose.yaml", "30s");
    }

    [Test]
    public void Ports_append_and_deduplicate_across_short_and_long_syntax()
    {
        var (bed, project) = Merged();
        var ports = (YSequence)project.Service("web", "ports")!;
        Assert.That(ports.Items, Has.Count.EqualTo(3));
        Assert.That(ports.Items[0], Is.InstanceOf<YMapping>(), "the overlay's 8080 replaces the base's in its place");
        bed.AssertAt(ports.Items[0], "compose.override.yml", "target: 80");
        bed.AssertAt(ports.Items[1], "compose.yaml", "\"9090:90\"");
        bed.AssertAt(ports.Items[2], "compose.override.yml", "\"7070:70\"");
    }

    [Test]
    public void Volumes_deduplicate_by_target_path()
    {
        var (bed, project) = Merged();
        var volumes = project.Service("web", "volumes");
        Assert.That(volumes.Texts(), Is.EqualTo(new[] { "./dev-html:/usr/share/nginx/html", "logs:/var/log/nginx" }));
        bed.AssertAt(volumes.At(0), "compose.override.yml", "./dev-html");
        bed.AssertAt(volumes.At(1), "compose.yaml", "logs:/var/log/nginx");
    }

    [Test]
    public void Secrets_deduplicate_by_mount_path()
    {
        var (bed, project) = Merged();
        var secrets = (YSequence)project.Service("web", "secrets")!;
        Assert.That(secrets.Items.Single(), Is.InstanceOf<YMapping>());
        bed.AssertAt(secrets.Items.Single().At("source"), "compose.override.yml", "db_password\n", 1);
    }

    [Test]
    public void Environment_merges_by_name_across_mapping_and_list_forms()
    {
        var (bed, project) = Merged();
        var environment = (YMapping)project.Service("web", "environment")!;
        Assert.That(environment.Entries.Select(e => e.Name), Is.EqualTo(new[] { "MODE", "DEBUG", "EXTRA" }));
        Assert.That(environment["DEBUG"].Text(), Is.EqualTo("true"));
        Assert.That(((YScalar)environment["EXTRA"]!).IsNull, Is.True, "a bare name takes its value from the shell");
        bed.AssertAt(environment["MODE"], "compose.yaml", "prod");
        // The list item "- DEBUG=true" is split: key and value each point at their own column.
        bed.AssertAt(environment.Entry("DEBUG")!.Key, "compose.override.yml", "DEBUG=true");
        bed.AssertAt(environment["DEBUG"], "compose.override.yml", "true\n");

        var db = (YMapping)project.Service("db", "environment")!;
        Assert.That(db["POSTGRES_PASSWORD"].Text(), Is.EqualTo("dev-secret"));
        bed.AssertAt(db["POSTGRES_PASSWORD"], "compose.override.yml", "dev-secret");
    }

    [Test]
    public void Labels_merge_by_name_across_forms()
    {
        var (bed, project) = Merged();
        var labels = (YMapping)project.Service("web", "labels")!;
        Assert.That(labels.Entries.Select(e => e.Name), Is.EqualTo(new[] { "traefik.enable", "traefik.http.routers.web.rule" }));
        bed.AssertAt(labels["traefik.enable"], "compose.yaml", "true\n");
    }

    [Test]
    public void Extension_fields_are_replaced_not_merged()
    {
        var (bed, project) = Merged();
        bed.AssertAt(project.Service("web", "x-notes"), "compose.override.yml", "override");
    }

    [Test]
    public void Lists_of_the_same_form_stay_lists_and_deduplicate_by_name()
    {
        var bed = new ComposeTestBed()
            .File("compose.yaml", "services:\n  app:\n    image: a\n    environment:\n      - A=1\n      - B=2\n    cap_add: [NET_ADMIN]\n    dns: 1.1.1.1\n")
            .File("compose.override.yaml", "services:\n  app:\n    environment:\n      - A=3\n    cap_add: [NET_ADMIN, SYS_TIME]\n    dns: [8.8.8.8, 1.1.1.1]\n");
        var project = bed.Load("compose.yaml")!;
        Assert.That(project.Service("app", "environment").Texts(), Is.EqualTo(new[] { "A=3", "B=2" }));
        bed.AssertAt(project.Service("app", "environment", 0), "compose.override.yaml", "A=3");
        Assert.That(project.Service("app", "cap_add").Texts(), Is.EqualTo(new[] { "NET_ADMIN", "SYS_TIME" }));
        // dns: 1.1.1.1 is a list of one; the overlay's 1.1.1.1 takes the place of the base's.
        Assert.That(project.Service("app", "dns").Texts(), Is.EqualTo(new[] { "1.1.1.1", "8.8.8.8" }));
        bed.AssertAt(project.Service("app", "dns", 0), "compose.override.yaml", "1.1.1.1");
    }

    [Test]
    public void Reset_removes_and_override_replaces()
    {
        var bed = new ComposeTestBed()
            .File("compose.yml", "services:\n  app:\n    image: a\n    ports: [\"80:80\"]\n    environment:\n      KEEP: 1\n      SECRET: s3cr3t\n    labels:\n      a: 1\n      b: 2\n    build: ./app\n")
            .File("compose.override.yml", "services:\n  app:\n    ports: !reset []\n    environment:\n      SECRET: !reset null\n    labels: !override\n      c: 3\n    build: !reset null\n    cap_drop: !reset [ALL]\n");
        var project = bed.Load("compose.yml")!;
        var app = project.Service("app")!.Node;
        Assert.That(app.ContainsKey("ports"), Is.False);
        Assert.That(app.ContainsKey("build"), Is.False);
        Assert.That(app.ContainsKey("cap_drop"), Is.False, "a reset with nothing under it leaves nothing");
        Assert.That(((YMapping)app["environment"]!).Entries.Select(e => e.Name), Is.EqualTo(new[] { "KEEP" }));
        Assert.That(((YMapping)app["labels"]!).Entries.Select(e => e.Name), Is.EqualTo(new[] { "c" }));
        bed.AssertAt(app.At("labels", "c"), "compose.override.yml", "3\n");
    }

    [Test]
    public void A_reset_in_a_single_file_is_dropped()
    {
        var bed = new ComposeTestBed().File("compose.yml", "services:\n  app:\n    image: a\n    ports: !reset []\n");
        Assert.That(bed.Load("compose.yml")!.Service("app")!.Node.ContainsKey("ports"), Is.False);
    }

    [Test]
    public void Build_short_form_merges_as_context()
    {
        var bed = new ComposeTestBed()
            .File("compose.yml", "services:\n  app:\n    build: ./app\n")
            .File("compose.override.yml", "services:\n  app:\n    build:\n      target: dev\n");
        var build = project(bed).Service("app", "build");
        Assert.That((build.At("context").Text(), build.At("target").Text()), Is.EqualTo(("./app", "dev")));
        bed.AssertAt(build.At("context"), "compose.yml", "./app");
        static ComposeProject project(ComposeTestBed b) => b.Load("compose.yml")!;
    }

    [Test]
    public void Depends_on_and_networks_merge_by_name_across_forms()
    {
        var bed = new ComposeTestBed()
            .File("compose.yml", "services:\n  app:\n    image: a\n    depends_on: [db]\n    networks: [front]\n")
            .File("compose.override.yml", "services:\n  app:\n    depends_on:\n      cache:\n        condition: service_healthy\n    networks:\n      back:\n        aliases: [api]\n");
        var project = bed.Load("compose.yml")!;
        Assert.That(((YMapping)project.Service("app", "depends_on")!).Entries.Select(e => e.Name), Is.EqualTo(new[] { "db", "cache" }));
        bed.AssertAt(((YMapping)project.Service("app", "depends_on")!).Entry("db")!.Key, "compose.yml", "db]");
        Assert.That(((YMapping)project.Service("app", "networks")!).Entries.Select(e => e.Name), Is.EqualTo(new[] { "front", "back" }));
    }

    [Test]
    public void Logging_options_merge_only_for_the_same_driver()
    {
        var bed = new ComposeTestBed()
            .File("compose.yml", "services:\n  a:\n    image: a\n    logging:\n      driver: json-file\n      options: {max-size: 10m}\n  b:\n    image: b\n    logging:\n      driver: json-file\n      options: {max-size: 10m}\n")
            .File("compose.override.yml", "services:\n  a:\n    logging:\n      driver: json-file\n      options: {max-file: '3'}\n  b:\n    logging:\n      driver: syslog\n");
        var project = bed.Load("compose.yml")!;
        Assert.That(((YMapping)project.Service("a", "logging", "options")!).Entries.Select(e => e.Name), Is.EqualTo(new[] { "max-size", "max-file" }));
        Assert.That(project.Service("b", "logging", "options"), Is.Null);
    }

    [Test]
    public void A_null_overlay_value_keeps_the_base_list()
    {
        var bed = new ComposeTestBed()
            .File("compose.yml", "services:\n  a:\n    image: a\n    ports: [\"80:80\"]\n")
            .File("compose.override.yml", "services:\n  a:\n    ports:\n");
        Assert.That(bed.Load("compose.yml")!.Service("a", "ports").Texts(), Is.EqualTo(new[] { "80:80" }));
    }

    [Test]
    public void Overlays_are_interpolated_with_the_project_dotenv()
    {
        var bed = new ComposeTestBed()
            .File("compose.yml", "services:\n  a:\n    image: a:1\n")
            .File("docker-compose.override.yml", "services:\n  a:\n    image: a:${TAG}\n")
            .File(".env", "TAG=2\n");
        var project = bed.Load("compose.yml")!;
        Assert.That(project.Service("a", "image").Text(), Is.EqualTo("a:2"));
        bed.AssertAt(project.Service("a", "image"), "docker-compose.override.yml", "a:${TAG}");
    }

    [Test]
    public void The_override_goes_onto_the_file_compose_picks_and_is_not_a_project_of_its_own()
    {
        var bed = new ComposeTestBed()
            .File("compose.yaml", "services:\n  a:\n    image: a:1\n")
            .File("docker-compose.yml", "services:\n  b:\n    image: b:1\n")
            .File("docker-compose.override.yml", "services:\n  a:\n    image: a:2\n")
            .File("compose.prod.yml", "services:\n  c:\n    image: c:1\n");
        var projects = bed.LoadStack("compose.yaml", "docker-compose.yml", "docker-compose.override.yml", "compose.prod.yml");
        Assert.That(projects.Select(p => Path.GetFileName(p.Path)), Is.EqualTo(new[] { "compose.yaml", "docker-compose.yml", "compose.prod.yml" }));
        Assert.That(projects[0].Service("a", "image").Text(), Is.EqualTo("a:2"));
        Assert.That(projects[1].Files, Has.Count.EqualTo(1));
    }

    [Test]
    public void An_override_with_no_base_beside_it_is_a_project_of_its_own()
    {
        var bed = new ComposeTestBed().File("extras/docker-compose.override.yml", "services:\n  a:\n    image: a:2\n");
        var projects = bed.LoadStack("extras/docker-compose.override.yml");
        Assert.That(projects.Single().Path, Is.EqualTo(ComposeTestBed.P("extras/docker-compose.override.yml")));
    }

    [Test]
    public void An_override_that_is_not_an_input_is_still_merged_onto_its_base()
    {
        var bed = new ComposeTestBed()
            .File("compose.yml", "services:\n  a:\n    image: a:1\n")
            .File("compose.override.yaml", "services:\n  a:\n    image: a:2\n");
        var project = bed.LoadStack("compose.yml").Single();
        Assert.That(project.Service("a", "image").Text(), Is.EqualTo("a:2"));
    }

    [Test]
    public void Explicit_projects_merge_overlays_in_order_and_their_files_are_not_loaded_twice()
    {
        var bed = new ComposeTestBed()
            .File("compose.yaml", "services:\n  a:\n    image: a:1\n")
            .File("overrides/compose.one.yaml", "services:\n  a:\n    image: a:2\n    read_only: true\n")
            .File("overrides/compose.two.yaml", "services:\n  a:\n    image: a:3\n    build: ./app\n");
        var spec = new ComposeProjectSpec(ComposeTestBed.P("compose.yaml"), new[] { ComposeTestBed.P("overrides/compose.one.yaml"), ComposeTestBed.P("overrides/compose.two.yaml") });
        var stack = HardeningTasks.Core.Parsing.StackLoader.Load(
            bed.Request(new[] { "compose.yaml", "overrides/compose.one.yaml", "overrides/compose.two.yaml" }, spec), bed.FileSystem, bed.Diagnostics);
        var project = stack.OfType<ComposeProject>().Single();
        Assert.That(project.Files, Is.EqualTo(new[] { spec.MainFile, spec.Overlays[0], spec.Overlays[1] }));
        Assert.That(project.Service("a", "image").Text(), Is.EqualTo("a:3"));
        bed.AssertAt(project.Service("a", "read_only"), "overrides/compose.one.yaml", "true");
        // Compose resolves an overlay's relative paths against the project directory, not the overlay's own.
        Assert.That(project.ResolvePath(project.Service("a", "build")!, "./app"), Is.EqualTo(ComposeTestBed.P("app")));
    }

    [Test]
    public void The_dotenv_and_the_override_names_probed_are_inputs_of_the_analysis()
    {
        var bed = new ComposeTestBed().File("compose.yaml", "services:\n  a:\n    image: a:1\n");
        var result = Engine.Analyze(new AnalysisRequest
        {
            ProjectDirectory = ComposeTestBed.Root,
            FileSystem = bed.FileSystem,
            Files = new[] { new InputFile(ComposeTestBed.P("compose.yaml"), InputKind.Compose) },
        });
        Assert.That(result.Inputs, Is.SupersetOf(new[] { ComposeTestBed.P(".env"), ComposeTestBed.P("compose.override.yml"), ComposeTestBed.P("docker-compose.override.yaml") }),
            "creating either later must make the next build check again");
    }

    [Test]
    public void An_explicit_project_whose_main_file_is_not_an_input_is_loaded()
    {
        var bed = new ComposeTestBed().File("deploy/stack.yml", "services:\n  a:\n    image: a:1\n");
        var spec = new ComposeProjectSpec(ComposeTestBed.P("deploy/stack.yml"), Array.Empty<string>());
        var stack = HardeningTasks.Core.Parsing.StackLoader.Load(bed.Request(null, spec), bed.FileSystem, bed.Diagnostics);
        Assert.That(stack.OfType<ComposeProject>().Single().Path, Is.EqualTo(spec.MainFile));
    }

    [Test]
    public void A_missing_overlay_is_HRD090_at_the_main_file_naming_the_overlay()
    {
        var bed = new ComposeTestBed().File("compose.yaml", "services:\n  a:\n    image: a:1\n");
        var project = bed.Load(new ComposeProjectSpec(ComposeTestBed.P("compose.yaml"), new[] { ComposeTestBed.P("compose.missing.yaml") }));
        Assert.That(project!.Service("a", "image").Text(), Is.EqualTo("a:1"));
        var finding = bed.Diagnostics.Single();
        Assert.That((finding.RuleId, finding.Location.FilePath, finding.Location.Line, finding.Location.Column), Is.EqualTo(("HRD090", ComposeTestBed.P("compose.yaml"), 1, 1)));
        Assert.That(finding.Message, Does.Contain("compose.missing.yaml"));
    }

    [Test]
    public void A_broken_overlay_is_reported_once_even_when_it_is_also_an_input()
    {
        var bed = new ComposeTestBed()
            .File("compose.yaml", "services:\n  a:\n    image: a:1\n")
            .File("compose.override.yaml", "services:\n  a:\n    image: [unclosed\n");
        var result = Engine.Analyze(new AnalysisRequest
        {
            ProjectDirectory = ComposeTestBed.Root,
            FileSystem = bed.FileSystem,
            Files = new[] { new InputFile(ComposeTestBed.P("compose.yaml"), InputKind.Compose), new InputFile(ComposeTestBed.P("compose.override.yaml"), InputKind.Compose) },
        });
        var hrd000 = result.Findings.Where(f => f.RuleId == "HRD000").ToList();
        Assert.That(hrd000.Select(f => f.Location.FilePath), Is.EqualTo(new[] { ComposeTestBed.P("compose.override.yaml") }));
    }
}
