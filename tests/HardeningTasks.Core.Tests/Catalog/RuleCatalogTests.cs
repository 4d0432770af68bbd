using System.Text.RegularExpressions;
using HardeningTasks.Core.Configuration;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Rules;
using HardeningTasks.Core.Tests.Fixtures;

namespace HardeningTasks.Core.Tests.Catalog;

/// <summary>
/// The descriptors are the single source of truth. The repository's own catalog is what these tests check: every rule
/// has a documentation page, fixtures, and every generated file (README table, RuleIds.props, page headers, the rules
/// index with its .editorconfig block) is current — <see cref="CatalogGenerator"/> writes them. <c>shared/RULES.md</c>
/// is the specification the rules are implemented from; it may run ahead of the code, so the IDs it has that the code
/// lacks are listed as information, while an ID both have must agree on category and default severity.
/// </summary>
public class RuleCatalogTests
{
    private static readonly Regex CategoryHeading = new(@"^##\s.*\(category `(?<category>[^`]+)`\)", RegexOptions.CultureInvariant);
    private static readonly Regex Row = new(@"^\|\s*(?<id>HRD\d{3})\s*\|\s*(?<severity>\w+)\s*\|", RegexOptions.CultureInvariant);

    public static string RulesMdPath => Path.GetFullPath(Path.Combine(TestPaths.RepositoryRoot, "..", "shared", "RULES.md"));

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
        if (descriptor == null)
        {
            Assert.Pass($"{id} is specified in RULES.md but not implemented yet (see SpecificationAheadOfTheCode)");
            return;
        }
        Assert.Multiple(() =>
        {
            Assert.That(descriptor!.Category, Is.EqualTo(category), "category");
            Assert.That(descriptor.DefaultSeverity.ToWord(), Is.EqualTo(severity), "default severity");
            Assert.That(descriptor.HelpLink, Is.EqualTo($"https://github.com/HardeningTasks/HardeningTasks/blob/main/docs/rules/{id}.md"), "help link");
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
            // The hand-written body below the generated header: what, why, examples reported and not, how to configure and suppress.
            foreach (var section in new[] { "## What it reports", "## Why", "## Example", "## Configure" })
                Assert.That(text, Does.Contain("\n" + section), $"section '{section}'");
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

    /// <summary>Information, not a failure: the IDs RULES.md specifies that no descriptor implements yet.</summary>
    [Test]
    public void SpecificationAheadOfTheCode()
    {
        var missing = CatalogRows().Select(r => r.Id).Where(id => RuleCatalog.Find(id) == null).ToList();
        TestContext.Out.WriteLine(missing.Count == 0
            ? "Every ID in RULES.md has a descriptor."
            : $"RULES.md specifies {missing.Count} ID(s) the code does not implement yet: {string.Join(", ", missing)}");
        Assert.That(CatalogRows(), Is.Not.Empty, "RULES.md rows could not be read");
    }

    public static IEnumerable<TestCaseData> GeneratedFileCases() =>
        CatalogGenerator.Files().Select(f => new TestCaseData(f).SetName("Generated_" + f.RelativePath.Replace('/', '_')));

    [TestCaseSource(nameof(GeneratedFileCases))]
    public void GeneratedFileIsCurrent(GeneratedFile file)
    {
        var actual = File.Exists(file.Path) ? File.ReadAllText(file.Path).Replace("\r\n", "\n") : "";
        if (actual == file.Expected) return;
        if (Environment.GetEnvironmentVariable("HARDENING_UPDATE_GENERATED") == "1")
        {
            File.WriteAllText(file.Path, file.Expected);
            TestContext.Out.WriteLine($"Rewrote {file.RelativePath}; commit it.");
            return;
        }
        Assert.Fail($"{file.RelativePath} is stale: it is generated from the rule descriptors. Regenerate with\n  {CatalogGenerator.RegenerateCommand}\nand commit the result.");
    }

    /// <summary>The copy-paste block changes nothing when pasted: each line parses and gives the rule its default.</summary>
    [Test]
    public void EditorConfigBlockGivesEveryRuleItsDefault()
    {
        var fileSystem = new InMemoryFileSystem().Add("/repo/.editorconfig", "root = true\n" + CatalogGenerator.EditorConfigBlock());
        var severities = new SeverityConfiguration(fileSystem);
        Assert.Multiple(() =>
        {
            foreach (var d in RuleCatalog.Descriptors)
                Assert.That(severities.Resolve(d, "/repo/stack/compose.yaml"), Is.EqualTo(d.DefaultSeverity), d.Id);
            Assert.That(severities.Problems, Is.Empty, "the block has lines the configuration reader rejects");
        });
        foreach (var d in RuleCatalog.Descriptors)
            Assert.That(CatalogGenerator.EditorConfigBlock(), Does.Contain($"dotnet_diagnostic.{d.Id}.severity = {d.DefaultSeverity.ToWord()}"));
    }
}
