using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Tests.Traefik;

/// <summary>The Traefik rules on the real-world corpus (shared/corpus): they must not fail, and must find what a reviewer would.</summary>
public class TraefikCorpusTests
{
    private static readonly string[] OurRules = { "HRD010", "HRD011", "HRD012", "HRD013", "HRD014", "HRD082" };

    private static IReadOnlyList<Finding> AnalyzeCorpus(string relative)
    {
        var root = Path.Combine(TestPaths.CorpusRoot, relative);
        if (!Directory.Exists(root)) Assert.Ignore("corpus not present: " + root);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => (File: f, Kind: InputClassifier.Classify(f)))
            .Where(x => x.Kind != null)
            .OrderBy(x => x.File, StringComparer.Ordinal)
            .Select(x => new InputFile(x.File, x.Kind!.Value))
            .ToList();
        return Engine.Analyze(new AnalysisRequest { ProjectDirectory = root, Files = files }).Findings;
    }

    private static List<string> Summary(IEnumerable<Finding> findings, string relative)
    {
        var root = Path.Combine(TestPaths.CorpusRoot, relative);
        return findings.Where(f => OurRules.Contains(f.RuleId))
            .Select(f => $"{f.RuleId} {Path.GetRelativePath(root, f.Location.FilePath)}:{f.Location.Line}:{f.Location.Column}")
            .ToList();
    }

    [TestCase("ChristianLempa__boilerplates")]
    [TestCase("frappe__frappe_docker")]
    [TestCase("fastapi__full-stack-fastapi-template")]
    [TestCase("docker__awesome-compose")]
    [TestCase("coollabsio__coolify")]
    [TestCase("mailcow__mailcow-dockerized")]
    [TestCase("nextcloud__all-in-one")]
    [TestCase("getsentry__self-hosted")]
    public void No_rule_failure_and_no_traefik_file_refused(string repository)
    {
        var findings = AnalyzeCorpus(repository);
        var failures = findings.Where(f => f.RuleId == "HRD000" && (f.Message.StartsWith("Rule ", StringComparison.Ordinal)
            || InputClassifier.Classify(f.Location.FilePath) == InputKind.TraefikConfig)).ToList();
        Assert.That(failures, Is.Empty, () => string.Join("\n", failures));
        TestContext.Out.WriteLine(string.Join("\n", Summary(findings, repository)));
    }

    [Test]
    public void Boilerplates_traefik_stack()
    {
        const string repository = "ChristianLempa__boilerplates";
        var summary = Summary(AnalyzeCorpus(repository), repository);
        // The static file mounted through ./config/ defines 'cloudflare' and :443: no HRD010, and every router's resolver exists.
        Assert.That(summary.Where(s => s.StartsWith("HRD010") || s.StartsWith("HRD011")), Is.Empty);
        // Its redirection is commented out.
        Assert.That(summary, Does.Contain("HRD012 docker-compose/traefik/config/traefik.yaml:25:5"));
        // No rate limit anywhere: each router exposed on websecure is a suggestion.
        Assert.That(summary, Does.Contain("HRD082 docker-compose/alloy/compose.yaml:30:9"));
    }

    [Test]
    public void Fastapi_template()
    {
        const string repository = "fastapi__full-stack-fastapi-template";
        var summary = Summary(AnalyzeCorpus(repository), repository);
        Assert.That(summary, Does.Contain("HRD013 compose.override.yml:25:9"), "--api.insecure=true");
        Assert.That(summary, Does.Contain("HRD014 compose.yml:64:21"), "DATABASE_URL: postgresql://… without sslmode");
        Assert.That(summary.Where(s => s.StartsWith("HRD010") || s.StartsWith("HRD011")), Is.Empty, "compose.deploy.yml defines 'le'");
    }

    [Test]
    public void Frappe_overrides()
    {
        const string repository = "frappe__frappe_docker";
        var summary = Summary(AnalyzeCorpus(repository), repository);
        // compose.https.yaml: redirect and resolver in the flags; the -ssl overlays name 'le', which compose.traefik-ssl.yaml defines.
        Assert.That(summary.Where(s => s.Contains("compose.https.yaml") && !s.StartsWith("HRD082")), Is.Empty);
        Assert.That(summary.Where(s => s.StartsWith("HRD010") || s.StartsWith("HRD011")), Is.Empty);
        // compose.traefik.yaml: the dashboard behind basic auth, over plain HTTP only.
        Assert.That(summary, Does.Contain("HRD012 overrides/compose.traefik.yaml:28:9"));
    }
}
