using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Tests.Compose;

/// <summary>The model's notions the rules share: one-shot services, fragments, Swarm stacks.</summary>
public class ServiceLifecycleTests
{
    private static ComposeProject Load(string text, string file = "compose.yaml")
    {
        var bed = new ComposeTestBed().File(file, text);
        var project = bed.Load(file)!;
        Assert.That(bed.Diagnostics, Is.Empty, string.Join("\n", bed.Diagnostics));
        return project;
    }

    [TestCase("restart: \"no\"\n    command: [\"alembic\", \"upgrade\", \"head\"]", true, TestName = "restart no with a command")]
    [TestCase("restart: \"no\"", false, TestName = "restart no without a command or a job name")]
    [TestCase("restart: on-failure\n    command: nginx-entrypoint.sh", false, TestName = "on-failure with a command alone is a server")]
    [TestCase("restart: always\n    command: [\"migrate\"]", false, TestName = "always restarted")]
    [TestCase("profiles: [tools]", true, TestName = "only in a tools profile")]
    [TestCase("profiles: [debug, tests]", true, TestName = "only in debug and test profiles")]
    [TestCase("profiles: [tools, prod]", false, TestName = "also in a prod profile")]
    public void One_shot_by_restart_and_profiles(string settings, bool oneShot)
    {
        var project = Load($"services:\n  svc:\n    image: ghcr.io/acme/app:1.0.0\n    {settings}\n");
        Assert.That(project.Service("svc")!.IsOneShot, Is.EqualTo(oneShot));
    }

    [Test]
    public void One_shot_by_name_awaited_and_sut()
    {
        var project = Load("""
            services:
              db-migrate:
                image: ghcr.io/acme/api:1.0.0
                restart: on-failure
              seed:
                image: ghcr.io/acme/api:1.0.0
                command: ["seed"]
              api:
                image: ghcr.io/acme/api:1.0.0
                depends_on:
                  seed:
                    condition: service_completed_successfully
              sut:
                image: ghcr.io/acme/tests:1.0.0
              worker:
                image: ghcr.io/acme/worker:1.0.0
                command: ["celery", "worker"]
              task-runners:
                image: n8nio/runners:2.10.2
              it-tools:
                image: corentinth/it-tools:2024.10.22-7ca5933
              temporal:
                image: temporalio/auto-setup:1.20.0
              test-runner:
                image: mcr.microsoft.com/playwright:v1.56.1
                command: npx playwright test
            """);
        Assert.That(project.Services.Select(s => (s.Name, s.IsOneShot)),
            Is.EqualTo(new[] { ("db-migrate", true), ("seed", true), ("api", false), ("sut", true), ("worker", false),
                ("task-runners", false), ("it-tools", false), ("temporal", false), ("test-runner", true) }));
    }

    [Test]
    public void A_fragment_has_neither_image_nor_build_and_an_overlay_merged_onto_its_base_is_none()
    {
        var bed = new ComposeTestBed()
            .File("compose.yaml", "services:\n  web:\n    image: nginx:1.27.2\n")
            .File("compose.override.yaml", "services:\n  web:\n    ports: [\"80:80\"]\n")
            .File("overrides/https.yaml", "services:\n  web:\n    labels: [a=b]\n");
        var merged = bed.Load("compose.yaml")!;
        var alone = bed.Load("overrides/https.yaml")!;
        Assert.That((merged.Service("web")!.IsFragment, alone.Service("web")!.IsFragment), Is.EqualTo((false, true)));
    }

    [TestCase("stack.yml", true)]
    [TestCase("docker-stack.yml", true)]
    [TestCase("traefik_stack.yaml", true)]
    [TestCase("bookstack.yaml", false)]
    [TestCase("compose.yaml", false)]
    public void Swarm_stacks_by_name(string file, bool swarm) =>
        Assert.That(Load("services:\n  web:\n    image: nginx:1.27.2\n", file).IsSwarmStack, Is.EqualTo(swarm));
}
