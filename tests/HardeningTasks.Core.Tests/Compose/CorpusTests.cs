using HardeningTasks.Core;
using HardeningTasks.Core.Model;
using HardeningTasks.Tests.Shared;
using Snapshooter;
using Snapshooter.NUnit;

namespace HardeningTasks.Core.Tests.Compose;

/// <summary>
/// Every compose file of the real-world corpus (<c>../shared/corpus</c>) through the real engine, one analysis per
/// repository with its compose files, Dockerfiles and Traefik files as inputs. Nothing may crash, every HRD000 must be
/// on a file that is genuinely invalid (the allow-list says why), and the findings are snapshotted so every change
/// shows in review. Regenerate after adding or changing rules:
/// <c>rm tests/HardeningTasks.Core.Tests/Compose/__snapshots__/*.snap; dotnet test tests/HardeningTasks.Core.Tests --filter FullyQualifiedName~CorpusTests</c>
/// (a missing snapshot is written and passes; a differing one fails and leaves the new one under <c>__snapshots__/__mismatch__/</c>).
/// </summary>
public class CorpusTests
{
    /// <summary>Files Docker Compose itself refuses, with the reason; an HRD000 anywhere else fails the test.</summary>
    private static readonly Dictionary<string, string> InvalidFiles = new(StringComparer.Ordinal)
    {
        ["coollabsio__coolify/templates/compose/dify.yaml"] =
            "the inline 'content: |' script holds the awk regex '${[A-Za-z_][A-Za-z_0-9]*}', which compose interpolates and refuses (Invalid template); Coolify rewrites it before compose sees it",
        ["coollabsio__coolify/templates/compose/signoz.yaml"] =
            "the inline OpenTelemetry config holds '${env:LOW_CARDINAL_EXCEPTION_GROUPING}', not a compose expression (Invalid template) unless written '$${env:...}'",
        ["coollabsio__coolify/templates/compose/gramps-web.yaml"] =
            "'volumes: <<: *volumes' merges an anchored list of strings; YAML merge keys take mappings only (go-yaml: 'map merge requires map or sequence of maps')",
        ["coollabsio__coolify/templates/compose/langfuse.yaml"] =
            "'environment: <<: *app-env' merges an anchored list of strings; YAML merge keys take mappings only (go-yaml: 'map merge requires map or sequence of maps')",
    };

    public static IEnumerable<TestCaseData> Repositories() =>
        Directory.Exists(TestPaths.CorpusRoot)
            ? Directory.EnumerateDirectories(TestPaths.CorpusRoot).Select(d => Path.GetFileName(d)!).OrderBy(n => n, StringComparer.Ordinal)
                .Select(n => new TestCaseData(n).SetName("Corpus_" + n))
            : Enumerable.Empty<TestCaseData>();

    public static List<InputFile> Inputs(string repository) => CorpusInputs.Of(repository);

    [Test]
    public void The_corpus_is_there() =>
        Assert.That(Repositories().Count(), Is.GreaterThanOrEqualTo(8), "the corpus lives at " + TestPaths.CorpusRoot);

    [TestCaseSource(nameof(Repositories))]
    public void Loads_without_crashes_and_matches_the_snapshot(string name)
    {
        var repository = Path.Combine(TestPaths.CorpusRoot, name);
        var inputs = Inputs(repository);
        Assert.That(inputs.Where(i => i.Kind == InputKind.Compose), Is.Not.Empty);

        AnalysisResult? result = null;
        Assert.DoesNotThrow(() => result = Engine.Analyze(new AnalysisRequest { ProjectDirectory = repository, Files = inputs }));
        string Relative(string path) => Path.GetRelativePath(repository, path).Replace('\\', '/');

        var crashes = result!.Findings.Where(f => f.RuleId == "HRD000" && f.Message.Contains("failed on this file")).ToList();
        Assert.That(crashes.Select(f => $"{Relative(f.Location.FilePath)}: {f.Message}"), Is.Empty, "a rule crashed");

        var unexpected = result.Findings
            .Where(f => f.RuleId == "HRD000" && !InvalidFiles.ContainsKey(name + "/" + Relative(f.Location.FilePath)))
            .Select(f => $"{Relative(f.Location.FilePath)}({f.Location.Line},{f.Location.Column}): {f.Message}")
            .ToList();
        Assert.That(unexpected, Is.Empty, "HRD000 on a file that is not on the allow-list of invalid files");

        var lines = result.Findings
            .Select(f => $"{Relative(f.Location.FilePath)}({f.Location.Line},{f.Location.Column}): {f.RuleId}")
            .OrderBy(l => l, StringComparer.Ordinal)
            .ToList();
        Snapshot.Match(new CorpusFindings(inputs.Count(i => i.Kind == InputKind.Compose), lines));
    }

    [Test]
    public void Every_allow_listed_invalid_file_still_exists_and_is_still_refused()
    {
        foreach (var (file, reason) in InvalidFiles)
        {
            Assert.That(reason, Is.Not.Empty);
            var path = Path.Combine(TestPaths.CorpusRoot, file);
            Assert.That(File.Exists(path), file);
            var repository = Path.Combine(TestPaths.CorpusRoot, file.Split('/')[0]);
            var result = Engine.Analyze(new AnalysisRequest { ProjectDirectory = repository, Files = Inputs(repository) });
            Assert.That(result.Findings.Any(f => f.RuleId == "HRD000" && f.Location.FilePath == Path.GetFullPath(path)), file + " is no longer refused: take it off the list");
        }
    }

    /// <summary>What is snapshotted per repository: how many compose inputs, and every finding as <c>file(line,col): ID</c>.</summary>
    public sealed record CorpusFindings(int ComposeFiles, IReadOnlyList<string> Findings);
}
