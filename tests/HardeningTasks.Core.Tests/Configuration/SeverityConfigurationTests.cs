using System.Collections.Concurrent;
using HardeningTasks.Core.Configuration;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Tests.Configuration;

public class SeverityConfigurationTests
{
    private static readonly RuleDescriptor Warning = new("HRD001", "t", "Hardening.SupplyChain", Severity.Warning, "m");
    private static readonly RuleDescriptor Silent = new("HRD020", "t", "Hardening.SupplyChain", Severity.Silent, "m");
    private static readonly RuleDescriptor Off = new("HRD040", "t", "Hardening.SupplyChain", Severity.None, "m");

    private static SeverityConfiguration With(string editorConfigSection) =>
        new(new InMemoryFileSystem().Add("/repo/.editorconfig", "root = true\n[*]\n" + editorConfigSection));

    // ID beats category beats all-rules; each only where the stronger ones are absent.
    [TestCase("dotnet_diagnostic.HRD001.severity = error\ndotnet_analyzer_diagnostic.category-Hardening.SupplyChain.severity = none\ndotnet_analyzer_diagnostic.severity = suggestion\n", Severity.Error)]
    [TestCase("dotnet_analyzer_diagnostic.severity = suggestion\ndotnet_analyzer_diagnostic.category-Hardening.SupplyChain.severity = none\n", Severity.None)]
    [TestCase("dotnet_analyzer_diagnostic.severity = suggestion\n", Severity.Suggestion)]
    [TestCase("dotnet_analyzer_diagnostic.category-Hardening.Secrets.severity = error\n", Severity.Warning, TestName = "Another category's key does not apply")]
    [TestCase("dotnet_analyzer_diagnostic.category-HARDENING.SUPPLYCHAIN.severity = error\n", Severity.Error, TestName = "Category names compare case-insensitively")]
    [TestCase("dotnet_diagnostic.HRD001.severity = default\ndotnet_analyzer_diagnostic.severity = error\n", Severity.Warning, TestName = "ID default stops at the rule default")]
    [TestCase("dotnet_analyzer_diagnostic.category-Hardening.SupplyChain.severity = default\ndotnet_analyzer_diagnostic.severity = error\n", Severity.Warning, TestName = "Category default stops at the rule default")]
    [TestCase("dotnet_analyzer_diagnostic.category-Hardening.SupplyChain.severity = loud\ndotnet_analyzer_diagnostic.severity = error\n", Severity.Error, TestName = "An invalid category word falls through to all rules")]
    [TestCase("dotnet_diagnostic.hrd001.severity = loud\ndotnet_analyzer_diagnostic.severity = error\n", Severity.Error, TestName = "An invalid ID word falls through to the bulk keys")]
    [TestCase("dotnet_diagnostic.hrd001.SEVERITY = NONE\n", Severity.None, TestName = "IDs, keys and words are case-insensitive")]
    [TestCase("", Severity.Warning, TestName = "Nothing configured gives the rule default")]
    public void Precedence_is_ID_then_category_then_all_rules(string settings, Severity expected)
    {
        Assert.That(With(settings).Resolve(Warning, "/repo/docker-compose.yml"), Is.EqualTo(expected));
    }

    [TestCase("dotnet_analyzer_diagnostic.severity = none\n", Severity.Error, TestName = "The all-rules key does not reach HRD000")]
    [TestCase("dotnet_analyzer_diagnostic.severity = none\ndotnet_analyzer_diagnostic.category-Hardening.Tool.severity = warning\n", Severity.Warning, TestName = "The Tool category key reaches HRD000")]
    [TestCase("dotnet_analyzer_diagnostic.severity = none\ndotnet_diagnostic.HRD000.severity = none\n", Severity.None, TestName = "The HRD000 ID key reaches HRD000")]
    public void HRD000_is_changed_only_by_its_own_keys(string settings, Severity expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(With(settings).Resolve(HardeningTasks.Core.Model.ToolDiagnostics.FileNotLoaded, "/repo/docker-compose.yml"), Is.EqualTo(expected));
            Assert.That(With(settings).Resolve(HardeningTasks.Core.Model.ToolDiagnostics.ConfigurationProblem, "/repo/docker-compose.yml"),
                Is.EqualTo(settings.Contains("Tool.severity = warning") ? Severity.Warning : Severity.None), "HRD090 follows the bulk keys like any rule");
        });
    }

    [Test]
    public void Bulk_keys_do_not_enable_a_rule_that_is_off_by_default()
    {
        var configuration = With("dotnet_analyzer_diagnostic.severity = error\ndotnet_analyzer_diagnostic.category-Hardening.SupplyChain.severity = warning\n");

        Assert.Multiple(() =>
        {
            Assert.That(configuration.Resolve(Silent, "/repo/a.yml"), Is.EqualTo(Severity.Silent));
            Assert.That(configuration.Resolve(Off, "/repo/a.yml"), Is.EqualTo(Severity.None));
            Assert.That(configuration.Resolve(Warning, "/repo/a.yml"), Is.EqualTo(Severity.Warning), "but they apply to rules that are on");
        });
    }

    [Test]
    public void An_ID_key_does_enable_a_rule_that_is_off_by_default()
    {
        var configuration = With("dotnet_diagnostic.HRD040.severity = error\ndotnet_diagnostic.HRD020.severity = suggestion\n");

        Assert.That((configuration.Resolve(Off, "/repo/a.yml"), configuration.Resolve(Silent, "/repo/a.yml")), Is.EqualTo((Severity.Error, Severity.Suggestion)));
    }

    [Test]
    public void An_invalid_severity_is_reported_once_at_its_value()
    {
        var fileSystem = new InMemoryFileSystem().Add("/repo/.editorconfig", "root = true\n\n[*.yml]\ndotnet_diagnostic.HRD001.severity = loud\n");
        var configuration = new SeverityConfiguration(fileSystem);

        Assert.That(configuration.Problems, Is.Empty, "nothing is read before it is needed");
        configuration.Resolve(Warning, "/repo/a.yml");
        configuration.Resolve(Warning, "/repo/sub/b.yml");
        configuration.Resolve(Silent, "/repo/a.yml");
        configuration.Resolve(Warning, "/repo/c.json");

        Assert.That(configuration.Problems, Is.EqualTo(new[]
        {
            new ConfigurationProblem(
                "The diagnostic 'HRD001' was given an invalid severity 'loud' in .editorconfig; use error, warning, suggestion, silent, none or default.",
                new SourceLocation("/repo/.editorconfig", new SourceSpan(4, 37, 4, 41))),
        }));
    }

    [Test]
    public void Invalid_bulk_severities_are_reported_too()
    {
        var configuration = With("dotnet_analyzer_diagnostic.severity = warn\ndotnet_analyzer_diagnostic.category-Hardening.Secrets.severity = info\n");

        configuration.Resolve(Warning, "/repo/a.yml");

        Assert.That(configuration.Problems.Select(p => (p.Message, p.Location.Line)), Is.EqualTo(new[]
        {
            ("The setting for all rules (dotnet_analyzer_diagnostic.severity) was given an invalid severity 'warn' in .editorconfig; use error, warning, suggestion, silent, none or default.", 3),
            ("The category 'Hardening.Secrets' was given an invalid severity 'info' in .editorconfig; use error, warning, suggestion, silent, none or default.", 4),
        }));
    }

    [Test]
    public void Global_configs_in_conflict_are_reported_with_their_files()
    {
        var configuration = new SeverityConfiguration(new InMemoryFileSystem()
            .Add("/repo/.globalconfig", "is_global = true\ndotnet_diagnostic.HRD001.severity = error\n")
            .Add("/repo/sub/.globalconfig", "is_global = true\n\ndotnet_diagnostic.HRD001.severity = none\n"));

        Assert.That(configuration.Resolve(Warning, "/repo/sub/a.yml"), Is.EqualTo(Severity.Warning), "the key is unset");
        var problem = configuration.Problems.Single();
        Assert.Multiple(() =>
        {
            Assert.That(problem.Message, Does.StartWith("The key 'dotnet_diagnostic.HRD001.severity' is set by more than one global config at global_level 100 (/repo/.globalconfig, /repo/sub/.globalconfig)"));
            Assert.That(problem.Location, Is.EqualTo(new SourceLocation("/repo/.globalconfig", SourceSpan.At(2, 37))));
        });
    }

    [Test]
    public void Config_files_for_a_file_are_those_consulted_sorted()
    {
        var configuration = new SeverityConfiguration(new InMemoryFileSystem()
            .Add("/.editorconfig", "[*]\n")                          // above the root file: not consulted
            .Add("/.globalconfig", "is_global = true\n")              // global configs are found all the way up
            .Add("/repo/.editorconfig", "root = true\n")
            .Add("/repo/infra/.editorconfig", "[*.yml]\n")
            .Add("/repo/infra/.globalconfig", "is_global = true\n")
            .Add("/repo/other/.editorconfig", "[*]\n"));             // a sibling: not consulted

        Assert.Multiple(() =>
        {
            Assert.That(configuration.ConfigFilesFor("/repo/infra/deploy/docker-compose.yml"), Is.EqualTo(new[]
            {
                "/.globalconfig", "/repo/.editorconfig", "/repo/infra/.editorconfig", "/repo/infra/.globalconfig",
            }));
            Assert.That(configuration.ConfigFilesFor("/elsewhere/a.yml"), Is.EqualTo(new[] { "/.editorconfig", "/.globalconfig" }));
        });
    }

    [Test]
    public void Paths_may_use_backslashes_and_dot_segments()
    {
        var configuration = With("dotnet_diagnostic.HRD001.severity = error\n");

        Assert.Multiple(() =>
        {
            Assert.That(configuration.Resolve(Warning, "/repo\\infra\\..\\a.yml"), Is.EqualTo(Severity.Error));
            Assert.That(configuration.ConfigFilesFor("/repo\\infra\\a.yml"), Is.EqualTo(new[] { "/repo/.editorconfig" }));
        });
    }

    [Test]
    public void A_relative_path_is_refused()
    {
        Assert.Throws<ArgumentException>(() => With("").Resolve(Warning, "repo/a.yml"));
    }

    [Test]
    public void An_unreadable_config_is_reported_ignored_and_still_an_input()
    {
        var configuration = new SeverityConfiguration(new InMemoryFileSystem()
            .Add("/repo/.editorconfig", "root = true\n[*]\ndotnet_diagnostic.HRD001.severity = error\n")
            .Add("/repo/sub/.editorconfig", new byte[] { (byte)'[', (byte)'*', (byte)']', (byte)'\n', 0, 1, 2 }));

        Assert.Multiple(() =>
        {
            Assert.That(configuration.Resolve(Warning, "/repo/sub/a.yml"), Is.EqualTo(Severity.Error));
            Assert.That(configuration.ConfigFilesFor("/repo/sub/a.yml"), Does.Contain("/repo/sub/.editorconfig"));
            Assert.That(configuration.Problems.Single().Location, Is.EqualTo(new SourceLocation("/repo/sub/.editorconfig", SourceSpan.At(2, 1))));
            Assert.That(configuration.Problems.Single().Message, Does.StartWith("The configuration file is ignored: The file contains NUL bytes"));
        });
    }

    [Test]
    public void Each_config_file_is_read_once_however_many_files_and_threads_ask()
    {
        var fileSystem = new CountingFileSystem(new InMemoryFileSystem()
            .Add("/repo/.editorconfig", "root = true\n[*.yml]\ndotnet_diagnostic.HRD001.severity = error\n[{1..50}/*.yml]\ndotnet_diagnostic.HRD001.severity = none\n")
            .Add("/repo/.globalconfig", "is_global = true\ndotnet_diagnostic.HRD020.severity = warning\n"));
        var configuration = new SeverityConfiguration(fileSystem);
        var files = Enumerable.Range(0, 100).Select(i => $"/repo/{i}/compose.yml").ToList();

        var results = new ConcurrentDictionary<string, (Severity, Severity)>();
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = 8 }, file =>
            results[file] = (configuration.Resolve(Warning, file), configuration.Resolve(Silent, file)));

        Assert.Multiple(() =>
        {
            foreach (var (file, i) in files.Select((f, i) => (f, i)))
                Assert.That(results[file], Is.EqualTo((i is >= 1 and <= 50 ? Severity.None : Severity.Error, Severity.Warning)), file);
            Assert.That(fileSystem.Reads, Is.EquivalentTo(new Dictionary<string, int> { ["/repo/.editorconfig"] = 1, ["/repo/.globalconfig"] = 1 }));
        });
    }

    private sealed class CountingFileSystem : IFileSystem
    {
        private readonly IFileSystem inner;

        public CountingFileSystem(IFileSystem inner) => this.inner = inner;

        public ConcurrentDictionary<string, int> Reads { get; } = new();

        public bool FileExists(string path) => inner.FileExists(path);
        public bool DirectoryExists(string path) => inner.DirectoryExists(path);
        public long GetFileLength(string path) => inner.GetFileLength(path);
        public IEnumerable<string> EnumerateFiles(string directory) => inner.EnumerateFiles(directory);
        public IEnumerable<string> EnumerateDirectories(string directory) => inner.EnumerateDirectories(directory);

        public byte[] ReadAllBytes(string path)
        {
            Reads.AddOrUpdate(path, 1, (_, n) => n + 1);
            return inner.ReadAllBytes(path);
        }
    }
}
