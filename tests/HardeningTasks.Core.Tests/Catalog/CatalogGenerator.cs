using System.Text;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Rules;

namespace HardeningTasks.Core.Tests.Catalog;

/// <summary>A file (or the part of one between markers) that is written from the rule descriptors.</summary>
public sealed record GeneratedFile(string Path, string Expected)
{
    public string RelativePath => System.IO.Path.GetRelativePath(TestPaths.RepositoryRoot, Path).Replace('\\', '/');
}

/// <summary>
/// The one generator of everything the rule descriptors decide: the README's rule table, the package's rule-ID list
/// (<c>build/HardeningTasks.RuleIds.props</c>, which the TreatWarningsAsErrors mapping needs at evaluation time), the header
/// of every <c>docs/rules/HRDxxx.md</c>, and the <c>docs/rules/README.md</c> index with a copy-paste <c>.editorconfig</c>
/// block. <see cref="RuleCatalogTests"/> fails when any of them differs from what this writes, and rewrites them with
/// <c>HARDENING_UPDATE_GENERATED=1</c> (see <see cref="RegenerateCommand"/>). Hand-written prose (a page's body below its
/// header, the README around its markers) is kept as it is.
/// </summary>
public static class CatalogGenerator
{
    public const string RegenerateCommand =
        "HARDENING_UPDATE_GENERATED=1 dotnet test tests/HardeningTasks.Core.Tests -c Release --filter \"FullyQualifiedName~Catalog\"";

    public const string ReadmeStart = "<!-- rules:start (generated from the descriptors; see docs/rules/README.md) -->\n";
    public const string ReadmeEnd = "<!-- rules:end -->";

    private static string Root => TestPaths.RepositoryRoot;

    private static IReadOnlyList<RuleDescriptor> Descriptors => RuleCatalog.Descriptors;

    /// <summary>Every generated file with the text it must have now; pages of rules that have no page yet are left out
    /// (a missing page is its own test failure: the body is written by hand).</summary>
    public static IReadOnlyList<GeneratedFile> Files()
    {
        var files = new List<GeneratedFile>
        {
            new(Path.Combine(Root, "README.md"), Readme()),
            new(Path.Combine(Root, "build", "HardeningTasks.RuleIds.props"), RuleIdsProps()),
            new(Path.Combine(Root, "docs", "rules", "README.md"), RulesIndex()),
        };
        foreach (var descriptor in Descriptors)
        {
            var page = PagePath(descriptor.Id);
            if (File.Exists(page)) files.Add(new GeneratedFile(page, Page(descriptor, Read(page))));
        }
        return files;
    }

    public static string PagePath(string id) => Path.Combine(Root, "docs", "rules", id + ".md");

    private static string Read(string path) => File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : "";

    /// <summary>The README with its rule table (between the markers) regenerated.</summary>
    private static string Readme()
    {
        var readme = Read(Path.Combine(Root, "README.md"));
        var from = readme.IndexOf(ReadmeStart, StringComparison.Ordinal);
        var to = readme.IndexOf(ReadmeEnd, StringComparison.Ordinal);
        if (from < 0 || to < from) return readme + "\n(README.md has no " + ReadmeStart.Trim() + " … " + ReadmeEnd + " markers)\n";
        var table = new StringBuilder("| ID | Title | Category | Default |\n|---|---|---|---|\n");
        foreach (var d in Descriptors)
            table.Append($"| [{d.Id}](docs/rules/{d.Id}.md) | {d.Title} | `{d.Category}` | {d.DefaultSeverity.ToWord()} |\n");
        return readme.Substring(0, from + ReadmeStart.Length) + table + readme.Substring(to);
    }

    private static string RuleIdsProps() =>
        "<Project>\n" +
        "  <!-- GENERATED from the rule descriptors (RuleCatalog.Descriptors); do not edit. Regenerate with the command in\n" +
        "       docs/rules/README.md. The TreatWarningsAsErrors mapping needs every rule ID at evaluation time. -->\n" +
        "  <PropertyGroup>\n" +
        $"    <HardeningRuleIds>{string.Join(";", Descriptors.Select(d => d.Id))}</HardeningRuleIds>\n" +
        "  </PropertyGroup>\n" +
        "</Project>\n";

    /// <summary>A rule page: the generated header (title, category, severity, where the code and fixtures are), then the
    /// hand-written body from its first <c>## </c> heading on.</summary>
    private static string Page(RuleDescriptor d, string existing)
    {
        var body = existing.IndexOf("\n## ", StringComparison.Ordinal) is var at and >= 0 ? existing.Substring(at + 1) : "";
        var header = new StringBuilder();
        header.Append($"# {d.Id}: {d.Title}\n\n");
        header.Append("<!-- This header is generated from the rule's descriptor: edit the descriptor, then regenerate (docs/rules/README.md). -->\n");
        header.Append("| | |\n|---|---|\n");
        header.Append($"| Category | `{d.Category}` |\n");
        header.Append($"| Default severity | {d.DefaultSeverity.ToWord()} |\n");
        header.Append($"| `.editorconfig` | `dotnet_diagnostic.{d.Id}.severity = {d.DefaultSeverity.ToWord()}` |\n");
        header.Append($"| Code | [{Path.GetFileName(SourceFile(d))}](../../{SourceFile(d)}) |\n");
        if (Directory.Exists(Path.Combine(Root, "tests", "fixtures", d.Id)))
            header.Append($"| Fixtures | [tests/fixtures/{d.Id}/](../../tests/fixtures/{d.Id}/) |\n");
        header.Append('\n');
        return header + body;
    }

    /// <summary>The file that defines the descriptor, relative to the repository root: the rule's own file, or the tool's diagnostics.</summary>
    public static string SourceFile(RuleDescriptor d)
    {
        var core = Path.Combine(Root, "src", "HardeningTasks.Core");
        var rules = Path.Combine(core, "Rules");
        var rule = RuleCatalog.Rules.FirstOrDefault(r => r.Descriptor == d);
        var file = rule == null
            ? Path.Combine(core, "Model", "ToolDiagnostics.cs")
            : Directory.EnumerateFiles(rules, rule.GetType().Name + ".cs", SearchOption.AllDirectories).FirstOrDefault()
              ?? Path.Combine(rules, rule.GetType().Name + ".cs");
        return Path.GetRelativePath(Root, file).Replace('\\', '/');
    }

    /// <summary>docs/rules/README.md: every rule by category, and the <c>.editorconfig</c> block with every rule at its default.</summary>
    private static string RulesIndex()
    {
        var text = new StringBuilder();
        text.Append("# Rules\n\n");
        text.Append("<!-- GENERATED from the rule descriptors; do not edit. Regenerate with the command below. -->\n");
        text.Append("Every rule HardeningTasks reports, by category, with its default severity. Each page says what the rule reports,\n");
        text.Append("why, examples reported and not reported, how to fix it and how to suppress it. Severities are configured as for\n");
        text.Append("Roslyn analyzers: `dotnet_diagnostic.<ID>.severity`, `dotnet_analyzer_diagnostic.category-<Category>.severity`,\n");
        text.Append("`NoWarn`, `WarningsAsErrors` (see the repository README).\n");
        foreach (var category in ByCategory())
        {
            text.Append($"\n## `{category.Key}`\n\n| ID | Title | Default |\n|---|---|---|\n");
            foreach (var d in category) text.Append($"| [{d.Id}]({d.Id}.md) | {d.Title} | {d.DefaultSeverity.ToWord()} |\n");
        }
        text.Append("\n## Every rule in `.editorconfig`\n\n");
        text.Append("Copy this block into the `.editorconfig` at the root of your infrastructure project and change what you need;\n");
        text.Append("each line is the rule's default, so pasting it as it is changes nothing.\n\n```ini\n");
        text.Append(EditorConfigBlock());
        text.Append("```\n\n## For maintainers\n\n");
        text.Append("The rule descriptors (the `RuleDescriptor` at the top of each rule's file, and `Model/ToolDiagnostics.cs`) are the\n");
        text.Append("single source of truth. This page, the README's rule table, `build/HardeningTasks.RuleIds.props` and the header of\n");
        text.Append("every rule page are written from them; a test fails when one is stale. After adding or changing a descriptor, run\n\n");
        text.Append($"```\n{RegenerateCommand}\n```\n");
        return text.ToString();
    }

    /// <summary>The descriptors by category, in ID order, the tool's own diagnostics last.</summary>
    private static IEnumerable<IGrouping<string, RuleDescriptor>> ByCategory() =>
        Descriptors.GroupBy(d => d.Category).OrderBy(g => g.Key == Categories.Tool ? 1 : 0);

    /// <summary>One <c>dotnet_diagnostic.&lt;ID&gt;.severity</c> line per rule at its default, under a <c>[*]</c> section.</summary>
    public static string EditorConfigBlock()
    {
        var text = new StringBuilder("[*]\n");
        foreach (var category in ByCategory())
        {
            text.Append($"# {category.Key}\n");
            foreach (var d in category)
                text.Append($"dotnet_diagnostic.{d.Id}.severity = {d.DefaultSeverity.ToWord(),-10} # {d.Title}\n");
        }
        return text.ToString();
    }
}
