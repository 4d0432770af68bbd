
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Tests.Compose;

public class ExtendsTests
{
    [Test]
    public void Extends_in_the_same_file_inherits_and_points_where_the_base_value_is_written()
    {
        var bed = new ComposeTestBed().File("compose.yml", """
            services:
              base:
                image: app:1.0
                ports: ["8080:80"]
                environment:
                  MODE: prod
              web:
                extends: base
                ports: ["9090:90"]
                environment:
                  - MODE=dev
            """);
        var project = bed.Load("compose.yml")!;
        var web = project.Service("web")!;
        Assert.That(web.Node.ContainsKey("extends"), Is.False);
        bed.AssertAt(web.Key, "compose.yml", "web:");
        bed.AssertAt(web.Node, "compose.yml", "extends: base");
        Assert.That(web.Image!.Value, Is.EqualTo("app:1.0"));
        bed.AssertAt(web.Image, "compose.yml", "app:1.0");
        Assert.That(web.Node.At("ports").Texts(), Is.EqualTo(new[] { "8080:80", "9090:90" }));
        Assert.That(web.Node.At("environment", "MODE").Text(), Is.EqualTo("dev"));
        bed.AssertAt(web.Node.At("environment", "MODE"), "compose.yml", "dev");
        // The base service itself is unchanged.
        Assert.That(project.Service("base", "ports").Texts(), Is.EqualTo(new[] { "8080:80" }));
    }

    [Test]
    public void Extends_from_another_file_recursively_with_its_paths_relative_to_that_file()
    {
        var bed = new ComposeTestBed()
            .File("compose.yml", "services:\n  web:\n    extends:\n      file: common/services.yml\n      service: app\n    command: serve\n")
            .File("common/services.yml", "services:\n  root:\n    image: app:${TAG}\n    read_only: true\n  app:\n    extends: root\n    build: ./src\n")
            .File(".env", "TAG=2.0\n");
        var project = bed.Load("compose.yml")!;
        var web = project.Service("web")!;
        Assert.That(web.Image!.Value, Is.EqualTo("app:2.0"), "the extended file is interpolated with the project's variables");
        bed.AssertAt(web.Image, "common/services.yml", "app:${TAG}");
        bed.AssertAt(web.Node.At("read_only"), "common/services.yml", "true");
        bed.AssertAt(web.Node.At("command"), "compose.yml", "serve");
        Assert.That(project.Files, Is.EqualTo(new[] { ComposeTestBed.P("compose.yml"), ComposeTestBed.P("common/services.yml") }));
        Assert.That(project.ResolvePath(web.Node.At("build")!, "./src"), Is.EqualTo(ComposeTestBed.P("common/src")));
        Assert.That(project.ResolvePath(web.Node.At("command")!, "./src"), Is.EqualTo(ComposeTestBed.P("src")));
        Assert.That(bed.Diagnostics, Is.Empty, bed.Describe());
    }

    [Test]
    public void An_extends_cycle_is_HRD090_at_the_extends_key()
    {
        var bed = new ComposeTestBed().File("compose.yml", "services:\n  a:\n    image: a\n    extends: b\n  b:\n    extends: a\n    read_only: true\n");
        var project = bed.Load("compose.yml")!;
        var finding = bed.Diagnostics.Single();
        Assert.That(finding.RuleId, Is.EqualTo("HRD090"));
        var (line, column) = bed.Position("compose.yml", "extends: b");
        Assert.That((finding.Location.Line, finding.Location.Column), Is.EqualTo((line, column)));
        Assert.That(finding.Message, Does.Contain("compose.yml:a → compose.yml:b → compose.yml:a"));
        Assert.That(project.Services.Select(s => s.Name), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void A_service_extending_itself_is_a_cycle()
    {
        var bed = new ComposeTestBed().File("compose.yml", "services:\n  a:\n    image: a\n    extends: a\n");
        Assert.That(bed.Load("compose.yml")!.Service("a")!.Image!.Value, Is.EqualTo("a"));
        Assert.That(bed.Diagnostics.Single().RuleId, Is.EqualTo("HRD090"));
    }

    [Test]
    public void A_missing_base_service_or_file_is_HRD090()
    {
        var bed = new ComposeTestBed().File("compose.yml", "services:\n  a:\n    image: a\n    extends: nope\n  b:\n    image: b\n    extends:\n      file: missing.yml\n      service: x\n");
        var project = bed.Load("compose.yml")!;
        Assert.That(project.Services, Has.Count.EqualTo(2));
        Assert.That(bed.Diagnostics.Select(d => (d.RuleId, d.Location.Line)), Is.EquivalentTo(new[] { ("HRD090", 4), ("HRD090", 8) }));
    }
}

public class IncludeTests
{
    [Test]
    public void Include_adds_the_services_of_another_project_interpolated_with_its_own_dotenv()
    {
        var bed = new ComposeTestBed()
            .File("compose.yml", "include:\n  - db/compose.yaml\nservices:\n  web:\n    image: web:${WEB_TAG}\n    depends_on: [db]\n")
            .File(".env", "WEB_TAG=1\nSHARED=from-parent\n")
            .File("db/compose.yaml", "services:\n  db:\n    image: postgres:${PG_TAG}\n    environment:\n      WHO: ${SHARED}\n    build: ./image\nvolumes:\n  data: {}\n")
            .File("db/.env", "PG_TAG=16\nSHARED=from-include\n");
        var project = bed.Load("compose.yml")!;
        Assert.That(project.Services.Select(s => s.Name), Is.EqualTo(new[] { "web", "db" }));
        var db = project.Service("db")!;
        Assert.That(db.Image!.Value, Is.EqualTo("postgres:16"));
        bed.AssertAt(db.Image, "db/compose.yaml", "postgres:${PG_TAG}");
        bed.AssertAt(db.Key, "db/compose.yaml", "db:");
        Assert.That(db.Node.At("environment", "WHO").Text(), Is.EqualTo("from-parent"), "the including project's variables win");
        Assert.That(project.ResolvePath(db.Node.At("build")!, "./image"), Is.EqualTo(ComposeTestBed.P("db/image")));
        Assert.That(project.TopLevel("volumes").Select(e => e.Name), Is.EqualTo(new[] { "data" }));
        Assert.That(project.Root.ContainsKey("include"), Is.False);
        Assert.That(project.Files, Is.EqualTo(new[] { ComposeTestBed.P("compose.yml"), ComposeTestBed.P("db/compose.yaml") }));
        Assert.That(bed.Diagnostics, Is.Empty, bed.Describe());
    }

    [Test]
    public void Long_form_include_with_project_directory_env_file_and_several_paths()
    {
        var bed = new ComposeTestBed()
            .File("compose.yml", "include:\n  - path: [stack/base.yml, stack/dev.yml]\n    project_directory: stack/root\n    env_file: config/stack.env\n")
            .File("config/stack.env", "TAG=3\n")
            .File("stack/base.yml", "services:\n  api:\n    image: api:${TAG}\n    build: ./src\n")
            .File("stack/dev.yml", "services:\n  api:\n    read_only: true\n");
        var project = bed.Load("compose.yml")!;
        var api = project.Service("api")!;
        Assert.That(api.Image!.Value, Is.EqualTo("api:3"));
        bed.AssertAt(api.Node.At("read_only"), "stack/dev.yml", "true");
        Assert.That(project.ResolvePath(api.Node.At("build")!, "./src"), Is.EqualTo(ComposeTestBed.P("stack/root/src")));
        Assert.That(bed.Diagnostics, Is.Empty, bed.Describe());
    }

    [Test]
    public void An_include_cycle_is_HRD090()
    {
        var bed = new ComposeTestBed()
            .File("compose.yml", "include: [a/compose.yml]\nservices:\n  web:\n    image: web\n")
            .File("a/compose.yml", "include: [../compose.yml]\nservices:\n  a:\n    image: a\n");
        var project = bed.Load("compose.yml")!;
        Assert.That(project.Services.Select(s => s.Name), Is.EqualTo(new[] { "web", "a" }));
        var finding = bed.Diagnostics.Single();
        Assert.That((finding.RuleId, finding.Location.FilePath, finding.Location.Line), Is.EqualTo(("HRD090", ComposeTestBed.P("a/compose.yml"), 1)));
        Assert.That(finding.Message, Does.Contain("cycle"));
    }

    [Test]
    public void A_conflicting_or_missing_include_is_HRD090_and_the_including_definition_is_kept()
    {
        var bed = new ComposeTestBed()
            .File("compose.yml", "include:\n  - other.yml\n  - missing.yml\nservices:\n  web:\n    image: web:1\n")
            .File("other.yml", "services:\n  web:\n    image: web:2\n");
        var project = bed.Load("compose.yml")!;
        bed.AssertAt(project.Service("web", "image"), "compose.yml", "web:1");
        Assert.That(bed.Diagnostics.Select(d => (d.RuleId, d.Location.Line)), Is.EquivalentTo(new[] { ("HRD090", 3), ("HRD090", 5) }));
    }

    [Test]
    public void The_same_file_included_twice_is_not_a_conflict()
    {
        var bed = new ComposeTestBed()
            .File("compose.yml", "include: [a.yml, b.yml]\n")
            .File("a.yml", "include: [shared.yml]\nservices:\n  a:\n    image: a\n")
            .File("b.yml", "include: [shared.yml]\nservices:\n  b:\n    image: b\n")
            .File("shared.yml", "services:\n  shared:\n    image: s\n");
        var project = bed.Load("compose.yml")!;
        Assert.That(project.Services.Select(s => s.Name), Is.EquivalentTo(new[] { "a", "b", "shared" }));
        Assert.That(bed.Diagnostics, Is.Empty, bed.Describe());
    }
}

public class AnchorTests
{
    [Test]
    public void Merge_keys_anchors_and_overrides_keep_where_each_value_was_written()
    {
        var bed = new ComposeTestBed().File("compose.yml", """
            x-base: &base
              restart: always
              image: base:1
            x-logging: &logging
              logging:
                driver: json-file
              image: logging:1
            services:
              one:
                <<: *base
                image: one:1
              two:
                <<: [*logging, *base]
              three:
                <<: *base
                restart: "no"
            """);
        var project = bed.Load("compose.yml")!;
        Assert.That(project.Services.Select(s => s.Name), Is.EqualTo(new[] { "one", "two", "three" }), "x- extension fields are not services");
        bed.AssertAt(project.Service("one", "image"), "compose.yml", "one:1");
        bed.AssertAt(project.Service("one", "restart"), "compose.yml", "always");
        Assert.That(project.Service("two", "image").Text(), Is.EqualTo("logging:1"), "the first mapping listed wins");
        bed.AssertAt(project.Service("two", "image"), "compose.yml", "logging:1");
        bed.AssertAt(project.Service("two", "restart"), "compose.yml", "always");
        bed.AssertAt(project.Service("two", "logging", "driver"), "compose.yml", "json-file");
        bed.AssertAt(project.Service("three", "restart"), "compose.yml", "\"no\"");
    }

    [Test]
    public void Extension_fields_under_services_are_not_services()
    {
        var bed = new ComposeTestBed().File("compose.yml", "services:\n  x-defaults: &d\n    image: d\n  web:\n    <<: *d\n");
        var project = bed.Load("compose.yml")!;
        Assert.That(project.Services.Select(s => s.Name), Is.EqualTo(new[] { "web" }));
        bed.AssertAt(project.Service("web", "image"), "compose.yml", "d\n  web");
    }
}
