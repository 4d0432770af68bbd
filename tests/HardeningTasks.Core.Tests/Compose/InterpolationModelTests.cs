
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Tests.Compose;

/// <summary>Interpolation as the compose model applies it: values from .env and the build's variables, at the place written.</summary>
public class InterpolationModelTests
{
    [Test]
    public void Dotenv_beside_the_compose_file_feeds_interpolation()
    {
        var bed = new ComposeTestBed()
            .File("compose.yml", "services:\n  web:\n    image: \"nginx:${TAG}\"\n    environment:\n      MODE: ${MODE:-prod}\n")
            .File(".env", "TAG=1.25\n");
        var project = bed.Load("compose.yml")!;

        var image = (YScalar)project.Service("web", "image")!;
        Assert.That(image.Value, Is.EqualTo("nginx:1.25"));
        Assert.That(image.RawValue, Is.EqualTo("nginx:${TAG}"));
        Assert.That(image.IsFullyResolved, Is.True);
        bed.AssertAt(image, "compose.yml", "\"nginx:${TAG}\"");
        Assert.That(project.Service("web", "environment", "MODE").Text(), Is.EqualTo("prod"));
        bed.AssertAt(project.Service("web", "environment", "MODE"), "compose.yml", "${MODE:-prod}");
        Assert.That(bed.Diagnostics, Is.Empty);
    }

    [Test]
    public void Build_variables_win_over_dotenv_and_the_process_environment_is_not_used()
    {
        System.Environment.SetEnvironmentVariable("HT_PROCESS_ONLY", "from-process");
        try
        {
            var bed = new ComposeTestBed()
                .File("compose.yml", "services:\n  web:\n    image: nginx:${TAG}\n    command: echo ${HT_PROCESS_ONLY}\n")
                .File(".env", "TAG=1.25\n");
            bed.Variables["TAG"] = "1.27";
            var project = bed.Load("compose.yml")!;

            Assert.That(project.Service("web", "image").Text(), Is.EqualTo("nginx:1.27"));
            var command = (YScalar)project.Service("web", "command")!;
            Assert.That(command.Value, Is.EqualTo("echo "));
            Assert.That(command.UnresolvedVariables, Is.EqualTo(new[] { "HT_PROCESS_ONLY" }));
        }
        finally
        {
            System.Environment.SetEnvironmentVariable("HT_PROCESS_ONLY", null);
        }
    }

    [Test]
    public void Unset_variables_are_unresolved_not_errors()
    {
        var bed = new ComposeTestBed()
            .File("compose.yml", "services:\n  web:\n    image: nginx:${TAG}\n  db:\n    image: postgres:${PG:?set PG in .env}\n  cache:\n    image: redis:${REDIS:-7.2}\n");
        var project = bed.Load("compose.yml")!;

        var web = (YScalar)project.Service("web", "image")!;
        Assert.That((web.Value, web.IsFullyResolved), Is.EqualTo(("nginx:", false)));
        Assert.That(web.UnresolvedVariables, Is.EqualTo(new[] { "TAG" }));
        Assert.That(((YScalar)project.Service("db", "image")!).UnresolvedVariables, Is.EqualTo(new[] { "PG" }));
        Assert.That(((YScalar)project.Service("cache", "image")!).IsFullyResolved, Is.True);
        Assert.That(bed.Diagnostics, Is.Empty, bed.Describe());
    }

    [Test]
    public void Dotenv_values_built_from_unset_variables_stay_unresolved()
    {
        var bed = new ComposeTestBed()
            .File("compose.yml", "services:\n  web:\n    image: nginx:${TAG}\n")
            .File(".env", "TAG=${UPSTREAM_TAG}\n");
        var image = (YScalar)bed.Load("compose.yml")!.Service("web", "image")!;
        Assert.That(image.UnresolvedVariables, Is.EqualTo(new[] { "UPSTREAM_TAG" }));
    }

    [Test]
    public void Env_file_contents_are_container_environment_not_interpolation_input()
    {
        var bed = new ComposeTestBed()
            .File("compose.yml", "services:\n  web:\n    image: nginx:${TAG}\n    env_file: app.env\n")
            .File("app.env", "TAG=1.25\n");
        var image = (YScalar)bed.Load("compose.yml")!.Service("web", "image")!;
        Assert.That(image.UnresolvedVariables, Is.EqualTo(new[] { "TAG" }));
    }

    [Test]
    public void Unterminated_expression_is_HRD000_at_that_scalar()
    {
        var bed = new ComposeTestBed()
            .File("compose.yml", "services:\n  web:\n    image: nginx\n    command: echo ${BROKEN\n");
        Assert.That(bed.Load("compose.yml"), Is.Null);
        var finding = bed.Diagnostics.Single();
        Assert.That(finding.RuleId, Is.EqualTo("HRD000"));
        var (line, column) = bed.Position("compose.yml", "${BROKEN");
        Assert.That((finding.Location.FilePath, finding.Location.Line, finding.Location.Column), Is.EqualTo((ComposeTestBed.P("compose.yml"), line, column)));
        Assert.That(finding.Message, Does.Contain("${BROKEN"));
    }

    [Test]
    public void An_invalid_expression_inside_a_block_scalar_points_at_its_line_and_column()
    {
        var bed = new ComposeTestBed()
            .File("compose.yml", "services:\n  web:\n    image: nginx\n    command: |\n      echo ok\n      awk '/\\${[A-Z]+}/'\n    environment:\n      - \"A=${1}\"\n");
        Assert.That(bed.Load("compose.yml"), Is.Null);
        var positions = bed.Diagnostics.Select(d => (d.RuleId, d.Location.Line, d.Location.Column)).ToList();
        var (blockLine, blockColumn) = bed.Position("compose.yml", "${[A-Z]+}");
        var (quotedLine, quotedColumn) = bed.Position("compose.yml", "${1}");
        Assert.That(positions, Is.EqualTo(new[] { ("HRD000", blockLine, blockColumn), ("HRD000", quotedLine, quotedColumn) }));
    }

    [Test]
    public void Dollar_dollar_is_a_literal_dollar_and_keys_are_not_interpolated()
    {
        var bed = new ComposeTestBed()
            .File("compose.yml", "services:\n  web:\n    image: nginx\n    command: sh -c 'echo $$HOME'\n    labels:\n      ${KEY}: value\n");
        bed.Variables["KEY"] = "replaced";
        var project = bed.Load("compose.yml")!;
        var command = (YScalar)project.Service("web", "command")!;
        Assert.That((command.Value, command.RawValue), Is.EqualTo(("sh -c 'echo $HOME'", "sh -c 'echo $$HOME'")));
        Assert.That(((YMapping)project.Service("web", "labels")!).Entries.Single().Name, Is.EqualTo("${KEY}"));
    }

    [Test]
    public void Values_without_variables_are_the_nodes_as_loaded()
    {
        var bed = new ComposeTestBed().File("compose.yml", "services:\n  web:\n    image: nginx:1.25\n    read_only: true\n");
        var image = (YScalar)bed.Load("compose.yml")!.Service("web", "image")!;
        Assert.That(image.RawValue, Is.Null);
        Assert.That(image.IsPlain, Is.True);
    }

    [Test]
    public void An_interpolated_empty_value_is_a_string_not_null()
    {
        var bed = new ComposeTestBed().File("compose.yml", "services:\n  web:\n    image: ${IMAGE}\n");
        var image = (YScalar)bed.Load("compose.yml")!.Service("web", "image")!;
        Assert.That((image.Value, image.IsNull), Is.EqualTo(("", false)));
    }

    [Test]
    public void A_value_shared_through_an_anchor_is_interpolated_once_and_stays_where_the_anchor_is()
    {
        var bed = new ComposeTestBed()
            .File("compose.yml", "x-app: &app\n  image: app:${TAG:-latest}\n  restart: always\nservices:\n  api:\n    <<: *app\n  worker:\n    <<: *app\n    command: work\n");
        var project = bed.Load("compose.yml")!;
        var api = project.Service("api", "image");
        var worker = project.Service("worker", "image");
        Assert.That(api.Text(), Is.EqualTo("app:latest"));
        Assert.That(worker, Is.SameAs(api));
        bed.AssertAt(worker, "compose.yml", "app:${TAG:-latest}");
    }

    [Test]
    public void Dotenv_errors_are_HRD000_at_their_line_and_the_project_is_still_built()
    {
        var bed = new ComposeTestBed()
            .File("compose.yml", "services:\n  web:\n    image: nginx:${TAG}\n")
            .File(".env", "TAG=1.25\nPASSWORD=\"unterminated\n");
        var project = bed.Load("compose.yml");
        Assert.That(project!.Service("web", "image").Text(), Is.EqualTo("nginx:1.25"));
        var finding = bed.Diagnostics.Single();
        Assert.That((finding.RuleId, finding.Location.FilePath, finding.Location.Line), Is.EqualTo(("HRD000", ComposeTestBed.P(".env"), 2)));
    }
}
