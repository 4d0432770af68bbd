using HardeningTasks.Core.Incremental;

namespace HardeningTasks.Core.Tests.Incremental;

/// <summary>How many units a change re-analyses, on a small project whose coupling is known: three independent stacks
/// (one builds its Dockerfile), a standalone Dockerfile, and two compose files joined by Traefik through an external network.</summary>
public class IncrementalUnitTests
{
    private const string Root = "/repo";

    private static IncrementalBed Project()
    {
        var bed = new IncrementalBed(Root);
        bed.Write("/repo/app/compose.yaml", "services:\n  app:\n    build: .\n    ports:\n      - \"8080:8080\"\n");
        bed.Write("/repo/app/Dockerfile", "FROM node:20\nCOPY . .\nCMD [\"node\", \"app.js\"]\n");
        bed.Write("/repo/db/compose.yaml", "services:\n  db:\n    image: postgres:16\n    volumes:\n      - data:/var/lib/postgresql/data\nvolumes:\n  data: {}\n");
        bed.Write("/repo/cache/compose.yaml", "services:\n  cache:\n    image: redis:latest\n");
        bed.Write("/repo/tools/Dockerfile", "FROM alpine:3.20\nRUN apk add curl\n");
        bed.Write("/repo/edge/compose.yaml", "services:\n  traefik:\n    image: traefik:v3.1\n    command:\n      - --entrypoints.web.address=:80\n      - --providers.docker=true\n    ports:\n      - \"80:80\"\nnetworks:\n  default:\n    name: proxy\n");
        bed.Write("/repo/site/compose.yaml", "services:\n  site:\n    image: nginx:1.27\n    labels:\n      - traefik.http.routers.site.rule=Host(`example.com`)\nnetworks:\n  default:\n    name: proxy\n    external: true\n");
        return bed;
    }

    private static IncrementalOutcome Cold(IncrementalBed bed)
    {
        var cold = bed.CheckEquivalent("cold");
        // app (compose + the Dockerfile it builds), db, cache, tools, edge + site (Traefik)
        Assert.That(cold.UnitsTotal, Is.EqualTo(5));
        Assert.That(cold.State.Units.Single(u => u.Seeds.Any(s => s.Contains("/repo/edge/"))).Seeds, Has.Some.Contains("/repo/site/"));
        Assert.That(cold.State.Units.Single(u => u.Seeds.Any(s => s.Contains("/repo/app/compose.yaml"))).Seeds, Has.Some.Contains("/repo/app/Dockerfile"));
        return cold;
    }

    [Test]
    public void A_standalone_file_changed_re_analyses_one_unit()
    {
        var bed = Project();
        Cold(bed);
        bed.Write("/repo/tools/Dockerfile", "FROM alpine:3.20\nUSER root\nRUN curl -fsSL http://x/install.sh | sh\n");
        var outcome = bed.CheckEquivalent("tools/Dockerfile changed");
        Assert.That((outcome.UnitsAnalysed, outcome.UnitsReused, outcome.EngineRuns), Is.EqualTo((1, 4, 1)));
    }

    [Test]
    public void A_Dockerfile_behind_build_re_analyses_its_compose_unit()
    {
        var bed = Project();
        Cold(bed);
        bed.Write("/repo/app/Dockerfile", "FROM node:20\nCOPY . .\nUSER node\nHEALTHCHECK CMD curl -f http://localhost:8080/ || exit 1\nCMD [\"node\", \"app.js\"]\n");
        var outcome = bed.CheckEquivalent("app/Dockerfile changed");
        Assert.That((outcome.UnitsAnalysed, outcome.UnitsReused), Is.EqualTo((1, 4)));
    }

    [Test]
    public void A_touched_file_with_the_same_content_re_analyses_nothing()
    {
        var bed = Project();
        Cold(bed);
        bed.Write("/repo/app/Dockerfile", bed.Read("/repo/app/Dockerfile"));
        var outcome = bed.CheckEquivalent("rewritten unchanged");
        Assert.That((outcome.UnitsAnalysed, outcome.EngineRuns), Is.EqualTo((0, 0)));
    }

    [Test]
    public void An_editorconfig_change_changes_severities()
    {
        var bed = Project();
        var cold = Cold(bed);
        var before = cold.Result.Findings.Single(f => f.RuleId == "HRD001" && f.Location.FilePath == "/repo/cache/compose.yaml");
        bed.Write("/repo/cache/.editorconfig", "[*.yaml]\ndotnet_diagnostic.HRD001.severity = error\n");
        var outcome = bed.CheckEquivalent(".editorconfig escalates HRD001 in cache/");
        var after = outcome.Result.Findings.Single(f => f.RuleId == "HRD001" && f.Location.FilePath == "/repo/cache/compose.yaml");
        Assert.That((before.Severity, after.Severity), Is.EqualTo((Model.Severity.Warning, Model.Severity.Error)));
        // only the unit that looks up configuration in cache/ consulted that path
        Assert.That((outcome.UnitsAnalysed, outcome.UnitsReused), Is.EqualTo((1, 4)));
    }

    [Test]
    public void A_backup_service_of_another_stack_neither_silences_HRD080_nor_re_analyses_the_database_unit()
    {
        var bed = Project();
        var cold = Cold(bed);
        Assert.That(cold.Result.Findings.Count(f => f.RuleId == "HRD080"), Is.EqualTo(1));
        bed.Write("/repo/backup/compose.yaml", "services:\n  backup:\n    image: prodrigestivill/postgres-backup-local:16\n");
        var added = bed.CheckEquivalent("backup stack added");
        Assert.That(added.Result.Findings.Count(f => f.RuleId == "HRD080"), Is.EqualTo(1), "it backs up its own project, not db's");
        Assert.That((added.UnitsAnalysed, added.UnitsReused), Is.EqualTo((1, 5)));
    }

    [Test]
    public void A_backup_file_beside_the_compose_file_joins_its_project()
    {
        var bed = Project();
        Cold(bed);
        bed.Write("/repo/db/docker-compose.backup.yml", "services:\n  backup:\n    image: prodrigestivill/postgres-backup-local:16\n");
        var added = bed.CheckEquivalent("backup file added beside db");
        Assert.That(added.Result.Findings.Count(f => f.RuleId == "HRD080"), Is.Zero, "one directory, the compose naming convention: one Docker project");
        Assert.That(added.State.Units.Single(u => u.Seeds.Any(s => s.Contains("/repo/db/compose.yaml"))).Seeds, Has.Some.Contains("docker-compose.backup.yml"));
    }

    [Test]
    public void Labels_join_a_stack_to_the_Traefik_unit_only_through_a_shared_network()
    {
        var bed = Project();
        Cold(bed);
        bed.Write("/repo/cache/compose.yaml", "services:\n  cache:\n    image: redis:latest\n    labels:\n      - traefik.http.routers.cache.rule=Host(`cache.example.com`)\n");
        var alone = bed.CheckEquivalent("cache gets Traefik labels, on its own network");
        Assert.That(alone.UnitsTotal, Is.EqualTo(5));
        Assert.That(alone.State.Units.Single(u => u.Seeds.Any(s => s.Contains("/repo/edge/"))).Seeds, Has.None.Contains("/repo/cache/"));

        bed.Write("/repo/cache/compose.yaml", "services:\n  cache:\n    image: redis:latest\n    labels:\n      - traefik.http.routers.cache.rule=Host(`cache.example.com`)\n    networks: [proxy]\nnetworks:\n  proxy:\n    external: true\n");
        var joined = bed.CheckEquivalent("cache joins the network 'proxy'");
        Assert.That(joined.UnitsTotal, Is.EqualTo(4));
        Assert.That(joined.State.Units.Single(u => u.Seeds.Any(s => s.Contains("/repo/edge/"))).Seeds, Has.Some.Contains("/repo/cache/"));
    }

    [Test]
    public void Options_changed_re_analyse_everything()
    {
        var bed = Project();
        var cold = Cold(bed);
        var request = bed.Request();
        var other = new AnalysisRequest { ProjectDirectory = request.ProjectDirectory, Files = request.Files, FileSystem = request.FileSystem,
            Properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["HardeningTrustedRegistries"] = "ghcr.io" } };
        var outcome = IncrementalEngine.Analyze(other, cold.State);
        Assert.That((outcome.PreviousUsable, outcome.UnitsAnalysed, outcome.UnitsReused), Is.EqualTo((false, 5, 0)));
    }

    [Test]
    public void A_state_that_is_not_one_is_ignored() =>
        Assert.That((IncrementalState.Parse("garbage\n"), IncrementalState.Parse(IncrementalState.Header + "\nunit\nseed\tx\n")), Is.EqualTo(((IncrementalState?)null, (IncrementalState?)null)));
}
