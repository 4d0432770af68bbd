using System.Text;
using System.Text.RegularExpressions;
using HardeningTasks.Core.Configuration;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Tests.Configuration;

/// <summary>
/// Each scenario is a set of config files and the files they are asked about. For every checked file, our
/// <see cref="SeverityConfiguration"/> must agree with Roslyn's <c>AnalyzerConfigSet</c> on the same texts: the
/// per-ID severities, the global ones, every raw option (so the bulk keys' values), the effective severity of a set
/// of rules covering each default severity, and the invalid-severity / global-conflict / ignored-section warnings.
/// Each scenario runs twice: on an in-memory tree and on a temporary directory on disk.
/// </summary>
public class OracleScenarioTests
{
    public sealed record Scenario(string Name, (string Path, string Text)[] Configs, string[] Files)
    {
        public override string ToString() => Name;
    }

    /// <summary>One rule per default severity, in three categories, so every precedence path is exercised.</summary>
    internal static readonly RuleDescriptor[] Rules =
    {
        new("HRD001", "warning by default", "Hardening.SupplyChain", Severity.Warning, "m"),
        new("HRD010", "error by default", "Hardening.Transport", Severity.Error, "m"),
        new("HRD020", "silent by default", "Hardening.SupplyChain", Severity.Silent, "m"),
        new("HRD030", "suggestion by default", "Hardening.Secrets", Severity.Suggestion, "m"),
        new("HRD040", "off by default", "Hardening.Secrets", Severity.None, "m"),
    };

    private static Scenario S(string name, string[] files, params (string Path, string Text)[] configs) => new(name, configs, files);

    private static readonly Scenario[] Scenarios =
    {
        // --- discovery, root, precedence between files and sections
        S("one root file, [*.yml]", new[] { "/repo/deploy/docker-compose.yml", "/repo/deploy/Dockerfile" },
            ("/repo/.editorconfig", "root = true\n[*.yml]\ndotnet_diagnostic.HRD001.severity = error\n")),
        S("closer file wins (notes example)", new[] { "/repo/infra/docker-compose.yml", "/repo/docker-compose.yml" },
            ("/repo/.editorconfig", "root = true\n[*.yml]\ndotnet_diagnostic.HRD001.severity = warning\n"),
            ("/repo/infra/.editorconfig", "[*]\ndotnet_diagnostic.hrd001.severity = suggestion\n")),
        S("root = true stops at the closer file", new[] { "/repo/infra/a.yml", "/repo/b.yml" },
            ("/repo/.editorconfig", "[*]\ndotnet_diagnostic.HRD001.severity = error\ndotnet_diagnostic.HRD010.severity = none\n"),
            ("/repo/infra/.editorconfig", "root = true\n[*.yml]\ndotnet_diagnostic.HRD030.severity = warning\n")),
        S("root value is case-insensitive, root in a section is not root", new[] { "/repo/a/x.yml", "/repo/b/x.yml" },
            ("/repo/.editorconfig", "[*.yml]\ndotnet_diagnostic.HRD001.severity = error\n"),
            ("/repo/a/.editorconfig", "ROOT = TRUE\n"),
            ("/repo/b/.editorconfig", "[*]\nroot = true\n")),
        S("three levels, no root", new[] { "/repo/a/b/c.yml" },
            ("/repo/.editorconfig", "[*]\ndotnet_diagnostic.HRD001.severity = error\ndotnet_diagnostic.HRD010.severity = warning\n"),
            ("/repo/a/.editorconfig", "[*]\ndotnet_diagnostic.HRD001.severity = suggestion\n"),
            ("/repo/a/b/.editorconfig", "[c.yml]\ndotnet_diagnostic.HRD010.severity = default\n")),
        S("later section in the same file wins", new[] { "/repo/docker-compose.yml", "/repo/other.yml" },
            ("/repo/.editorconfig", "[*.yml]\ndotnet_diagnostic.HRD001.severity = error\n[docker-compose.yml]\ndotnet_diagnostic.HRD001.severity = none\n")),
        S("earlier section still applies for other keys", new[] { "/repo/docker-compose.yml" },
            ("/repo/.editorconfig", "[docker-compose.yml]\ndotnet_diagnostic.HRD001.severity = none\n[*.yml]\ndotnet_diagnostic.HRD010.severity = suggestion\n")),
        S("sibling directory config does not apply", new[] { "/repo/a/x.yml", "/repo/ab/x.yml" },
            ("/repo/a/.editorconfig", "[*]\ndotnet_diagnostic.HRD001.severity = error\n")),
        S("path with . and .. segments", new[] { "/repo/a/../b.yml", "/repo/./a/x.yml" },
            ("/repo/a/.editorconfig", "[*.yml]\ndotnet_diagnostic.HRD001.severity = error\n"),
            ("/repo/.editorconfig", "[b.yml]\ndotnet_diagnostic.HRD010.severity = none\n")),

        // --- section globs
        S("* does not cross /", new[] { "/repo/deploy/a.yml", "/repo/deploy/sub/a.yml" },
            ("/repo/.editorconfig", "[deploy/*.yml]\ndotnet_diagnostic.HRD001.severity = error\n")),
        S("** crosses /", new[] { "/repo/deploy/a.yml", "/repo/deploy/sub/a.yml", "/repo/a.yml" },
            ("/repo/.editorconfig", "[deploy/**.yml]\ndotnet_diagnostic.HRD001.severity = error\n[**/*.yml]\ndotnet_diagnostic.HRD010.severity = suggestion\n")),
        S("? matches / too", new[] { "/repo/a/b.yml", "/repo/axb.yml", "/repo/ab.yml" },
            ("/repo/.editorconfig", "[a?b.yml]\ndotnet_diagnostic.HRD001.severity = error\n")),
        S("[abc] character class", new[] { "/repo/compose.b.yml", "/repo/compose.d.yml" },
            ("/repo/.editorconfig", "[compose.[abc].yml]\ndotnet_diagnostic.HRD001.severity = error\n")),
        S("[!abc] negated class, [a-c] range", new[] { "/repo/compose.b.yml", "/repo/compose.d.yml" },
            ("/repo/.editorconfig", "[compose.[!abc].yml]\ndotnet_diagnostic.HRD001.severity = error\n[compose.[a-c].yml]\ndotnet_diagnostic.HRD010.severity = none\n")),
        S("[\\d] in a class is passed to the regex", new[] { "/repo/a5.yml", "/repo/ad.yml" },
            ("/repo/.editorconfig", "[a[\\d].yml]\ndotnet_diagnostic.HRD001.severity = error\n")),
        S("{a,b} alternation", new[] { "/repo/a.yml", "/repo/a.yaml", "/repo/a.json" },
            ("/repo/.editorconfig", "[*.{yml,yaml}]\ndotnet_diagnostic.HRD001.severity = error\n")),
        S("nested braces", new[] { "/repo/docker-compose.override.yml", "/repo/compose.yaml", "/repo/docker-compose.prod.yml" },
            ("/repo/.editorconfig", "[{docker-,}compose{.override,}.{yml,yaml}]\ndotnet_diagnostic.HRD001.severity = error\n")),
        S("{} and {x} single alternatives", new[] { "/repo/a.yml" },
            ("/repo/.editorconfig", "[*.{yml}]\ndotnet_diagnostic.HRD001.severity = error\n[*.{}yml]\ndotnet_diagnostic.HRD010.severity = none\n")),
        S("{1..3} integer range", new[] { "/repo/compose1.yml", "/repo/compose2.yml", "/repo/compose4.yml", "/repo/compose0.yml", "/repo/compose02.yml" },
            ("/repo/.editorconfig", "[compose{1..3}.yml]\ndotnet_diagnostic.HRD001.severity = error\n")),
        S("negative and reversed ranges", new[] { "/repo/f-2.yml", "/repo/f-6.yml", "/repo/f3.yml", "/repo/f4.yml" },
            ("/repo/.editorconfig", "[f{3..-5}.yml]\ndotnet_diagnostic.HRD001.severity = error\n[f{-..3}.yml]\ndotnet_diagnostic.HRD010.severity = none\n")),
        S("ranges check the first regex match only", new[] { "/repo/123.yml", "/repo/11.yml", "/repo/3x30.yml" },
            ("/repo/.editorconfig", "[{1..3}{1..30}.yml]\ndotnet_diagnostic.HRD001.severity = error\n[{1..3}x{1..30}.yml]\ndotnet_diagnostic.HRD010.severity = none\n")),
        S("a range in an alternative not taken fails", new[] { "/repo/a.yml", "/repo/2.yml" },
            ("/repo/.editorconfig", "[{a,{1..3}}.yml]\ndotnet_diagnostic.HRD001.severity = error\n")),
        S("range too large for an int is an invalid section", new[] { "/repo/f1.yml" },
            ("/repo/.editorconfig", "[f{1..99999999999}.yml]\ndotnet_diagnostic.HRD001.severity = error\n")),
        S("[**/prod/*.{yml,yaml}] misses a top-level prod/", new[] { "/repo/deep/prod/a.yml", "/repo/prod/a.yaml" },
            ("/repo/.editorconfig", "[**/prod/*.{yml,yaml}]\ndotnet_diagnostic.HRD001.severity = error\n")),
        S("[sub/*.yml] is relative to the config's directory", new[] { "/repo/sub/x.yml", "/repo/x/sub/x.yml" },
            ("/repo/.editorconfig", "[sub/*.yml]\ndotnet_diagnostic.HRD001.severity = error\n[/sub/*.yml]\ndotnet_diagnostic.HRD010.severity = none\n[x/sub/*.yml]\ndotnet_diagnostic.HRD030.severity = error\n")),
        S("a / inside braces makes the glob relative", new[] { "/repo/sub/x.yml", "/repo/a/sub/x.yml" },
            ("/repo/.editorconfig", "[{sub/x,y}.yml]\ndotnet_diagnostic.HRD001.severity = error\n")),
        S("section names are case-sensitive", new[] { "/repo/A.YML", "/repo/a.yml" },
            ("/repo/.editorconfig", "[*.YML]\ndotnet_diagnostic.HRD001.severity = error\n")),
        S("escapes in section names", new[] { "/repo/a#b.yml", "/repo/{x}.yml", "/repo/a*.yml", "/repo/ab.yml" },
            ("/repo/.editorconfig", "[a\\#b.yml] ; a comment\ndotnet_diagnostic.HRD001.severity = error\n[\\{x\\}.yml]\ndotnet_diagnostic.HRD010.severity = none\n[a\\*.yml]\ndotnet_diagnostic.HRD030.severity = error\n")),
        S("invalid globs never match", new[] { "/repo/a.yml", "/repo/b" },
            ("/repo/.editorconfig", "[a,b]\ndotnet_diagnostic.HRD001.severity = error\n[{a.yml]\ndotnet_diagnostic.HRD010.severity = none\n[[ab.yml]\ndotnet_diagnostic.HRD030.severity = error\n[a}.yml]\ndotnet_diagnostic.HRD040.severity = error\n[a.yml]\ndotnet_diagnostic.HRD020.severity = error\n")),

        // --- keys and values
        S("IDs and keys are case-insensitive", new[] { "/repo/a.yml" },
            ("/repo/.editorconfig", "[*]\nDOTNET_DIAGNOSTIC.hrd001.SEVERITY = ERROR\ndotnet_diagnostic.Hrd010.severity = None\ndotnet_diagnostic.hrd030.severity = Refactoring\n")),
        S("the same key twice in a section: the later line wins", new[] { "/repo/a.yml" },
            ("/repo/.editorconfig", "[*]\ndotnet_diagnostic.HRD001.severity = error\ndotnet_diagnostic.hrd001.severity = none\n")),
        S("invalid severities: loud, warn, info, hidden, empty, unset", new[] { "/repo/a.yml" },
            ("/repo/.editorconfig", "[*]\ndotnet_diagnostic.HRD001.severity = loud\ndotnet_diagnostic.HRD010.severity = warn\ndotnet_diagnostic.HRD020.severity = info\ndotnet_diagnostic.HRD030.severity = hidden\ndotnet_diagnostic.HRD040.severity =\ndotnet_diagnostic.HRD050.severity = UNSET\n")),
        S("an invalid severity leaves the earlier value", new[] { "/repo/sub/a.yml" },
            ("/repo/.editorconfig", "[*]\ndotnet_diagnostic.HRD001.severity = error\n"),
            ("/repo/sub/.editorconfig", "[*]\ndotnet_diagnostic.HRD001.severity = loud\n")),
        S("comments and whitespace", new[] { "/repo/a.yml" },
            ("/repo/.editorconfig", "# comment\n; comment\n  [*.yml]   # trailing\n  dotnet_diagnostic.HRD001.severity   :   error  # why\ndotnet_diagnostic.HRD010.severity=none;why\n\t\n   # dotnet_diagnostic.HRD030.severity = error\n")),
        S("bad lines are dropped; properties after a bad header stay in the section before", new[] { "/repo/a.yml" },
            ("/repo/.editorconfig", "[*.yml]\nthis is not a property\n[a#b]\ndotnet_diagnostic.HRD001.severity = error\n[]\ndotnet_diagnostic.HRD010.severity = none\n")),
        S("CRLF, CR and Unicode line separators", new[] { "/repo/a.yml" },
            ("/repo/.editorconfig", "[*.yml]\r\ndotnet_diagnostic.HRD001.severity = error\rdotnet_diagnostic.HRD010.severity = none\u2028dotnet_diagnostic.HRD030.severity = error\u0085dotnet_diagnostic.HRD040.severity = warning\u2029")),
        S("ID keys in an .editorconfig preamble are ignored", new[] { "/repo/a.yml" },
            ("/repo/.editorconfig", "dotnet_diagnostic.HRD001.severity = error\ndotnet_analyzer_diagnostic.severity = error\n")),
        S("odd keys: empty ID, dotnet_diagnostic.severity", new[] { "/repo/a.yml" },
            ("/repo/.editorconfig", "[*]\ndotnet_diagnostic..severity = error\ndotnet_diagnostic.severity = error\n")),

        // --- bulk keys
        S("ID beats category beats all", new[] { "/repo/a.yml" },
            ("/repo/.editorconfig", "[*]\ndotnet_analyzer_diagnostic.severity = error\ndotnet_analyzer_diagnostic.category-Hardening.Secrets.severity = none\ndotnet_diagnostic.HRD030.severity = warning\n")),
        S("bulk keys do not enable silent or off rules", new[] { "/repo/a.yml" },
            ("/repo/.editorconfig", "[*]\ndotnet_analyzer_diagnostic.severity = error\ndotnet_analyzer_diagnostic.category-Hardening.SupplyChain.severity = warning\n")),
        S("category = default stops at the rule default; invalid category falls through", new[] { "/repo/a.yml" },
            ("/repo/.editorconfig", "[*]\ndotnet_analyzer_diagnostic.severity = error\ndotnet_analyzer_diagnostic.category-hardening.secrets.severity = default\ndotnet_analyzer_diagnostic.category-Hardening.Transport.severity = loud\n")),
        S("ID = default blocks the bulk keys", new[] { "/repo/a.yml" },
            ("/repo/.editorconfig", "[*]\ndotnet_analyzer_diagnostic.severity = none\ndotnet_diagnostic.HRD001.severity = default\n")),
        S("an invalid ID severity does not block the bulk keys", new[] { "/repo/a.yml" },
            ("/repo/.editorconfig", "[*]\ndotnet_analyzer_diagnostic.severity = none\ndotnet_diagnostic.HRD001.severity = loud\n")),
        S("bulk value with comment and odd case", new[] { "/repo/a.yml" },
            ("/repo/.editorconfig", "[*]\nDotnet_Analyzer_Diagnostic.Severity = Suggestion # all\n")),

        // --- global configs
        S("global config applies; editorconfig beats it", new[] { "/repo/src/a.yml", "/repo/src/b.json" },
            ("/repo/.globalconfig", "is_global = true\ndotnet_diagnostic.HRD001.severity = error\ndotnet_diagnostic.HRD010.severity = suggestion\n"),
            ("/repo/src/.editorconfig", "[*.yml]\ndotnet_diagnostic.HRD001.severity = none\n")),
        S("editorconfig bulk key beats a global ID? no: global ID beats bulk", new[] { "/repo/a.yml" },
            ("/repo/.globalconfig", "is_global = true\ndotnet_diagnostic.HRD001.severity = suggestion\n"),
            ("/repo/.editorconfig", "root = true\n[*]\ndotnet_analyzer_diagnostic.severity = error\n")),
        S("global bulk keys, overridden by editorconfig bulk keys", new[] { "/repo/a.yml", "/repo/b.json" },
            ("/repo/.globalconfig", "is_global = true\ndotnet_analyzer_diagnostic.severity = error\ndotnet_analyzer_diagnostic.category-Hardening.Secrets.severity = none\n"),
            ("/repo/.editorconfig", "[*.yml]\ndotnet_analyzer_diagnostic.severity = suggestion\n")),
        S("global configs above a root editorconfig still apply", new[] { "/repo/sub/a.yml" },
            ("/repo/.globalconfig", "is_global = true\ndotnet_diagnostic.HRD001.severity = error\n"),
            ("/repo/sub/.editorconfig", "root = true\n[*]\ndotnet_diagnostic.HRD010.severity = none\n")),
        S("global_level decides; .globalconfig defaults to 100", new[] { "/repo/sub/a.yml" },
            ("/repo/.globalconfig", "is_global = true\ndotnet_diagnostic.HRD001.severity = error\ndotnet_diagnostic.HRD010.severity = none\n"),
            ("/repo/sub/.globalconfig", "is_global = true\nglobal_level = 101\ndotnet_diagnostic.HRD001.severity = suggestion\n"),
            ("/repo/sub/deeper/.globalconfig", "is_global = true\ndotnet_diagnostic.HRD001.severity = none\n")),
        S("equal global levels conflict: the key is unset", new[] { "/repo/sub/a.yml" },
            ("/repo/.globalconfig", "is_global = true\ndotnet_diagnostic.HRD001.severity = error\ndotnet_diagnostic.HRD010.severity = none\n"),
            ("/repo/sub/.globalconfig", "is_global = true\ndotnet_diagnostic.HRD001.severity = suggestion\n")),
        S("a conflict is settled by a higher level; lower levels do not matter", new[] { "/repo/a/b/c.yml" },
            ("/repo/.globalconfig", "is_global = true\nglobal_level = 5\ndotnet_diagnostic.HRD001.severity = error\n"),
            ("/repo/a/.globalconfig", "is_global = true\nglobal_level = 5\ndotnet_diagnostic.HRD001.severity = none\n"),
            ("/repo/a/b/.globalconfig", "is_global = true\nglobal_level = +6\ndotnet_diagnostic.HRD001.severity = suggestion\nglobal_level = 1\n")),
        S("a .globalconfig is global even without is_global, or with is_global = false", new[] { "/repo/sub/a.yml" },
            ("/repo/.globalconfig", "dotnet_diagnostic.HRD001.severity = error\n[*.yml]\ndotnet_diagnostic.HRD010.severity = none\n"),
            ("/repo/sub/.globalconfig", "is_global = false\nglobal_level = 150\ndotnet_diagnostic.HRD030.severity = none\n")),
        S("an .editorconfig with is_global is a global config", new[] { "/repo/sub/a.yml" },
            ("/repo/.editorconfig", "is_global = true\ndotnet_diagnostic.HRD001.severity = error\n[*.yml]\ndotnet_diagnostic.HRD010.severity = none\n"),
            ("/repo/sub/.editorconfig", "[*]\ndotnet_diagnostic.HRD030.severity = warning\n")),
        S("global sections must be absolute paths", new[] { "/repo/a.yml", "/repo/b.yml" },
            ("/repo/.globalconfig", "is_global = true\n[/repo/a.yml]\ndotnet_diagnostic.HRD001.severity = error\n[*.yml]\ndotnet_diagnostic.HRD010.severity = none\n[/repo/b\\.yml]\ndotnet_diagnostic.HRD030.severity = error\n")),
        S("an editorconfig section beats a global absolute-path section", new[] { "/repo/a.yml" },
            ("/repo/.globalconfig", "is_global = true\n[/repo/a.yml]\ndotnet_diagnostic.HRD001.severity = error\ndotnet_diagnostic.HRD010.severity = none\n"),
            ("/repo/.editorconfig", "[*]\ndotnet_diagnostic.HRD001.severity = suggestion\n")),
        S("invalid severity in a global config", new[] { "/repo/a.yml" },
            ("/repo/.globalconfig", "is_global = true\ndotnet_diagnostic.HRD001.severity = loud\ndotnet_diagnostic.HRD010.severity = error\n")),
    };

    public enum Storage { InMemory, OnDisk }

    public static IEnumerable<TestCaseData> Cases() =>
        from scenario in Scenarios
        from storage in new[] { Storage.InMemory, Storage.OnDisk }
        select new TestCaseData(scenario, storage).SetName($"Roslyn agrees ({storage}): {scenario.Name}");

    [TestCaseSource(nameof(Cases))]
    public void Agrees_with_Roslyn(Scenario scenario, Storage storage)
    {
        using var tree = ScenarioTree.Create(scenario, storage);
        var configuration = new SeverityConfiguration(tree.FileSystem);

        Assert.Multiple(() =>
        {
            foreach (var file in tree.Files)
            {
                var roslyn = RoslynOracle.Evaluate(tree.Configs, file);
                var ours = configuration.Snapshot(file);

                Assert.That(Lower(ours.Tree), Is.EquivalentTo(Lower(roslyn.File.TreeOptions.ToDictionary(p => p.Key, p => RoslynOracle.Map(p.Value)))),
                    $"{file}: dotnet_diagnostic.<ID>.severity from sections");
                Assert.That(Lower(ours.Global), Is.EquivalentTo(Lower(roslyn.Global.TreeOptions.ToDictionary(p => p.Key, p => RoslynOracle.Map(p.Value)))),
                    $"{file}: dotnet_diagnostic.<ID>.severity from global configs");
                Assert.That(ours.Options, Is.EquivalentTo(roslyn.File.AnalyzerOptions), $"{file}: raw options (bulk keys included)");

                foreach (var rule in Rules)
                    Assert.That(configuration.Resolve(rule, file), Is.EqualTo(RoslynOracle.ExpectedSeverity(roslyn, rule)), $"{file}: {rule.Id} ({rule.DefaultSeverity} by default)");
            }

            // Warnings: compared over the whole scenario, since ours accumulate across files.
            var roslynResults = tree.Files.Select(f => RoslynOracle.Evaluate(tree.Configs, f)).ToList();
            var problems = configuration.Problems.Select(p => p.Message).ToList();
            Assert.That(InvalidIdSeverities(problems), Is.EquivalentTo(roslynResults.SelectMany(RoslynOracle.InvalidSeverities).Distinct()), "invalid ID severities");
            Assert.That(Captures(problems, "^The key '([^']*)'.* more than one global config").Select(k => k.ToLowerInvariant()).Distinct(),
                Is.EquivalentTo(roslynResults.SelectMany(RoslynOracle.ConflictingGlobalKeys).Distinct()), "global keys in conflict");
            Assert.That(Captures(problems, @"^The section \[(.*)\] of the global config").Distinct(),
                Is.EquivalentTo(roslynResults.SelectMany(RoslynOracle.IgnoredGlobalSections).Distinct()), "ignored global sections");
        });
    }

    private static Dictionary<string, Severity?> Lower(IEnumerable<KeyValuePair<string, Severity?>> pairs) =>
        pairs.ToDictionary(p => p.Key.ToLowerInvariant(), p => p.Value);

    private static IEnumerable<(string Id, string Value)> InvalidIdSeverities(IEnumerable<string> messages) =>
        from message in messages
        let m = Regex.Match(message, "^The diagnostic '(.*)' was given an invalid severity '(.*)' in ")
        where m.Success
        select (m.Groups[1].Value.ToLowerInvariant(), m.Groups[2].Value);

    private static IEnumerable<string> Captures(IEnumerable<string> messages, string pattern) =>
        from message in messages
        let m = Regex.Match(message, pattern)
        where m.Success
        select m.Groups[1].Value;

    /// <summary>A scenario laid out in memory, or under a fresh temporary directory (paths rebased onto it).</summary>
    private sealed class ScenarioTree : IDisposable
    {
        private readonly string? tempRoot;

        private ScenarioTree(IFileSystem fileSystem, (string Path, string Text)[] configs, string[] files, string? tempRoot)
        {
            FileSystem = fileSystem;
            Configs = configs;
            Files = files;
            this.tempRoot = tempRoot;
        }

        public IFileSystem FileSystem { get; }
        public (string Path, string Text)[] Configs { get; }
        public string[] Files { get; }

        public static ScenarioTree Create(Scenario scenario, Storage storage)
        {
            if (storage == Storage.InMemory)
            {
                var memory = new InMemoryFileSystem();
                foreach (var (path, text) in scenario.Configs) memory.Add(path, text);
                return new ScenarioTree(memory, scenario.Configs, scenario.Files, null);
            }

            var root = Directory.CreateTempSubdirectory("hrd-config-").FullName;
            // Configs above the temporary directory would leak into our discovery (Roslyn is only given the scenario's).
            for (var dir = Path.GetDirectoryName(root); dir is not null; dir = Path.GetDirectoryName(dir))
                Assume.That(File.Exists(Path.Combine(dir, ".editorconfig")) || File.Exists(Path.Combine(dir, ".globalconfig")), Is.False, $"a config file above {root}");

            string Rebase(string path) => root + path;
            var configs = scenario.Configs.Select(c => (Rebase(c.Path), RebaseText(c.Text, root))).ToArray();
            foreach (var (path, text) in configs)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, text, new UTF8Encoding(false));
            }
            return new ScenarioTree(PhysicalFileSystem.Instance, configs, scenario.Files.Select(Rebase).ToArray(), root);
        }

        /// <summary>Absolute paths inside config texts (global sections) move with the tree.</summary>
        private static string RebaseText(string text, string root) => text.Replace("[/repo/", "[" + root + "/repo/");

        public void Dispose()
        {
            if (tempRoot is not null) Directory.Delete(tempRoot, recursive: true);
        }
    }
}
