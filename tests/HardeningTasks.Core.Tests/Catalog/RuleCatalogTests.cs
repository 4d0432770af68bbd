using System.Text;
using System.Text.RegularExpressions;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Rules;
using HardeningTasks.Core.Tests.Fixtures;

namespace HardeningTasks.Core.Tests.Catalog;

/// <summary>
/// The descriptors are the single source of truth: they must agree with the catalog (shared/RULES.md), and every rule
/// must have a documentation page (its help link), fixtures, and a row in the README's generated rule table.
/// After adding a rule, regenerate the README table with
/// <c>HARDENING_UPDATE_GENERATED=1 dotnet test tests/HardeningTasks.Core.Tests --filter FullyQualifiedName~RuleCatalog</c>.
/// </summary>
public class RuleCatalogTests
{
    private static readonly Regex CategoryHeading = new(@"^##\s.*\(category `(?<category>[^`]+)`\)", RegexOptions.CultureInvariant);
    private static readonly Regex Row = new(@"^\|\s*(?<id>HRD\d{3})\s*\|\s*(?<severity>\w+)\s*\|", RegexOptions.CultureInvariant);

    public static string RulesMdPath => Path.GetFullPath(Path.Combine(TestPaths.RepositoryRoot, "..", "shared", "RULES.md"));
    public static string ReadmePath => Path.Combine(TestPaths.RepositoryRoot, "README.md");

    /// <summary>(ID, category, default severity) for every row of RULES.md.</summary>
    public static IReadOnlyList<(string Id, string Category, string Severity)> CatalogRows()
    {
        var rows = new List<(string, string, string)>();
        string? category = null;
        foreach (var line in File.ReadAllLines(RulesMdPath))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
                category = CategoryHeading.Match(line) is { Success: true } m ? m.Groups["category"].Value : null;
            else if (category != null && Row.Match(line) is { Success: true } row)
                rows.Add((row.Groups["id"].Value, category, row.Groups["severity"].Value));
        }
        return rows;
    }

    public static IEnumerable<TestCaseData> CatalogCases() =>
        CatalogRows().Select(r => new TestCaseData(r.Id, r.Category, r.Severity).SetName("Catalog_" + r.Id));

    [Test]
    public void CatalogIsReadable() => Assert.That(CatalogRows(), Has.Count.GreaterThan(40), "RULES.md rows could not be read");

    [TestCaseSource(nameof(CatalogCases))]
    public void DescriptorMatchesCatalog(string id, string category, string severity)
    {
        var descriptor = RuleCatalog.Find(id);
        Assert.That(descriptor, Is.Not.Null, $"{id} is in RULES.md but no rule implements it");
        Assert.Multiple(() =>
        {
            Assert.That(descriptor!.Category, Is.EqualTo(category), "category");
            Assert.That(descriptor.DefaultSeverity.ToWord(), Is.EqualTo(severity), "default severity");
            Assert.That(descriptor.HelpLink, Does.EndWith("/" + id + ".md"), "help link names its rule");
        });
    }

    [Test]
    public void EveryDescriptorIsInTheCatalog()
    {
        var ids = CatalogRows().Select(r => r.Id).ToHashSet();
        Assert.That(RuleCatalog.Descriptors.Select(d => d.Id).Where(id => !ids.Contains(id)), Is.Empty);
    }

    [Test]
    public void EveryRuleHasOneDescriptorAndOneClass()
    {
        var ids = RuleCatalog.Descriptors.Select(d => d.Id).ToList();
        Assert.That(ids, Is.Unique);
    }

    public static IEnumerable<TestCaseData> DescriptorCases() =>
        RuleCatalog.Descriptors.Select(d => new TestCaseData(d).SetName("Docs_" + d.Id));

    [TestCaseSource(nameof(DescriptorCases))]
    public void RuleHasADocumentationPage(RuleDescriptor descriptor)
    {
        var page = Path.Combine(TestPaths.RepositoryRoot, "docs", "rules", descriptor.Id + ".md");
        Assert.That(File.Exists(page), Is.True, $"docs/rules/{descriptor.Id}.md is missing (it is the diagnostic's help link)");
        var text = File.ReadAllText(page);
        Assert.Multiple(() =>
        {
            Assert.That(text.Split('\n')[0].TrimEnd(), Is.EqualTo($"# {descriptor.Id}: {descriptor.Title}"), "title line");
            Assert.That(text, Does.Contain("dotnet_diagnostic." + descriptor.Id + ".severity"), "how to configure it");
        });
    }

    public static IEnumerable<TestCaseData> RuleCases() =>
        RuleCatalog.Rules.Select(r => new TestCaseData(r.Descriptor.Id).SetName("Fixtures_" + r.Descriptor.Id));

    [TestCaseSource(nameof(RuleCases))]
    public void RuleHasReportedAndCleanFixtures(string id)
    {
        var folder = Path.Combine(RuleFixtureTests.FixturesRoot, id);
        Assert.That(Directory.Exists(folder), Is.True, $"tests/fixtures/{id}/ is missing");
        var cases = RuleFixtureTests.Cases().Select(c => (FixtureCase)c.Arguments[0]!).Where(c => c.RuleFolder == id).ToList();
        var reported = cases.Sum(c => c.Expectations.Count(e => e.RuleId == id));
        var clean = cases.Count(c => c.Expectations.All(e => e.RuleId != id));
        Assert.Multiple(() =>
        {
            Assert.That(reported, Is.GreaterThanOrEqualTo(3), "expected findings in the rule's fixtures");
            Assert.That(clean, Is.GreaterThanOrEqualTo(1), "fixture cases where the rule must stay quiet");
        });
    }

    /// <summary>The README's rule table, generated from the descriptors.</summary>
    public static string RuleTable()
    {
        var text = new StringBuilder();
        text.Append("| ID | Title | Category | Default |\n|---|---|---|---|\n");
        foreach (var d in RuleCatalog.Descriptors)
            text.Append($"| [{d.Id}](docs/rules/{d.Id}.md) | {d.Title} | `{d.Category}` | {d.DefaultSeverity.ToWord()} |\n");
        return text.ToString();
    }

    [Test]
    public void ReadmeRuleTableIsGenerated()
    {
        const string start = "<!-- rules:start (generated from the descriptors; see RuleCatalogTests) -->\n";
        const string end = "<!-- rules:end -->";
        var readme = File.ReadAllText(ReadmePath).Replace("\r\n", "\n");
        var from = readme.IndexOf(start, StringComparison.Ordinal);
        var to = readme.IndexOf(end, StringComparison.Ordinal);
        Assert.That(from >= 0 && to > from, Is.True, "README.md has no rules:start/rules:end markers");
        var actual = readme.Substring(from + start.Length, to - from - start.Length);
        var expected = RuleTable();
        if (actual == expected) return;
        if (Environment.GetEnvironmentVariable("HARDENING_UPDATE_GENERATED") == "1")
        {
            File.WriteAllText(ReadmePath, readme.Substring(0, from + start.Length) + expected + readme.Substring(to));
            Assert.Warn("Rewrote the README's rule table; commit it.");
            return;
        }
        Assert.Fail("The README's rule table is stale. Regenerate it with\n  HARDENING_UPDATE_GENERATED=1 dotnet test tests/HardeningTasks.Core.Tests --filter FullyQualifiedName~RuleCatalog\n");
    }
}
