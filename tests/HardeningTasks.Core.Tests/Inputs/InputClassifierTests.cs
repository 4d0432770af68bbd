using HardeningTasks.Core.IO;

namespace HardeningTasks.Core.Tests.Inputs;

/// <summary>
/// Classification by content, on files shaped like the real ones each kind comes from: what the package checks among a
/// repository's YAML files, and what it leaves alone (and says so).
/// </summary>
public class InputClassifierTests
{
    private const string Root = "/repo";

    /// <summary>A Kubernetes Deployment and Service: <c>services</c> appears, but nested (and it has apiVersion/kind).</summary>
    private const string KubernetesManifest = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels:
            app: web
        spec:
          replicas: 2
          template:
            spec:
              containers:
                - name: web
                  image: nginx:latest
                  env:
                    - name: services
                      value: "db,cache"
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          ports:
            - port: 80
        """;

    /// <summary>A GitHub Actions workflow whose job has <c>services:</c> (Postgres for the tests): not top level.</summary>
    private const string GitHubWorkflow = """
        name: ci
        on:
          push:
            branches: [main]
        jobs:
          test:
            runs-on: ubuntu-latest
            services:
              postgres:
                image: postgres:16
                ports:
                  - 5432:5432
            steps:
              - uses: actions/checkout@v4
        """;

    /// <summary>An Ansible playbook that deploys a compose stack: a list at the top.</summary>
    private const string AnsiblePlaybook = """
        - name: Deploy the stack
          hosts: docker
          become: true
          tasks:
            - name: services are up
              community.docker.docker_compose_v2:
                project_src: /opt/stack
                services:
                  - web
        """;

    /// <summary>GitLab CI: a top-level <c>services:</c>, but a list of images, not a mapping of services.</summary>
    private const string GitLabCi = """
        image: docker:27
        services:
          - docker:27-dind
        stages: [build]
        build:
          stage: build
          script:
            - docker build -t app .
        """;

    /// <summary>A compose file named traefik.yml (the proxy's own stack), as real repositories name them.</summary>
    private const string TraefikNamedCompose = """
        services:
          traefik:
            image: traefik:v3.1
            command:
              - --api.insecure=true
            ports:
              - "80:80"
              - "443:443"
        networks:
          proxy:
            external: true
        """;

    /// <summary>A Swarm stack file.</summary>
    private const string SwarmStack = """
        version: "3.8"
        services:
          web:
            image: nginx:1.27
            deploy:
              replicas: 3
              placement:
                constraints: [node.role == worker]
        """;

    /// <summary>An overlay for production (docker compose -f docker-compose.yml -f deploy/prod.yml).</summary>
    private const string ProductionOverlay = """
        services:
          web:
            restart: always
            environment:
              - LOG_LEVEL=warn
        """;

    /// <summary>Traefik's static configuration (the corpus's ChristianLempa__boilerplates/docker-compose/traefik/config/traefik.yaml).</summary>
    private static readonly string TraefikStatic = File.Exists(Path.Combine(TestPaths.CorpusRoot, "ChristianLempa__boilerplates/docker-compose/traefik/config/traefik.yaml"))
        ? File.ReadAllText(Path.Combine(TestPaths.CorpusRoot, "ChristianLempa__boilerplates/docker-compose/traefik/config/traefik.yaml"))
        : "global:\n  checkNewVersion: false\nentryPoints:\n  web:\n    address: :80\nproviders:\n  docker:\n    exposedByDefault: false\n";

    /// <summary>A Traefik dynamic configuration for the file provider.</summary>
    private const string TraefikDynamic = """
        http:
          routers:
            nas:
              rule: Host(`nas.example.com`)
              service: nas
              tls:
                certResolver: letsencrypt
          services:
            nas:
              loadBalancer:
                servers:
                  - url: http://192.168.1.10:5000
        tls:
          options:
            default:
              minVersion: VersionTLS12
        """;

    /// <summary>An application's settings that happen to have a top-level key Traefik also has (api) beside its own.</summary>
    private const string AppSettings = """
        api:
          port: 8080
        database:
          url: postgres://db/app
        """;

    /// <summary>Snippets kept in a compose-named file for copy and paste: indented, no services: at the top.</summary>
    private const string ComposeSnippets = """
          healthcheck:
            test: ["CMD", "curl", "-f", "http://localhost"]
            interval: 30s
        """;

    public static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData Case(string path, string text, InputKind? kind, SkipReason? skip, string name) =>
            new TestCaseData(path, text, kind, skip).SetName(name);
        yield return Case("k8s/deployment.yaml", KubernetesManifest, null, SkipReason.NotOurs, "Kubernetes manifest with services nested: not ours");
        yield return Case("ci/workflow.yml", GitHubWorkflow, null, SkipReason.NotOurs, "GitHub workflow with services under a job: not ours");
        yield return Case("ansible/site.yml", AnsiblePlaybook, null, SkipReason.NotOurs, "Ansible playbook: not ours");
        yield return Case(".gitlab-ci.yml", GitLabCi, null, SkipReason.NotOurs, "GitLab CI with a top-level services list: not ours");
        yield return Case("config/settings.yaml", AppSettings, null, SkipReason.NotOurs, "Application settings with an api key: not ours");
        yield return Case("traefik/traefik.yml", TraefikNamedCompose, InputKind.Compose, null, "traefik.yml holding services: compose");
        yield return Case("docker-stack.yml", SwarmStack, InputKind.Compose, null, "docker-stack.yml: compose");
        yield return Case("stack.yml", SwarmStack, InputKind.Compose, null, "stack.yml: compose");
        yield return Case("deploy/prod.yml", ProductionOverlay, InputKind.Compose, null, "deploy/prod.yml overlay: compose");
        yield return Case("edge/static.yml", TraefikStatic, InputKind.TraefikConfig, null, "Traefik static keys named otherwise: Traefik");
        yield return Case("edge/dynamic/nas.yml", TraefikDynamic, InputKind.TraefikConfig, null, "Traefik dynamic sections named otherwise: Traefik");
        yield return Case("traefik.yml", TraefikStatic, InputKind.TraefikConfig, null, "traefik.yml with static keys: Traefik");
        yield return Case("docker-compose.snippets.yml", ComposeSnippets, null, SkipReason.Fragment, "Compose-named snippets: a fragment, not an error");
        yield return Case("docker-compose.k8s.yml", KubernetesManifest, null, SkipReason.Fragment, "Compose-named without compose keys: a fragment");
        yield return Case("compose.networks.yml", "networks:\n  proxy:\n    external: true\n", InputKind.Compose, null, "Compose-named with compose keys only: compose");
        yield return Case("compose.yaml", "- a\n- list\n", InputKind.Compose, null, "A name Compose loads itself: compose whatever it holds");
        yield return Case("traefik-dynamic.yml", "# all commented out\n# http:\n#   routers: {}\n", InputKind.TraefikConfig, null, "Traefik-named, empty: still Traefik");
        yield return Case("examples/middleware.yaml", "# http:\n#   middlewares: {}\n", null, SkipReason.Empty, "An example left commented out: empty");
        yield return Case("include-only.yaml", "include:\n  - app/compose.yaml\n", null, SkipReason.NotOurs, "Named otherwise with include only: not ours (services: decides)");
    }

    [TestCaseSource(nameof(Cases))]
    public void Classifies_by_content(string relative, string text, InputKind? kind, SkipReason? skip)
    {
        var path = Root + "/" + relative;
        var request = InputClassifier.Classify(path) is { } named
            ? new AnalysisRequest { ProjectDirectory = Root, Files = new[] { new InputFile(path, named) } }
            : new AnalysisRequest { ProjectDirectory = Root, Candidates = new[] { path } };
        var selection = InputClassifier.Select(request, new InMemoryFileSystem().Add(path, text));
        Assert.That(selection.Files.Select(f => (InputKind?)f.Kind).SingleOrDefault(), Is.EqualTo(kind));
        Assert.That(selection.Skipped.Select(s => (SkipReason?)s.Reason).SingleOrDefault(), Is.EqualTo(skip));
    }

    [Test]
    public void The_build_excludes_the_folders_the_command_line_skips()
    {
        var props = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "build", "HardeningTasks.props"));
        var excludes = System.Text.RegularExpressions.Regex.Match(props, "<_HardeningDefaultExcludes>(.*?)</_HardeningDefaultExcludes>").Groups[1].Value;
        var folders = excludes.Split(';').Where(e => e.StartsWith("**/", StringComparison.Ordinal)).Select(e => e.Substring(3, e.Length - 6)).ToList();
        Assert.That(folders, Is.EquivalentTo(InputClassifier.ExcludedDirectories), "build/HardeningTasks.props and InputClassifier.ExcludedDirectories name the same folders");
    }

    [Test]
    public void A_file_over_the_size_limit_is_skipped_or_given_to_its_loader_when_named()
    {
        var fs = new InMemoryFileSystem().Add("/repo/big.yml", "services:\n" + new string('#', 2048) + "\n").Add("/repo/docker-compose.yml", "services:\n" + new string('#', 2048) + "\n");
        var selection = InputClassifier.Select(new AnalysisRequest
        {
            ProjectDirectory = Root,
            Files = new[] { new InputFile("/repo/docker-compose.yml", InputKind.Compose) },
            Candidates = new[] { "/repo/big.yml" },
            MaxFileBytes = 1024,
        }, fs);
        Assert.That(selection.Files.Select(f => f.Path), Is.EqualTo(new[] { "/repo/docker-compose.yml" }), "named: its loader says HRD000");
        Assert.That(selection.Skipped, Is.EqualTo(new[] { new SkippedInput("/repo/big.yml", SkipReason.TooLarge), new SkippedInput("/repo/docker-compose.yml", SkipReason.TooLarge) }));
    }

    [Test]
    public void A_binary_candidate_is_skipped_as_unreadable_and_a_file_given_twice_is_judged_once()
    {
        var fs = new InMemoryFileSystem().Add("/repo/blob.yaml", new byte[] { 0x73, 0, 0xFF }).Add("/repo/docker-compose.yml", "services: {}\n");
        var selection = InputClassifier.Select(new AnalysisRequest
        {
            ProjectDirectory = Root,
            Files = new[] { new InputFile("/repo/docker-compose.yml", InputKind.Compose) },
            Candidates = new[] { "/repo/blob.yaml", "/repo/docker-compose.yml" },
        }, fs);
        Assert.That(selection.Files, Is.EqualTo(new[] { new InputFile("/repo/docker-compose.yml", InputKind.Compose) }));
        Assert.That(selection.Skipped, Is.EqualTo(new[] { new SkippedInput("/repo/blob.yaml", SkipReason.Unreadable) }));
    }

    [Test]
    public void Dockerfiles_and_toml_keep_their_kind_unread()
    {
        var fs = new InMemoryFileSystem();
        var selection = InputClassifier.Select(new AnalysisRequest
        {
            ProjectDirectory = Root,
            Files = new[] { new InputFile("/repo/Dockerfile", InputKind.Dockerfile), new InputFile("/repo/traefik.toml", InputKind.TraefikConfig) },
        }, fs);
        Assert.That(selection.Files.Select(f => f.Kind), Is.EqualTo(new[] { InputKind.Dockerfile, InputKind.TraefikConfig }), "neither exists: only YAML is read to classify");
    }

    [Test]
    public void The_engine_checks_what_the_content_says_and_the_summary_says_what_was_skipped()
    {
        var fs = new InMemoryFileSystem()
            .Add("/repo/traefik.yml", TraefikNamedCompose)
            .Add("/repo/stack.yml", "services:\n  cache:\n    image: redis:latest\n")
            .Add("/repo/k8s/deployment.yaml", KubernetesManifest)
            .Add("/repo/docker-compose.snippets.yml", ComposeSnippets)
            .Add("/repo/.editorconfig", "root = true\n[*]\ndotnet_analyzer_diagnostic.severity = none\ndotnet_diagnostic.HRD001.severity = warning\ndotnet_diagnostic.HRD013.severity = warning\n");
        var result = Engine.Analyze(new AnalysisRequest
        {
            ProjectDirectory = Root,
            FileSystem = fs,
            Files = new[] { new InputFile("/repo/traefik.yml", InputKind.TraefikConfig), new InputFile("/repo/docker-compose.snippets.yml", InputKind.Compose) },
            Candidates = new[] { "/repo/stack.yml", "/repo/k8s/deployment.yaml" },
        });
        Assert.That(result.Findings.Select(f => $"{Path.GetFileName(f.Location.FilePath)}({f.Location.Line}): {f.RuleId}"),
            Is.EqualTo(new[] { "stack.yml(3): HRD001", "traefik.yml(5): HRD013" }), "the compose file named traefik.yml is read as compose: its --api.insecure is HRD013");
        Assert.That(result.Summary.Describe(), Is.EqualTo("checked 2 compose files (2 projects); skipped 2 YAML files (1 not compose or Traefik, 1 compose fragment without services)"));
        Assert.That(result.Summary.DescribeSkipped(Root), Is.EqualTo(new[]
        {
            "skipped docker-compose.snippets.yml: compose fragment without services",
            "skipped k8s/deployment.yaml: not compose or Traefik",
        }));
        Assert.That(result.Inputs, Does.Contain("/repo/k8s/deployment.yaml"), "a file read to classify it is an input of the next build's up-to-date check");
    }
}
