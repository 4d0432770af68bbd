using HardeningTasks.Core.Linking;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Yaml;
using HardeningTasks.Core.Parsing.Dockerfile;
using HardeningTasks.Core.Parsing.Yaml;
using HardeningTasks.Core.Rules;
using HardeningTasks.Core.Rules.SupplyChain;

namespace HardeningTasks.Core.Tests.Rules;

/// <summary>
/// The image rules run directly on parsed files: HRD004 needs the HardeningTrustedRegistries build property, which the
/// fixture harness does not pass; HRD002 is silent by default (its fixtures turn it on with an .editorconfig) and is
/// pinned here as well; compose HRD005 is run on hand-made interpolated scalars to pin where a variable decides the tag.
/// </summary>
public class ImageRulesTests
{
    private const string Dir = "/repo";

    private static List<Finding> Run(Rule rule, StackFile file, Dictionary<string, string>? properties = null)
    {
        var stack = StackLinker.Link(Dir, new[] { file }, new InMemoryFileSystem(), properties ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
        return rule.Check(file, stack).ToList();
    }

    private static StackFile Dockerfile(string text) => DockerfileParser.Parse(Dir + "/Dockerfile", text).Model!;

    private static StackFile Compose(string text)
    {
        var root = (YMapping)YamlLoader.Load(Dir + "/compose.yml", text).Root!;
        return new ComposeProject(Dir + "/compose.yml", new[] { Dir + "/compose.yml" }, root);
    }

    private static IEnumerable<(int Line, int Column)> Where(IEnumerable<Finding> findings) => findings.Select(f => (f.Location.Line, f.Location.Column));

    // ---------- HRD002 ----------

    [Test]
    public void Hrd002_IsSilentByDefault()
    {
        Assert.That(ImageWithoutDigestRule.Definition.DefaultSeverity, Is.EqualTo(Severity.Silent));
    }

    [Test]
    public void Hrd002_ReportsTagWithoutDigest_InComposeAndDockerfile()
    {
        var compose = Run(new ImageWithoutDigestRule(), Compose("services:\n  db:\n    image: postgres:16.4\n  web:\n    image: nginx:1.27@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"));
        Assert.That(Where(compose), Is.EqualTo(new[] { (3, 12) }));
        Assert.That(compose[0].Message, Does.Contain("postgres:16.4@sha256:"));

        var dockerfile = Run(new ImageWithoutDigestRule(), Dockerfile(
            "ARG V=3.20.3\nFROM alpine:${V} AS base\nFROM base\nCOPY --from=ghcr.io/astral-sh/uv:0.4.18 /uv /bin/\nRUN --mount=from=busybox:1.36.1,target=/b true\n"));
        Assert.That(Where(dockerfile), Is.EqualTo(new[] { (2, 6), (4, 13), (5, 18) }));
    }

    [Test]
    public void Hrd002_DoesNotReport_Latest_Untagged_Stages_Scratch_Unresolved()
    {
        var findings = Run(new ImageWithoutDigestRule(), Dockerfile(
            "ARG T\nFROM node AS a\nFROM node:latest AS b\nFROM node:${T} AS c\nFROM a\nFROM scratch\nCOPY --from=b /x /x\n"));
        Assert.That(findings, Is.Empty);
        var compose = Run(new ImageWithoutDigestRule(), Compose("services:\n  app:\n    build: .\n    image: registry.example.com/app:1.0\n"));
        Assert.That(compose, Is.Empty);
    }

    // ---------- HRD004 ----------

    private static Dictionary<string, string> Trusted(string value) =>
        new(StringComparer.OrdinalIgnoreCase) { [UntrustedRegistryRule.PropertyName] = value };

    [Test]
    public void Hrd004_NothingWithoutTheProperty()
    {
        Assert.That(Run(new UntrustedRegistryRule(), Dockerfile("FROM quay.io/prometheus/node-exporter:v1.8.2\n")), Is.Empty);
        Assert.That(Run(new UntrustedRegistryRule(), Dockerfile("FROM quay.io/prometheus/node-exporter:v1.8.2\n"), Trusted("  ")), Is.Empty);
        Assert.That(UntrustedRegistryRule.Definition.DefaultSeverity, Is.EqualTo(Severity.Silent));
    }

    [Test]
    public void Hrd004_ReportsRegistriesOutsideTheList()
    {
        var findings = Run(new UntrustedRegistryRule(), Compose(
            "services:\n  a:\n    image: quay.io/prometheus/node-exporter:v1.8.2\n  b:\n    image: postgres:16.4\n  c:\n    image: ghcr.io/acme/app:1.0\n  d:\n    image: ghcr.io/other/app:1.0\n"),
            Trusted("docker.io; ghcr.io/acme/"));
        Assert.That(Where(findings), Is.EqualTo(new[] { (3, 12), (9, 12) }));
        Assert.That(findings[0].Message, Does.Contain("'quay.io'").And.Contain("docker.io, ghcr.io/acme"));
    }

    [Test]
    public void Hrd004_DockerHubAliases_AndPathPrefixes()
    {
        var df = Dockerfile("FROM index.docker.io/library/alpine:3.20.3 AS a\nFROM bitnami/redis:7.2.5 AS b\nFROM registry.example.com/base/python:3.12 AS c\nFROM registry.example.com/other/python:3.12\n");
        var findings = Run(new UntrustedRegistryRule(), df, Trusted("hub.docker.com/library;REGISTRY.example.com/base"));
        Assert.That(Where(findings), Is.EqualTo(new[] { (2, 6), (4, 6) }), "bitnami/redis is outside docker.io/library; other/ is outside base/");
    }

    [Test]
    public void Hrd004_SkipsStagesScratchAndUnresolved()
    {
        var df = Dockerfile("ARG BASE\nFROM quay.io/x/y:1 AS a\nFROM a\nFROM ${BASE}\nFROM scratch\nCOPY --from=a /x /x\n");
        Assert.That(Where(Run(new UntrustedRegistryRule(), df, Trusted("docker.io"))), Is.EqualTo(new[] { (2, 6) }));
    }

    // ---------- HRD005 (compose) ----------

    private static StackFile ComposeWithImage(string value, string raw, params string[] unresolved)
    {
        var loc = new SourceLocation(Dir + "/compose.yml", new SourceSpan(3, 12, 3, 12 + raw.Length));
        var image = new YScalar(value, true, loc) { RawValue = raw, UnresolvedVariables = unresolved };
        var service = new YMapping(new[] { new YEntry(new YScalar("image", true, loc), image) }, loc);
        var services = new YMapping(new[] { new YEntry(new YScalar("app", true, loc), service) }, loc);
        var root = new YMapping(new[] { new YEntry(new YScalar("services", true, loc), services) }, loc);
        return new ComposeProject(Dir + "/compose.yml", new[] { Dir + "/compose.yml" }, root);
    }

    [TestCase("ghcr.io/acme/app:", "ghcr.io/acme/app:${APP_TAG}", "APP_TAG", true)]
    [TestCase("", "${IMAGE}", "IMAGE", true)]
    [TestCase("app-", "app-${VARIANT}", "VARIANT", true)]
    [TestCase("app@", "app@${DIGEST}", "DIGEST", true)]
    [TestCase("/app:1.2.3", "${REGISTRY}/app:1.2.3", "REGISTRY", false)]
    [TestCase("localhost:/app:1.0", "localhost:${PORT}/app:1.0", "PORT", false)]
    public void Hrd005_Compose_TagFromUnsetVariable(string value, string raw, string variable, bool reported)
    {
        var findings = Run(new UnresolvedImageTagRule(), ComposeWithImage(value, raw, variable));
        Assert.That(findings.Count, Is.EqualTo(reported ? 1 : 0));
        if (reported)
        {
            Assert.That(findings[0].Location.Span.Line, Is.EqualTo(3));
            Assert.That(findings[0].Message, Does.Contain("'" + variable + "'").And.Contain("${" + variable + ":-"));
        }
    }

    [Test]
    public void Hrd005_Compose_ResolvedOrUninterpolatedValues_AreNotReported()
    {
        Assert.That(Run(new UnresolvedImageTagRule(), ComposeWithImage("nginx:1.27.3", "nginx:${NGINX_VERSION:-1.27.3}")), Is.Empty);
        Assert.That(Run(new UnresolvedImageTagRule(), Compose("services:\n  app:\n    image: app:${TAG}\n")), Is.Empty,
            "a value the loader did not interpolate cannot be judged");
    }

    [Test]
    public void Hrd001_Compose_JudgesTheInterpolatedValue_AndSkipsUnresolved()
    {
        Assert.That(Where(Run(new UnpinnedImageRule(), ComposeWithImage("nginx:latest", "nginx:${TAG:-latest}"))), Is.EqualTo(new[] { (3, 12) }));
        Assert.That(Run(new UnpinnedImageRule(), ComposeWithImage("nginx:", "nginx:${TAG}", "TAG")), Is.Empty);
    }

    [TestCase("node:${V}", "V", true)]
    [TestCase("${REGISTRY:-ghcr.io}/app:${TAG:-1}", "TAG", true)]
    [TestCase("${REGISTRY:-ghcr.io}/app:${TAG:-1}", "REGISTRY", false)]
    [TestCase("$BASE", "BASE", true)]
    [TestCase("app:1.0-$ARCH", "ARCH", true)]
    [TestCase("app:1.0", "X", false)]
    public void DecidesTag(string written, string variable, bool expected) =>
        Assert.That(UnresolvedImageTagRule.DecidesTag(written, variable), Is.EqualTo(expected));
}
