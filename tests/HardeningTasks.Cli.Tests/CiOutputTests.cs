using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Json.Schema;

namespace HardeningTasks.Cli.Tests;

/// <summary>
/// What hadolint users have in CI: <c>--format checkstyle</c> validated against the Checkstyle report schema,
/// <c>--format gitlab</c> against GitLab's Code Quality report format, <c>hardening rules</c> and <c>hardening explain</c>.
/// </summary>
public class CiOutputTests
{
    private const string Stack = "services:\n  web:\n    image: nginx:latest\n";

    /// <summary>Checkstyle's report format (checkstyle's own XML output, as Jenkins' Warnings plugin and reviewdog read it).</summary>
    private const string CheckstyleXsd = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <xs:element name="checkstyle">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="file" minOccurs="0" maxOccurs="unbounded">
                  <xs:complexType>
                    <xs:sequence>
                      <xs:element name="error" minOccurs="0" maxOccurs="unbounded">
                        <xs:complexType>
                          <xs:attribute name="line" type="xs:positiveInteger" use="required" />
                          <xs:attribute name="column" type="xs:nonNegativeInteger" />
                          <xs:attribute name="severity" use="required">
                            <xs:simpleType>
                              <xs:restriction base="xs:string">
                                <xs:enumeration value="error" /><xs:enumeration value="warning" /><xs:enumeration value="info" /><xs:enumeration value="ignore" />
                              </xs:restriction>
                            </xs:simpleType>
                          </xs:attribute>
                          <xs:attribute name="message" type="xs:string" use="required" />
                          <xs:attribute name="source" type="xs:string" use="required" />
                        </xs:complexType>
                      </xs:element>
                    </xs:sequence>
                    <xs:attribute name="name" type="xs:string" use="required" />
                  </xs:complexType>
                </xs:element>
              </xs:sequence>
              <xs:attribute name="version" type="xs:string" use="required" />
            </xs:complexType>
          </xs:element>
        </xs:schema>
        """;

    /// <summary>GitLab's Code Quality report (docs.gitlab.com, "Code Quality report format"): an array of issues, each
    /// with these required fields and severities.</summary>
    private const string GitlabSchema = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "array",
          "items": {
            "type": "object",
            "required": ["description", "check_name", "fingerprint", "severity", "location"],
            "properties": {
              "description": { "type": "string", "minLength": 1 },
              "check_name": { "type": "string", "minLength": 1 },
              "fingerprint": { "type": "string", "minLength": 1 },
              "severity": { "enum": ["info", "minor", "major", "critical", "blocker"] },
              "categories": { "type": "array", "items": { "type": "string" } },
              "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                  "path": { "type": "string", "minLength": 1, "not": { "pattern": "^(/|[A-Za-z]:)" } },
                  "lines": { "type": "object", "required": ["begin"], "properties": { "begin": { "type": "integer", "minimum": 1 } } }
                }
              }
            }
          }
        }
        """;

    private static TempTree Tree() => new((".editorconfig", TempTree.Only("HRD001")), ("deploy/docker-compose.yml", Stack), ("api/compose.yaml", Stack.Replace("web", "api")),
        ("broken/compose.yml", "services:\n  db:\n    image: [postgres\n"));

    [Test]
    public void Checkstyle_IsValidAgainstTheSchema_WithEveryFinding()
    {
        using var tree = Tree();
        var result = Cli.Run(tree.Root, "check", "--format", "checkstyle");
        Assert.That(result.ExitCode, Is.EqualTo(1), "the HRD000 is an error: " + result);

        var schemas = new XmlSchemaSet();
        schemas.Add(null, XmlReader.Create(new StringReader(CheckstyleXsd)));
        var doc = XDocument.Parse(result.Stdout);
        var problems = new List<string>();
        doc.Validate(schemas, (_, e) => problems.Add(e.Message));
        Assert.That(problems, Is.Empty, result.Stdout);

        var errors = doc.Descendants("error").Select(e => $"{e.Parent!.Attribute("name")!.Value}({e.Attribute("line")!.Value},{e.Attribute("column")!.Value}) {e.Attribute("severity")!.Value} {e.Attribute("source")!.Value}").ToList();
        Assert.That(errors, Is.EqualTo(new[] { "api/compose.yaml(3,12) warning HRD001", "broken/compose.yml(4,1) error HRD000", "deploy/docker-compose.yml(3,12) warning HRD001" }));
        Assert.That(doc.Descendants("error").First().Attribute("message")!.Value, Does.StartWith("Service 'api' uses image 'nginx:latest'"));
    }

    [Test]
    public void Gitlab_IsValidAgainstTheCodeQualityFormat_WithUniqueFingerprints()
    {
        using var tree = Tree();
        var result = Cli.Run(tree.Root, "check", "--format", "gitlab");
        var report = JsonNode.Parse(result.Stdout)!;
        var evaluation = JsonSchema.FromText(GitlabSchema).Evaluate(report, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.That(evaluation.IsValid, Is.True, result.Stdout + string.Join("\n", evaluation.Details.Where(d => d.Errors != null).SelectMany(d => d.Errors!.Select(e => d.InstanceLocation + ": " + e.Value))));

        var issues = report.AsArray().Select(i => $"{i!["location"]!["path"]}:{i["location"]!["lines"]!["begin"]} {i["severity"]} {i["check_name"]}").ToList();
        Assert.That(issues, Is.EqualTo(new[] { "api/compose.yaml:3 major HRD001", "broken/compose.yml:4 critical HRD000", "deploy/docker-compose.yml:3 major HRD001" }));
        Assert.That(report.AsArray().Select(i => (string)i!["fingerprint"]!).Distinct().Count(), Is.EqualTo(3), "GitLab needs one fingerprint per issue");
    }

    [Test]
    public void Rules_ListsEveryRuleThatHasAPage()
    {
        var result = Cli.Run(Path.GetTempPath(), "rules");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var pages = Directory.GetFiles(Path.Combine(RepositoryRoot, "docs", "rules"), "HRD*.md").Select(Path.GetFileNameWithoutExtension).OrderBy(p => p, StringComparer.Ordinal);
        Assert.That(result.Lines.Select(l => l.Split(' ')[0]), Is.EqualTo(pages));
        Assert.That(result.Lines, Has.Some.Match(@"^HRD010  warning     Hardening\.Transport +  \S"));
    }

    [Test]
    public void Explain_PrintsTheRulesPage_AndAnUnknownIdIsAUsageError()
    {
        var result = Cli.Run(Path.GetTempPath(), "explain", "hrd010");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stdout, Is.EqualTo(File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "rules", "HRD010.md")).Replace("\r\n", "\n")));

        var unknown = Cli.Run(Path.GetTempPath(), "explain", "HRD999");
        Assert.That(unknown.ExitCode, Is.EqualTo(2));
        Assert.That(unknown.ErrorLines[0], Is.EqualTo("hardening: 'HRD999' is not a rule; 'hardening rules' lists them."));
    }

    private static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "HardeningTasks.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("HardeningTasks.sln not found");
        }
    }
}
