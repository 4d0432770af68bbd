namespace HardeningTasks.IntegrationTests.Integration;

/// <summary>Packs the package and restores every consumer once for all the end-to-end tests.</summary>
[SetUpFixture]
public sealed class IntegrationSetup
{
    private static Workspace? workspace;

    public static Workspace Workspace => workspace ?? throw new InvalidOperationException("the integration workspace was not set up");

    public static Consumer Consumer(string name) => Workspace.Consumers[name];

    [OneTimeSetUp]
    public void SetUp() => workspace = Workspace.Create(Consumers.All);

    [OneTimeTearDown]
    public void TearDown()
    {
        if (workspace == null) return;
        if (Environment.GetEnvironmentVariable("HARDENING_KEEP_TEST_DIRS") == "1")
            TestContext.Progress.WriteLine("Kept " + workspace.Root);
        else
            try { Directory.Delete(workspace.Root, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The consumer projects of the end-to-end tests, one folder each so the tests can run in parallel.</summary>
public static class Consumers
{
    /// <summary>HRD001 at (3,12): the mutable tag.</summary>
    public const string LatestImage = "services:\n  web:\n    image: nginx:latest\n";

    /// <summary>HRD000 at (4,1): an unclosed flow sequence.</summary>
    public const string MalformedYaml = "services:\n  db:\n    image: [postgres\n";

    /// <summary>A baseline whose second entry is a string where an object belongs: HRD090 at (4,5).</summary>
    public const string MalformedBaseline = "{\n  \"version\": 1,\n  \"findings\": [\n    \"HRD001 docker-compose.yml web\"\n  ]\n}\n";

    /// <summary>Writes the SARIF log to artifacts/hardening.sarif.</summary>
    public const string SarifProperty = "<HardeningSarifFile>artifacts/hardening.sarif</HardeningSarifFile>";

    public const string Pinned = "services:\n  web:\n    image: nginx:1.27.3\n";

    private static Dictionary<string, string> Files(params (string Path, string Text)[] files) => files.ToDictionary(f => f.Path, f => f.Text);

    private static ConsumerSpec Latest(string name, ConsumerKind kind = ConsumerKind.NoTargets, string properties = "", string items = "") =>
        new(name, kind, properties, items, Files(("docker-compose.yml", LatestImage)));

    /// <summary>HRD022 at (2,3) (no no-new-privileges), switched on beside HRD001: a build that silences HRD001 must still
    /// show it, or the check did not run at all.</summary>
    public const string SecondRule = "[*]\ndotnet_diagnostic.HRD022.severity = warning\n";

    /// <summary>Like <see cref="Latest"/>, with <see cref="SecondRule"/> on: for the tests that silence HRD001.</summary>
    private static ConsumerSpec LatestAndAnother(string name, ConsumerKind kind = ConsumerKind.NoTargets, string properties = "") =>
        new(name, kind, properties, "", Files(("docker-compose.yml", LatestImage), (".editorconfig", SecondRule)));

    /// <summary>A Dockerfile written for hadolint, with its <c>.hadolint.yaml</c>: the comments suppress HRD001 (line 2)
    /// and HRD060 (line 10), <c>ignored:</c> hides HRD001 on line 5, <c>trustedRegistries:</c> admits line 3 and reports
    /// line 4 (HRD004). The compose file's HRD001 stays: hadolint's settings are about Dockerfiles.</summary>
    public static readonly (string Path, string Text)[] HadolintFiles =
    {
        ("Dockerfile",
            "# hadolint ignore=DL3006\n" +
            "FROM alpine AS base\n" +
            "FROM registry.corp.example/base/python:3.12.7 AS trusted\n" +
            "FROM quay.io/acme/tool:1.0.0 AS tool\n" +
            "FROM debian:latest\n" +
            "COPY --from=base /etc/alpine-release /etc/\n" +
            "COPY --from=trusted /usr/local/lib/python3.12 /opt/python\n" +
            "COPY --from=tool /tool /usr/local/bin/tool\n" +
            "# hadolint ignore=DL3002,DL3008 # the agent reads every file\n" +
            "USER root\n"),
        (".hadolint.yaml", "ignored:\n  - DL3007\n  - DL3059\ntrustedRegistries:\n  - docker.io\n  - \"*.corp.example\"\n"),
        (".editorconfig", "[*]\ndotnet_diagnostic.HRD004.severity = warning\ndotnet_diagnostic.HRD060.severity = warning\n"),
        ("docker-compose.yml", LatestImage),
    };

    /// <summary>The README's sample (samples/platform-stack) with HRD010 switched on beside HRD000/HRD001.</summary>
    private static Dictionary<string, string> SampleStack(string editorConfig = "[*]\ndotnet_diagnostic.HRD010.severity = warning\n")
    {
        var root = Path.Combine(TestPaths.RepositoryRoot, "samples", "platform-stack");
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) != ".proj" && !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar))
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllText);
        files[".editorconfig"] = editorConfig;
        return files;
    }

    public static IReadOnlyList<ConsumerSpec> All => new[]
    {
        Latest("notargets"),
        Latest("sdk", ConsumerKind.Sdk),
        Latest("multi", ConsumerKind.MultiTargeted),
        LatestAndAnother("multi-nowarn", ConsumerKind.MultiTargeted, "<NoWarn>$(NoWarn);HRD001</NoWarn>"),
        Latest("multi-twae", ConsumerKind.MultiTargeted, "<TreatWarningsAsErrors>true</TreatWarningsAsErrors>"),
        new ConsumerSpec("editorconfig", ConsumerKind.NoTargets, "", "",
            Files(("docker-compose.yml", LatestImage), (".editorconfig", "[*.yml]\ndotnet_diagnostic.HRD001.severity = error\n"))),
        new ConsumerSpec("editorconfig-suggestion", ConsumerKind.NoTargets, "", "",
            Files(("docker-compose.yml", LatestImage), (".editorconfig", "[*.yml]\ndotnet_diagnostic.HRD001.severity = suggestion\n"))),
        LatestAndAnother("nowarn", properties: "<NoWarn>$(NoWarn);HRD001</NoWarn>"),
        Latest("warningsaserrors", properties: "<WarningsAsErrors>HRD001</WarningsAsErrors>"),
        Latest("twae", properties: "<TreatWarningsAsErrors>true</TreatWarningsAsErrors>"),
        Latest("twae-sdk", ConsumerKind.Sdk, "<TreatWarningsAsErrors>true</TreatWarningsAsErrors>"),
        Latest("twae-notaserrors", properties: "<TreatWarningsAsErrors>true</TreatWarningsAsErrors><WarningsNotAsErrors>CS0618,hrd001</WarningsNotAsErrors>"),
        LatestAndAnother("twae-nowarn", properties: "<TreatWarningsAsErrors>true</TreatWarningsAsErrors><NoWarn>$(NoWarn);HRD001</NoWarn>"),
        Latest("twae-optout", properties: "<TreatWarningsAsErrors>true</TreatWarningsAsErrors><HardeningHonorTreatWarningsAsErrors>false</HardeningHonorTreatWarningsAsErrors>"),
        LatestAndAnother("cli"),
        new ConsumerSpec("hadolint", ConsumerKind.NoTargets, "<HardeningSarifFile>artifacts/hardening.sarif</HardeningSarifFile>", "", Files(HadolintFiles)),
        Latest("disabled", properties: "<HardeningEnabled>false</HardeningEnabled>"),
        Latest("designtime"),
        new ConsumerSpec("explicit", ConsumerKind.NoTargets, "<EnableDefaultHardeningItems>false</EnableDefaultHardeningItems>",
            "<HardeningComposeFile Include=\"stack/prod-stack.yml\" />",
            Files(("docker-compose.yml", LatestImage), ("stack/prod-stack.yml", "services:\n  cache:\n    image: redis:latest\n"))),
        Latest("msbuild-target"),
        new ConsumerSpec("sample", ConsumerKind.NoTargets, "", "", SampleStack()),
        // every rule at its default (a root .editorconfig of its own): the net472 task under Mono must match it line for line
        new ConsumerSpec("net472", ConsumerKind.NoTargets, "", "", SampleStack(editorConfig: "root = true\n")),
        Latest("sarif", properties: "<HardeningSarifFile>artifacts/hardening.sarif</HardeningSarifFile>"),
        Latest("recorded-inputs"),
        Latest("ci-build"),
        new ConsumerSpec("compose-project", ConsumerKind.NoTargets, "<HardeningVariables>REDIS_TAG=latest;UNUSED=1</HardeningVariables>",
            "<HardeningComposeProject Include=\"stack/compose.yaml\" Overlays=\"stack/prod.override.yml\" />",
            Files(("stack/compose.yaml", "services:\n  web:\n    image: nginx:1.27.3\n  cache:\n    image: \"redis:${REDIS_TAG:-7.4}\"\n"),
                  ("stack/prod.override.yml", "services:\n  web:\n    image: nginx:latest\n"))),
        new ConsumerSpec("malformed", ConsumerKind.NoTargets, "", "",
            Files(("docker-compose.yml", LatestImage), ("sub/compose.yaml", MalformedYaml))),
        new ConsumerSpec("changes", ConsumerKind.NoTargets, "", "",
            Files(("docker-compose.yml", LatestImage), ("app/compose.yaml", "services:\n  api:\n    image: ghcr.io/acme/api:latest\n"))),
        new ConsumerSpec("incremental", ConsumerKind.NoTargets, "", "", Files(
            ("a/compose.yaml", "services:\n  app:\n    build: .\n"),
            ("a/Dockerfile", "FROM node:20.11\nUSER node\nCMD [\"node\", \"app.js\"]\n"),
            ("b/compose.yaml", LatestImage),
            ("c/compose.yaml", "services:\n  cache:\n    image: redis:7.4\n"))),
        new ConsumerSpec("baseline", ConsumerKind.NoTargets, "", "",
            Files(("docker-compose.yml", "services:\n  web:\n    image: nginx:latest\n  cache:\n    image: redis:latest\n"))),
        new ConsumerSpec("baseline-malformed", ConsumerKind.NoTargets, "", "",
            Files(("docker-compose.yml", LatestImage), ("hardening-baseline.json", MalformedBaseline))),
        new ConsumerSpec("baseline-sarif", ConsumerKind.NoTargets,
            "<HardeningSarifFile>artifacts/hardening.sarif</HardeningSarifFile><HardeningBaselineFile>config/accepted.json</HardeningBaselineFile>", "",
            Files(("docker-compose.yml", "services:\n  web:\n    image: nginx:latest\n  proxy:\n    # hardening-ignore HRD001 the mirror retags it nightly\n    image: traefik:latest\n"))),
        // SARIF tells the build's truth: one consumer per knob, each writing its log
        Latest("sarif-nowarn", properties: SarifProperty + "<NoWarn>$(NoWarn);HRD001</NoWarn>"),
        new ConsumerSpec("sarif-editorconfig-none", ConsumerKind.NoTargets, SarifProperty, "",
            Files(("docker-compose.yml", LatestImage), (".editorconfig", "[*.yml]\ndotnet_diagnostic.HRD001.severity = none\n"))),
        Latest("sarif-warnaserror", properties: SarifProperty),
        Latest("sarif-twae", properties: SarifProperty + "<TreatWarningsAsErrors>true</TreatWarningsAsErrors>"),
        new ConsumerSpec("sarif-baseline-nowarn", ConsumerKind.NoTargets, SarifProperty + "<NoWarn>$(NoWarn);HRD001</NoWarn>", "",
            Files(("docker-compose.yml", "services:\n  web:\n    image: nginx:latest\n    privileged: true\n"),
                  (".editorconfig", "[*.yml]\ndotnet_diagnostic.HRD020.severity = warning\n"))),
        new ConsumerSpec("linked-stacks", ConsumerKind.NoTargets, "", "", LinkedStacks),
        new ConsumerSpec("default-items", ConsumerKind.NoTargets, "", "<HardeningDockerfile Remove=\"Dockerfile.removed\" />",
            Files(DefaultItemsTree.Select(p => (p, p.EndsWith("proj") ? "<Project />\n" : "# " + p + "\n")).ToArray())),
        // the native engine against the managed one: every rule at its default over the sample, a file that does not
        // parse, YAML that is not ours, a malformed setting, SARIF and the incremental units cache
        new ConsumerSpec("native-parity", ConsumerKind.NoTargets, SarifProperty + "<HardeningVariables>NOT_A_PAIR</HardeningVariables>", "",
            new Dictionary<string, string>(SampleStack(editorConfig: "root = true\n"))
            {
                ["broken/compose.yaml"] = MalformedYaml,
                ["k8s/deployment.yaml"] = CoverageTree.Single(f => f.Path == "k8s/deployment.yaml").Text,
            }),
        // a native engine that crashes: the managed engine checks instead
        Latest("native-broken", properties: "<HardeningNativeEngineDirectory>$(MSBuildProjectDirectory)/fake-native/</HardeningNativeEngineDirectory>"),
        new ConsumerSpec("coverage", ConsumerKind.NoTargets,
            "<NoWarn>$(NoWarn);HRD0O1</NoWarn><HardeningSarifFile>hardening.sarif</HardeningSarifFile>", "", Files(CoverageTree)),
    };

    /// <summary>
    /// A repository as real ones are (issue 11): its compose file named <c>stack.yml</c>, its values in a committed
    /// <c>.env.example</c>, beside YAML that is not ours (a Kubernetes manifest, an Ansible playbook), a compose-named
    /// fragment, a GitHub workflow with job services, and a nested project that checks its own files.
    /// </summary>
    public static readonly (string Path, string Text)[] CoverageTree =
    {
        ("stack.yml", "services:\n  web:\n    image: \"nginx:${NGINX_TAG}\"\n"),
        (".env.example", "# copy to .env\nNGINX_TAG=latest\n"),
        ("k8s/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:latest\n"),
        ("ansible/site.yml", "- hosts: docker\n  tasks:\n    - name: up\n      command: docker compose -f stack.yml up -d\n"),
        ("docker-compose.snippets.yml", "  healthcheck:\n    test: [\"CMD\", \"true\"]\n"),
        (".github/workflows/ci.yml", "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    services:\n      db:\n        image: postgres:latest\n"),
        ("tools/tools.proj", "<Project />\n"),
        ("tools/docker-compose.yml", "services:\n  tool:\n    image: alpine:latest\n"),
    };

    /// <summary>
    /// Three stacks in one repository, joined as Docker joins them: the app stack reaches the Traefik stack through the
    /// external network 'proxy' (which the Traefik stack creates under that name), so its resolver 'le' serves the app's
    /// routers; the third stack runs its own Traefik, whose resolver flags sit beside a mounted traefik.yml (the only source
    /// Traefik loads), and shares no network with the others. Only the Traefik resolver rules are on.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> LinkedStacks = Files(
        (".editorconfig", "root = true\n[*]\ndotnet_analyzer_diagnostic.severity = none\ndotnet_diagnostic.HRD010.severity = warning\n"
                          + "dotnet_diagnostic.HRD011.severity = warning\ndotnet_diagnostic.HRD015.severity = warning\n"),
        ("traefik/compose.yaml", "services:\n  traefik:\n    image: traefik:v3.5.1\n    command:\n      - --entrypoints.websecure.address=:443\n"
                                 + "      - --providers.docker=true\n      - --certificatesresolvers.le.acme.tlschallenge=true\n"
                                 + "      - --certificatesresolvers.le.acme.storage=/acme/acme.json\n    networks: [web]\nnetworks:\n  web:\n    name: proxy\n"),
        ("apps/compose.yaml", "services:\n  wiki:\n    image: ghcr.io/requarks/wiki:2.5\n    networks: [proxy]\n    labels:\n"
                              + "      - traefik.http.routers.wiki.tls.certresolver=le\n  grafana:\n    image: grafana/grafana:11.2.0\n    networks: [proxy]\n"
                              + "    labels:\n      - traefik.http.routers.grafana.tls.certresolver=letsencrypt\nnetworks:\n  proxy:\n    external: true\n"),
        ("other/compose.yaml", "services:\n  traefik:\n    image: traefik:v3.5.1\n    command:\n      - --certificatesresolvers.le.acme.tlschallenge=true\n"
                               + "    volumes:\n      - ./traefik.yml:/etc/traefik/traefik.yml:ro\n  shop:\n    image: ghcr.io/example/shop:3.1.0\n"
                               + "    labels:\n      - traefik.http.routers.shop.tls.certresolver=le\n"),
        ("other/traefik.yml", "entryPoints:\n  websecure:\n    address: \":443\"\nproviders:\n  docker: {}\n"));

    /// <summary>Files for the default-glob test; <see cref="DefaultItemsExpected"/> lists which item each should become.</summary>
    public static readonly string[] DefaultItemsTree =
    {
        "docker-compose.yml", "compose.yaml", "deploy/docker-compose.prod.yaml", "deploy/compose-dev.yml", ".devcontainer/docker-compose.yml",
        "Dockerfile", "Dockerfile.prod", "Dockerfile.removed", "api/web.Dockerfile", "api/worker.dockerfile",
        "traefik.yml", "edge/traefik-dynamic.toml", "edge/traefik.yaml",
        // not items:
        "Dockerfile.dockerignore", "Dockerfile.prod.dockerignore", "api/web.Dockerfile.dockerignore", ".dockerignore",
        "docker-compose.yml.bak", "compose.json", "traefik.json", "Dockerfiles/readme.md",
        "bin/docker-compose.yml", "obj/compose.yaml", "node_modules/pkg/Dockerfile", "deep/node_modules/compose.yml",
        "src/bin/Debug/Dockerfile", "tools/obj/traefik.yml", ".git/compose.yml", "vendor/.git/docker-compose.yml",
        ".github/workflows/compose.yml", ".github/docker-compose.yml", "node_modules/pkg/stack.yml",
        // a folder holding another project file belongs to that project, which checks its own files
        "nested/nested.csproj", "nested/docker-compose.yml", "nested/Dockerfile", "nested/deep/stack.yml", "nested/traefik.yml",
        // any other YAML: classified by content by the scan
        "mycompose.yml", "stack.yml", "deploy/prod.yml", "k8s/deployment.yaml", "edge/dynamic/routes.yml",
    };

    public static readonly (string Item, string Path)[] DefaultItemsExpected =
    {
        ("HardeningComposeFile", ".devcontainer/docker-compose.yml"), ("HardeningComposeFile", "compose.yaml"),
        ("HardeningComposeFile", "deploy/compose-dev.yml"), ("HardeningComposeFile", "deploy/docker-compose.prod.yaml"),
        ("HardeningComposeFile", "docker-compose.yml"),
        ("HardeningDockerfile", "Dockerfile"), ("HardeningDockerfile", "Dockerfile.prod"),
        ("HardeningDockerfile", "api/web.Dockerfile"), ("HardeningDockerfile", "api/worker.dockerfile"),
        ("HardeningTraefikConfig", "edge/traefik-dynamic.toml"), ("HardeningTraefikConfig", "edge/traefik.yaml"), ("HardeningTraefikConfig", "traefik.yml"),
        ("HardeningYamlFile", "deploy/prod.yml"), ("HardeningYamlFile", "edge/dynamic/routes.yml"), ("HardeningYamlFile", "k8s/deployment.yaml"),
        ("HardeningYamlFile", "mycompose.yml"), ("HardeningYamlFile", "stack.yml"),
    };
}
