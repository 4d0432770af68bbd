using HardeningTasks.Core.IO;
using HardeningTasks.Core.Parsing.Compose;

namespace HardeningTasks.Core.Tests.Compose;

/// <summary>
/// Variables as Compose would have them: a project's <c>.env</c>, else its committed example; and a variable nothing sets,
/// written in a path, expanded over the files that exist, each match checked as its own variant of the project.
/// </summary>
public class PathVariableTests
{
    private static ComposeTestBed PerHost(int hosts = 2)
    {
        var bed = new ComposeTestBed()
            .File("compose.yml", "include:\n  - compose/${HOSTNAME}/app.yml\nservices:\n  backup:\n    image: restic/restic:0.17.3\n    env_file: env/${HOSTNAME}.env\n")
            .File("env/host0.env", "A=1\n");
        for (var i = 0; i < hosts; i++)
            bed.File($"compose/host{i}/app.yml", $"services:\n  db{i}:\n    image: postgres:16.{i}\n");
        return bed;
    }

    [Test]
    public void An_unset_variable_in_an_include_checks_every_match_as_a_variant()
    {
        var bed = PerHost();
        var variants = bed.LoadVariants("compose.yml");
        Assert.That(variants.Select(v => string.Join(",", v.Services.Select(s => s.Name))), Is.EqualTo(new[] { "backup,db0", "backup,db1" }));
        Assert.That(variants.Select(v => v.Variant["HOSTNAME"]), Is.EqualTo(new[] { "host0", "host1" }));
        Assert.That(variants.Select(v => v.Files.Last()), Is.EqualTo(new[] { ComposeTestBed.P("compose/host0/app.yml"), ComposeTestBed.P("compose/host1/app.yml") }));
        Assert.That(variants.All(v => v.UnsetVariables.SequenceEqual(new[] { "HOSTNAME" })), "the summary still says HOSTNAME is unset");

        // one HRD090 for the file and the variable (the env_file line uses it too), at its first use
        var finding = bed.Diagnostics.Single();
        Assert.That((finding.RuleId, finding.Location.FilePath, finding.Location.Line, finding.Location.Column), Is.EqualTo(("HRD090", ComposeTestBed.P("compose.yml"), 2, 5)), bed.Describe());
        Assert.That(finding.Message, Does.Contain("'HOSTNAME'").And.Contain("compose/*/app.yml").And.Contain("HOSTNAME = host0, host1")
            .And.Contain("HardeningVariables").And.Contain("--var HOSTNAME="));
    }

    [Test]
    public void The_build_variable_wins_and_nothing_is_expanded()
    {
        var bed = PerHost();
        bed.Variables["HOSTNAME"] = "host1";
        var variants = bed.LoadVariants("compose.yml");
        Assert.That(variants.Single().Services.Select(s => s.Name), Is.EqualTo(new[] { "backup", "db1" }));
        Assert.That(variants.Single().Variant, Is.Empty);
        Assert.That(bed.Diagnostics, Is.Empty, bed.Describe());
    }

    [Test]
    public void A_variable_that_matches_nothing_is_one_HRD090_and_the_project_is_checked_without_it()
    {
        var bed = new ComposeTestBed().File("compose.yml", "include:\n  - stacks/${STACK}.yml\n  - other/${STACK}/x.yml\nservices:\n  web:\n    image: nginx:1.27.3\n");
        var project = bed.LoadVariants("compose.yml").Single();
        Assert.That(project.Services.Select(s => s.Name), Is.EqualTo(new[] { "web" }));
        var finding = bed.Diagnostics.Single();
        Assert.That((finding.RuleId, finding.Location.Line), Is.EqualTo(("HRD090", 2)));
        Assert.That(finding.Message, Does.Contain("Nothing in the repository matches 'stacks/*.yml'"));
    }

    [Test]
    public void Variants_are_capped_and_the_cap_is_said()
    {
        var bed = PerHost(ComposeLoader.MaxVariants + 8);
        var variants = bed.LoadVariants("compose.yml");
        Assert.That(variants, Has.Count.EqualTo(ComposeLoader.MaxVariants));
        var cap = bed.Diagnostics.Single(d => d.Message.Contains("combinations"));
        Assert.That(cap.Message, Does.Contain($"{ComposeLoader.MaxVariants + 8} combinations").And.Contain($"checked {ComposeLoader.MaxVariants} of them"));
        Assert.That(bed.Diagnostics, Has.Count.EqualTo(2), "the cap, and the one HRD090 for HOSTNAME: " + bed.Describe());
    }

    [Test]
    public void Extends_file_build_context_and_bind_sources_expand_too_but_only_files_the_analysis_reads_are_HRD090()
    {
        var bed = new ComposeTestBed()
            .File("compose.yml",
                "services:\n  api:\n    extends:\n      file: base/${PROFILE}.yml\n      service: api\n    build: ./src/${PROFILE}\n" +
                "  proxy:\n    image: traefik:v3.1\n    volumes:\n      - ./config/${PROFILE}/traefik.yml:/etc/traefik/traefik.yml:ro\n      - ${DATA_DIR}/acme:/acme\n")
            .File("base/prod.yml", "services:\n  api:\n    image: api:1.0.0\n    read_only: true\n")
            .File("src/prod/Dockerfile", "FROM alpine:3.20\n")
            .File("config/prod/traefik.yml", "entryPoints: {}\n");
        var project = bed.LoadVariants("compose.yml").Single();
        Assert.That(project.Variant, Is.EqualTo(new Dictionary<string, string> { ["PROFILE"] = "prod" }));
        var api = project.Service("api")!;
        Assert.That(api.Node["read_only"], Is.Not.Null, "the extended service was found through the variant");
        Assert.That(project.UnsetVariables, Is.EqualTo(new[] { "DATA_DIR", "PROFILE" }));
        var finding = bed.Diagnostics.Single();
        Assert.That(finding.Location.Line, Is.EqualTo(4), "one HRD090 for PROFILE in this file, at its first use; DATA_DIR is a host path in a bind mount, not a file the analysis reads: " + bed.Describe());
        Assert.That(finding.Message, Does.Contain("'PROFILE'"));
    }

    [Test]
    public void A_project_without_dotenv_reads_its_committed_example_first_found_and_dotenv_wins()
    {
        var bed = new ComposeTestBed()
            .File("compose.yml", "services:\n  web:\n    image: nginx:${TAG}\n")
            .File(".env.sample", "TAG=from-sample\n")
            .File("example.env", "TAG=from-example-env\n");
        Assert.That(bed.Load("compose.yml")!.Service("web")!.Image!.Value, Is.EqualTo("nginx:from-sample"), ".env.example, .env.sample, .env.dist, .env.template, example.env: the first found");
        bed.File(".env.example", "TAG=from-example\n");
        Assert.That(bed.Load("compose.yml")!.Service("web")!.Image!.Value, Is.EqualTo("nginx:from-example"));
        bed.File(".env", "TAG=from-dotenv\n");
        Assert.That(bed.Load("compose.yml")!.Service("web")!.Image!.Value, Is.EqualTo("nginx:from-dotenv"));
        bed.Variables["TAG"] = "from-build";
        Assert.That(bed.Load("compose.yml")!.Service("web")!.Image!.Value, Is.EqualTo("nginx:from-build"), "HardeningVariables / --var win");
        Assert.That(bed.Diagnostics, Is.Empty, bed.Describe());
    }

    [Test]
    public void A_broken_example_is_no_error_of_the_stack_a_latin1_comment_is_read_and_a_bad_line_is_HRD090()
    {
        var bed = new ComposeTestBed().File("compose.yml", "services:\n  web:\n    image: nginx:${TAG}\n    environment:\n      B: ${B}\n");
        bed.FileSystem.Add(ComposeTestBed.P(".env.example"), System.Text.Encoding.Latin1.GetBytes("# Stack \u00a1 variables\nTAG=1.27.3\n"));
        Assert.That(bed.Load("compose.yml")!.Service("web")!.Image!.Value, Is.EqualTo("nginx:1.27.3"), "Compose reads bytes: a Latin-1 comment changes nothing");
        Assert.That(bed.Diagnostics, Is.Empty, bed.Describe());

        bed.File(".env.example", "TAG=1.27.3\nB=\"unterminated\n");
        var project = bed.Load("compose.yml")!;
        Assert.That(project.Service("web")!.Image!.Value, Is.EqualTo("nginx:1.27.3"), "the lines before the bad one are kept");
        var finding = bed.Diagnostics.Single();
        Assert.That((finding.RuleId, finding.Location.FilePath, finding.Location.Line), Is.EqualTo(("HRD090", ComposeTestBed.P(".env.example"), 2)), bed.Describe());
        Assert.That(finding.Message, Does.StartWith("The .env example '.env.example' (read because the project commits no .env) has a line Docker Compose would refuse"));
    }

    [Test]
    public void An_included_project_reads_the_example_of_its_own_directory()
    {
        var bed = new ComposeTestBed()
            .File("compose.yml", "include:\n  - app/api.yml\n")
            .File("app/api.yml", "services:\n  api:\n    image: ghcr.io/acme/api:${API_TAG}\n")
            .File("app/.env.dist", "API_TAG=2.1.0\n");
        var project = bed.Load("compose.yml")!;
        Assert.That(project.Service("api")!.Image!.Value, Is.EqualTo("ghcr.io/acme/api:2.1.0"));
        Assert.That(project.UnsetVariables, Is.Empty);
    }

    [Test]
    public void The_engine_checks_each_variant_and_reports_each_finding_once()
    {
        var bed = PerHost(3);
        bed.File("compose/host1/app.yml", "services:\n  db1:\n    image: postgres:latest\n");
        var result = Engine.Analyze(new AnalysisRequest
        {
            ProjectDirectory = ComposeTestBed.Root,
            FileSystem = bed.FileSystem,
            Files = new[] { new InputFile(ComposeTestBed.P("compose.yml"), InputKind.Compose) },
        });
        Assert.That(result.Findings.Where(f => f.RuleId is "HRD001" or "HRD090").Select(f => $"{f.Location.FilePath}({f.Location.Line}): {f.RuleId}"), Is.EqualTo(new[]
        {
            ComposeTestBed.P("compose.yml") + "(2): HRD090",
            ComposeTestBed.P("compose/host1/app.yml") + "(3): HRD001",
        }), "the included host files are not inputs: only the variants reach them");
        Assert.That(result.Summary.Describe(), Is.EqualTo("checked 4 compose files (1 project, 3 variants for unset path variables); 1 variable unset (HOSTNAME)"));
    }

    [TestCase("stacks/\u0001A\u0002-\u0001B\u0002.yml", PathTarget.File, "A=x,B=y-z;A=x,B=y", TestName = "Two variables in one segment: the first takes the shortest value")]
    [TestCase("\u0001A\u0002/\u0001A\u0002.yml", PathTarget.File, "A=one", TestName = "One variable twice must match the same text")]
    [TestCase("stacks/\u0001A\u0002", PathTarget.Directory, "A=nested", TestName = "A directory target lists directories only")]
    [TestCase("stacks/../one/\u0001A\u0002.yml", PathTarget.File, "A=one", TestName = "Dot-dot segments")]
    [TestCase("~/\u0001A\u0002.yml", PathTarget.File, "", TestName = "The home directory is not in the repository")]
    [TestCase("\u0001A\u0002/x.yml", PathTarget.File, "", TestName = "Hidden directories are not matched by a leading variable")]
    public void Patterns_match_existing_paths(string pattern, PathTarget target, string expected)
    {
        var fs = new InMemoryFileSystem()
            .Add("/r/stacks/x-y.yml", "").Add("/r/stacks/x-y-z.yml", "").Add("/r/stacks/nested/f", "")
            .Add("/r/one/one.yml", "").Add("/r/two/one.yml", "").Add("/r/.hidden/x.yml", "");
        var matches = PathVariables.Match(fs, "/r", pattern, target, 10);
        Assert.That(string.Join(";", matches.Select(m => string.Join(",", m.OrderBy(p => p.Key).Select(p => p.Key + "=" + p.Value)))), Is.EqualTo(expected));
    }
}
