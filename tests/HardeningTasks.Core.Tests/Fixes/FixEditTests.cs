using HardeningTasks.Core.Checking;
using HardeningTasks.Core.Fixes;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Tests.Fixes;

/// <summary>What each fix writes, exactly, on the shapes users write: the text after <see cref="FixRunner"/> (which also
/// proves each fix by a re-check) or after one code fix of the editor.</summary>
[TestFixture]
public sealed class FixEditTests
{
    private const string Root = "/fx";

    private static string Only(params string[] rules) =>
        "root = true\n[*]\ndotnet_analyzer_diagnostic.severity = none\n" + string.Concat(rules.Select(r => $"dotnet_diagnostic.{r}.severity = warning\n"));

    /// <summary>The files after every mechanical fix (those of <paramref name="rule"/> only), with no fix withheld.</summary>
    private static Dictionary<string, string> Fixed(string rule, params (string Path, string Text)[] files)
    {
        var fileSystem = new InMemoryFileSystem().Add(Root + "/.editorconfig", Only(rule));
        foreach (var (path, text) in files) fileSystem.Add(Root + "/" + path, text);
        var inputs = files.Select(f => (Path: Root + "/" + f.Path, Kind: InputClassifier.Classify(f.Path))).Where(f => f.Kind != null)
            .Select(f => new InputFile(f.Path, f.Kind!.Value)).ToList();
        var outcome = FixRunner.Run(new AnalysisRequest { ProjectDirectory = Root, Files = inputs, FileSystem = fileSystem });
        Assert.That(outcome.Withheld.Select(w => w.Reason), Is.Empty);
        Assert.That(outcome.After.Findings.Where(f => f.RuleId == rule), Is.Empty, "every finding fixed");
        return files.ToDictionary(f => f.Path, f => outcome.Files.FirstOrDefault(x => x.Before.Path == Root + "/" + f.Path)?.After ?? f.Text);
    }

    [TestCase("- \"8080:80\"", "- \"127.0.0.1:8080:80\"")]
    [TestCase("- 5432:5432  # db", "- 127.0.0.1:5432:5432  # db")]
    [TestCase("- '8080:80'", "- '127.0.0.1:8080:80'")]
    [TestCase("- \"0.0.0.0:8080:80/udp\"", "- \"127.0.0.1:8080:80/udp\"")]
    [TestCase("- \"[::]:8080:80\"", "- \"127.0.0.1:8080:80\"")]
    [TestCase("- \"${WEB_PORT:-8080}:80\"", "- \"127.0.0.1:${WEB_PORT:-8080}:80\"")]
    public void HRD041_binds_the_short_syntax_to_loopback(string port, string expected)
    {
        var compose = $"services:\n  web:\n    image: nginx:1.25.3\n    ports:\n      {port}\n";
        Assert.That(Fixed("HRD041", ("compose.yml", compose))["compose.yml"], Is.EqualTo(compose.Replace(port, expected)));
    }

    [Test]
    public void HRD041_adds_host_ip_to_the_long_syntax()
    {
        var compose = "services:\n  web:\n    image: nginx:1.25.3\n    ports:\n      - target: 80\n        published: 8080\n";
        Assert.That(Fixed("HRD041", ("compose.yml", compose))["compose.yml"],
            Is.EqualTo("services:\n  web:\n    image: nginx:1.25.3\n    ports:\n      - host_ip: 127.0.0.1\n        target: 80\n        published: 8080\n"));
    }

    [Test]
    public void HRD041_leaves_a_host_address_from_a_variable_alone() =>
        Assert.That(LoopbackPortFix.Bound("${BIND}:8080:80"), Is.Null);

    [Test]
    public void HRD022_adds_to_an_existing_list_in_its_style_or_turns_false_to_true()
    {
        var list = "services:\n  web:\n    image: nginx:1.25.3\n    security_opt:\n      - \"label:disable\"\n    read_only: true\n";
        Assert.That(Fixed("HRD022", ("compose.yml", list))["compose.yml"],
            Is.EqualTo("services:\n  web:\n    image: nginx:1.25.3\n    security_opt:\n      - \"label:disable\"\n      - \"no-new-privileges:true\"\n    read_only: true\n"));
        var flow = "services:\n  web:\n    image: nginx:1.25.3\n    security_opt: [label:disable]\n";
        Assert.That(Fixed("HRD022", ("compose.yml", flow))["compose.yml"], Is.EqualTo("services:\n  web:\n    image: nginx:1.25.3\n    security_opt: [label:disable, no-new-privileges:true]\n"));
        var off = "services:\n  web:\n    image: nginx:1.25.3\n    security_opt:\n      - no-new-privileges:false\n";
        Assert.That(Fixed("HRD022", ("compose.yml", off))["compose.yml"], Is.EqualTo(off.Replace(":false", ":true")));
    }

    [Test]
    public void HRD051_turns_a_list_into_the_long_syntax_keeping_comments()
    {
        var compose = "services:\n  web:\n    image: nginx:1.25.3\n    depends_on:\n      # the database first\n      - db   # primary\n      - cache\n" +
                      "  db:\n    image: postgres:16.2\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n  cache:\n    image: redis:7.2.4\n";
        Assert.That(Fixed("HRD051", ("compose.yml", compose))["compose.yml"], Is.EqualTo(
            "services:\n  web:\n    image: nginx:1.25.3\n    depends_on:\n      # the database first\n      db:   # primary\n        condition: service_healthy\n" +
            "      cache:\n        condition: service_started\n" +
            "  db:\n    image: postgres:16.2\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n  cache:\n    image: redis:7.2.4\n"));
    }

    [TestCase("CMD node server.js --port 8080", "CMD [\"node\", \"server.js\", \"--port\", \"8080\"]")]
    [TestCase("cmd gunicorn 'app:create()' -w 4", "cmd [\"gunicorn\", \"app:create()\", \"-w\", \"4\"]")]
    public void HRD066_writes_the_exec_form(string shell, string exec) =>
        Assert.That(Fixed("HRD066", ("Dockerfile", $"FROM node:20.11.1\n{shell}\n"))["Dockerfile"], Is.EqualTo($"FROM node:20.11.1\n{exec}\n"));

    [TestCase("node $APP")]
    [TestCase("node *.js")]
    [TestCase("node server.js > /log")]
    [TestCase("node a.js && node b.js")]
    [TestCase("PORT=1 node a.js")]
    [TestCase("node \"$(cat x)\"")]
    public void HRD066_splits_nothing_a_shell_would_change(string command) =>
        Assert.That(ExecFormFix.Split(command) is null || ExecFormFix.Split(command)![0].Contains('='), Is.True, command);

    [Test]
    public void HRD062_uses_copy_in_the_keyword_case_but_not_for_archives_or_urls()
    {
        Assert.That(Fixed("HRD062", ("Dockerfile", "FROM alpine:3.19\nadd --chown=1:1 app /app\n"))["Dockerfile"], Is.EqualTo("FROM alpine:3.19\ncopy --chown=1:1 app /app\n"));
        var mixed = "FROM alpine:3.19\nADD app.tar.gz conf /app/\n";
        var fileSystem = new InMemoryFileSystem().Add(Root + "/Dockerfile", mixed).Add(Root + "/.editorconfig", Only("HRD062"));
        var outcome = FixRunner.Run(new AnalysisRequest { ProjectDirectory = Root, Files = new[] { new InputFile(Root + "/Dockerfile", InputKind.Dockerfile) }, FileSystem = fileSystem });
        Assert.That(outcome.Before.Findings, Is.Not.Empty);
        Assert.That(outcome.Files, Is.Empty, "ADD unpacks the archive: no COPY");
    }

    [Test]
    public void HRD012_redirects_in_the_source_the_address_is_written_in()
    {
        const string https = "      - --entrypoints.websecure.address=:443\n      - --certificatesresolvers.le.acme.tlschallenge=true\n      - --entrypoints.websecure.http.tls.certresolver=le\n";
        var command = "services:\n  proxy:\n    image: traefik:v3.0.4\n    command:\n      - --providers.docker=true\n      - --entrypoints.web.address=:80\n" + https;
        Assert.That(Fixed("HRD012", ("compose.yml", command))["compose.yml"], Is.EqualTo(command.Replace("      - --entrypoints.web.address=:80\n",
            "      - --entrypoints.web.address=:80\n      - --entrypoints.web.http.redirections.entryPoint.to=websecure\n      - --entrypoints.web.http.redirections.entryPoint.scheme=https\n")));

        var yaml = "entryPoints:\n  web:\n    address: \":80\"\n  websecure:\n    address: \":443\"\n    http:\n      tls:\n        certResolver: le\ncertificatesResolvers:\n  le:\n    acme:\n      tlsChallenge: {}\n";
        Assert.That(Fixed("HRD012", ("traefik.yml", yaml))["traefik.yml"], Is.EqualTo(yaml.Replace("  web:\n    address: \":80\"\n",
            "  web:\n    http:\n      redirections:\n        entryPoint:\n          to: websecure\n          scheme: https\n    address: \":80\"\n")));

        var toml = "[entryPoints]\n  [entryPoints.web]\n    address = \":80\"\n  [entryPoints.websecure]\n    address = \":443\"\n    [entryPoints.websecure.http.tls]\n      certResolver = \"le\"\n[certificatesResolvers.le.acme.tlsChallenge]\n";
        Assert.That(Fixed("HRD012", ("traefik.toml", toml))["traefik.toml"], Is.EqualTo(toml.Replace("    address = \":80\"\n",
            "    address = \":80\"\n    http.redirections.entryPoint.to = \"websecure\"\n    http.redirections.entryPoint.scheme = \"https\"\n")));
    }

    [TestCase("services:\n  proxy:\n    image: traefik:v3.0.4\n    command:\n      - --api.insecure=true\n      - --providers.docker=true\n",
              "services:\n  proxy:\n    image: traefik:v3.0.4\n    command:\n      - --providers.docker=true\n")]
    [TestCase("services:\n  proxy:\n    image: traefik:v3.0.4\n    command: --api.insecure=true --providers.docker=true\n",
              "services:\n  proxy:\n    image: traefik:v3.0.4\n    command: --providers.docker=true\n")]
    // configured through variables only: beside flags they would be ignored (HRD015), and api.insecure with them
    [TestCase("services:\n  proxy:\n    image: traefik:v3.0.4\n    environment:\n      TRAEFIK_PROVIDERS_DOCKER: \"true\"\n      TRAEFIK_API_INSECURE: \"true\"\n      TZ: UTC\n",
              "services:\n  proxy:\n    image: traefik:v3.0.4\n    environment:\n      TRAEFIK_PROVIDERS_DOCKER: \"true\"\n      TZ: UTC\n")]
    public void HRD013_removes_api_insecure(string compose, string expected) =>
        Assert.That(Fixed("HRD013", ("compose.yml", compose))["compose.yml"], Is.EqualTo(expected));

    [Test]
    public void Suppression_and_editorconfig_fixes_go_where_the_engine_honours_them()
    {
        var compose = "services:\n  web:\n    image: nginx:latest\n";
        var fileSystem = new InMemoryFileSystem().Add(Root + "/compose.yml", compose).Add(Root + "/.editorconfig", "root = true\n\n[*.yml]\nindent_size = 2\n");
        var request = new AnalysisRequest { ProjectDirectory = Root, Files = new[] { new InputFile(Root + "/compose.yml", InputKind.Compose) }, FileSystem = fileSystem };
        var run = Checks.Run(request);
        var finding = run.Result.Findings.Single(f => f.RuleId == "HRD001");
        var context = new FixContext(fileSystem, Root, run.Result.Findings, run.Stacks);

        var comment = CodeFixes.SuppressWithComment(finding, context)!;
        var suppressed = new FixDocument(Root + "/compose.yml", compose).Apply(comment.Changes.Single().Edits);
        Assert.That(suppressed, Is.EqualTo("services:\n  web:\n    # hardening-ignore HRD001 <reason>\n    image: nginx:latest\n"));
        var configure = CodeFixes.ConfigureSeverity(finding, context)!;
        var editorConfig = new FixDocument(Root + "/.editorconfig", "root = true\n\n[*.yml]\nindent_size = 2\n").Apply(configure.Changes.Single().Edits);
        Assert.That(editorConfig, Is.EqualTo("root = true\n\n[*.yml]\nindent_size = 2\n\n[*]\ndotnet_diagnostic.HRD001.severity = none\n"));
        Assert.That(configure.Resolves.All(f => f.RuleId == "HRD001"), Is.True);

        foreach (var (path, text) in new[] { ("/compose.yml", suppressed), ("/.editorconfig", editorConfig) })
        {
            var after = Engine.Analyze(new AnalysisRequest { ProjectDirectory = Root, Files = request.Files, FileSystem = new OverlayFileSystem(fileSystem, new[] { new KeyValuePair<string, string>(Root + path, text) }) });
            Assert.That(after.Findings.Where(f => f.RuleId == "HRD001"), Is.Empty, path);
            Assert.That(after.Findings.Select(f => f.RuleId), Is.EquivalentTo(run.Result.Findings.Select(f => f.RuleId).Where(r => r != "HRD001")), path + ": nothing else changes");
        }
    }
}
