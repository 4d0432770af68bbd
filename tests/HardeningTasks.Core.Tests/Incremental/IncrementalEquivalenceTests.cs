using System.Text;
using HardeningTasks.Core.Incremental;
using HardeningTasks.Core.Tests.Compose;

namespace HardeningTasks.Core.Tests.Incremental;

/// <summary>
/// The property the incremental scan must keep: after any edit, reusing the last scan's units gives exactly the
/// findings (same order, severities, messages, spans) of the engine on the whole request. Checked over every corpus
/// repository and every fixture directory, with a chain of edits of every kind: a file's content changed so findings
/// change, a file deleted, an <c>.env</c> added, an <c>.editorconfig</c> severity changed, a Dockerfile behind a
/// <c>build:</c> changed, a Traefik file changed. Each scan starts from the state the previous one left, through its
/// text form. The edits are pseudo-random with a seed fixed per case, so a failure reproduces.
/// </summary>
public class IncrementalEquivalenceTests
{
    private enum Edit
    {
        ModifyContent,
        DeleteFile,
        AddEnv,
        EditorConfigSeverity,
        DockerfileBehindBuild,
        TraefikFile,
    }

    public static IEnumerable<TestCaseData> CorpusRepositories() => CorpusTests.Repositories();

    public static IEnumerable<TestCaseData> FixtureDirectories() =>
        Directory.EnumerateDirectories(Path.Combine(TestPaths.RepositoryRoot, "tests", "fixtures"))
            .SelectMany(rule => Directory.EnumerateDirectories(rule).Select(d => Path.GetRelativePath(Path.Combine(TestPaths.RepositoryRoot, "tests", "fixtures"), d).Replace('\\', '/')))
            .OrderBy(d => d, StringComparer.Ordinal)
            .Select(d => new TestCaseData(d).SetName("Fixture_" + d.Replace('/', '_')));

    [TestCaseSource(nameof(CorpusRepositories))]
    public void Corpus_repository_edits_give_the_whole_analysis(string name) =>
        RunChain(IncrementalBed.FromDirectory(Path.Combine(TestPaths.CorpusRoot, name)), name, rounds: 12);

    [TestCaseSource(nameof(FixtureDirectories))]
    public void Fixture_directory_edits_give_the_whole_analysis(string relative)
    {
        var directory = Path.Combine(TestPaths.RepositoryRoot, "tests", "fixtures", relative);
        var properties = Fixtures.FixtureCase.FromDirectory(Path.GetFileName(Path.GetDirectoryName(directory)!), directory).Properties;
        RunChain(IncrementalBed.FromDirectory(directory, properties), relative, rounds: 6);
    }

    private static void RunChain(IncrementalBed bed, string name, int rounds)
    {
        var cold = bed.CheckEquivalent("cold scan");
        Assert.That(cold.PreviousUsable, Is.False);
        Assert.That(cold.UnitsReused, Is.Zero);

        var again = bed.CheckEquivalent("nothing changed");
        Assert.That((again.UnitsAnalysed, again.UnitsReused, again.EngineRuns), Is.EqualTo((0, cold.UnitsTotal, 0)), "nothing changed, yet units were analysed");

        var random = new Random(StableSeed(name));
        var edits = (Edit[])Enum.GetValues(typeof(Edit));
        for (var round = 0; round < rounds; round++)
        {
            var edit = edits[round % edits.Length];
            var before = bed.State!;
            var snapshot = new Dictionary<string, byte[]>(bed.Files);
            var description = Apply(bed, edit, random);
            var path = TouchedPath!;
            var changed = snapshot.TryGetValue(path, out var old) != bed.Files.TryGetValue(path, out var now) || (old != null && !old.SequenceEqual(now!));
            var outcome = bed.CheckEquivalent($"round {round}: {description}");
            // A unit that probed or read the changed path, and still has all its inputs, must be analysed again.
            var observedBefore = before.Units.Count(u => u.Observations.Any(o => o.Path == path) && !u.Seeds.Any(s => s.Contains(path)));
            if (changed && observedBefore > 0)
                Assert.That(outcome.UnitsAnalysed, Is.GreaterThanOrEqualTo(1), $"round {round}: {description}: a unit read it but none was analysed again");
            Assert.That(outcome.UnitsAnalysed + outcome.UnitsReused, Is.EqualTo(outcome.State.Units.Count));
        }
    }

    [ThreadStatic] private static string? touchedPath;

    private static string? TouchedPath => touchedPath;

    private static string Apply(IncrementalBed bed, Edit edit, Random random)
    {
        var inputs = bed.Inputs();
        string Pick(IReadOnlyList<string> paths) => paths[random.Next(paths.Count)];
        string Rel(string path) => Path.GetRelativePath(bed.Root, path);
        switch (edit)
        {
            case Edit.DeleteFile:
            {
                var path = Pick(bed.Files.Keys.ToList());
                bed.Delete(path);
                touchedPath = path;
                return "deleted " + Rel(path);
            }
            case Edit.AddEnv when inputs.Any(i => i.Kind == InputKind.Compose):
            {
                var compose = Pick(inputs.Where(i => i.Kind == InputKind.Compose).Select(i => i.Path).ToList());
                var env = Path.Combine(Path.GetDirectoryName(compose)!, ".env");
                bed.Write(env, "TAG=incremental\nPORT=8080\nPOSTGRES_PASSWORD=hunter2\n");
                touchedPath = env;
                return "wrote " + Rel(env);
            }
            case Edit.EditorConfigSeverity:
            {
                var config = Path.Combine(bed.Root, ".editorconfig");
                var findings = Core.Engine.Analyze(bed.Request()).Findings;
                var rule = findings.Count > 0 ? findings[random.Next(findings.Count)].RuleId : "HRD001";
                var word = random.Next(2) == 0 ? "error" : "none";
                var text = bed.Files.ContainsKey(config) ? bed.Read(config) : "root = true\n";
                bed.Write(config, text + $"\n[*]\ndotnet_diagnostic.{rule}.severity = {word}\n");
                touchedPath = config;
                return $"{rule} set to {word} in .editorconfig";
            }
            case Edit.DockerfileBehindBuild when Dockerfiles(bed).Count > 0:
            {
                var path = Pick(Dockerfiles(bed));
                bed.Write(path, bed.Read(path) + "\nUSER root\nHEALTHCHECK CMD true\n");
                touchedPath = path;
                return "changed the Dockerfile " + Rel(path);
            }
            case Edit.TraefikFile when TraefikFiles(bed).Count > 0:
            {
                var path = Pick(TraefikFiles(bed));
                var text = bed.Read(path);
                bed.Write(path, text + (path.EndsWith(".toml", StringComparison.Ordinal)
                    ? "\n[entryPoints.incremental]\n  address = \":8081\"\n"
                    : text.Contains("entryPoints:") ? "\n# changed\n" : "\nentryPoints:\n  incremental:\n    address: \":8081\"\n"));
                touchedPath = path;
                return "changed the Traefik file " + Rel(path);
            }
            default:
            {
                if (inputs.Count == 0)
                {
                    var path = Path.Combine(bed.Root, "compose.yaml");
                    bed.Write(path, "services:\n  web:\n    image: nginx:latest\n    privileged: true\n");
                    touchedPath = path;
                    return "added compose.yaml";
                }
                var input = inputs[random.Next(inputs.Count)];
                var text = bed.Read(input.Path);
                touchedPath = input.Path;
                bed.Write(input.Path, input.Kind switch
                {
                    InputKind.Compose => AddPrivilegedService(text),
                    InputKind.Dockerfile => text + "\nUSER root\nRUN curl -fsSL http://example.com/install.sh | sh\n",
                    _ => text + "\n# changed\n",
                });
                return "changed the content of " + Rel(input.Path);
            }
        }
    }

    /// <summary>Dockerfiles beside a compose file or below its directory: the ones a <c>build:</c> is likely to use.</summary>
    private static List<string> Dockerfiles(IncrementalBed bed)
    {
        var composeDirs = bed.Inputs().Where(i => i.Kind == InputKind.Compose).Select(i => Path.GetDirectoryName(i.Path)! + Path.DirectorySeparatorChar).ToList();
        return bed.Files.Keys.Where(f => InputClassifier.Classify(f) == InputKind.Dockerfile && composeDirs.Any(d => f.StartsWith(d, StringComparison.Ordinal))).ToList();
    }

    private static List<string> TraefikFiles(IncrementalBed bed) =>
        bed.Files.Keys.Where(f => f.IndexOf("traefik", StringComparison.OrdinalIgnoreCase) >= 0
                                  && (f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".toml", StringComparison.Ordinal))).ToList();

    /// <summary>A privileged service right after <c>services:</c>, indented like the file's services.</summary>
    private static string AddPrivilegedService(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n').ToList();
        var at = lines.FindIndex(l => l.TrimEnd() == "services:");
        if (at < 0) return text + "\n# changed\n";
        var next = lines.Skip(at + 1).FirstOrDefault(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith("#", StringComparison.Ordinal)) ?? "  x";
        var indent = new string(' ', Math.Max(1, next.Length - next.TrimStart().Length));
        lines.InsertRange(at + 1, new[] { indent + "zz-incremental:", indent + indent + "image: nginx:latest", indent + indent + "privileged: true" });
        return string.Join("\n", lines);
    }

    private static int StableSeed(string name)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var b in Encoding.UTF8.GetBytes(name)) hash = (hash ^ b) * 16777619;
            return hash;
        }
    }
}
