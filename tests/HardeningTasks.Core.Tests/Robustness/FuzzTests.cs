using System.Diagnostics;
using System.Text;
using CsCheck;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Tests.Robustness;

/// <summary>
/// Mutation fuzzing of the real-world corpus through the real engine: whatever a file becomes, no exception escapes
/// <see cref="Engine.Analyze"/>, no rule fails on a file that loaded, no parser fails in a way only the safety net
/// catches, and no single analysis hangs. <c>HARDENING_FUZZ_ITERATIONS</c> (default 20,000) sets the number of
/// mutated files, <c>HARDENING_FUZZ_SEED</c> (an integer) picks another run; the suite's seed is fixed. See docs/robustness.md.
/// </summary>
public class FuzzTests
{
    public const long DefaultIterations = 20_000;

    /// <summary>Longer than any sane analysis of a 256 KB file, even on a busy machine; past it the input is reported as a hang.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    private static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable("HARDENING_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : DefaultIterations;

    /// <summary>The suite's run: a fixed seed, so CI is reproducible and a failure replays exactly; set
    /// <c>HARDENING_FUZZ_SEED</c> (an integer) to explore other inputs.</summary>
    public const int SuiteSeed = 20261123;

    private static int RandomSeed(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("HARDENING_FUZZ_SEED"), out var seed) ? seed : fallback;

    [Test]
    public void Mutated_corpus_files_never_crash_the_engine_nor_a_rule()
    {
        var seeds = FuzzCorpus.Seeds;
        Assert.That(seeds.Count, Is.GreaterThan(400), "the corpus is where the fuzzer starts from");
        Assert.That(seeds.SelectMany(s => s.Inputs.Where(i => i.Path == s.Target)).Select(i => i.Kind).Distinct(),
            Is.SupersetOf(new[] { InputKind.Compose, InputKind.Dockerfile, InputKind.TraefikConfig }));
        Assert.That(seeds.Count(s => Path.GetFileName(s.Target) == ".env"), Is.GreaterThan(5));

        var watch = Stopwatch.StartNew();
        var found = Hunt(Iterations, RandomSeed(SuiteSeed), out var loaded, out var slowest);
        watch.Stop();
        TestContext.Progress.WriteLine($"Fuzz: {Iterations:N0} mutated files from {seeds.Count} corpus seeds in {watch.Elapsed.TotalSeconds:0.0} s = {Iterations / watch.Elapsed.TotalSeconds:0} mutations/s; {100.0 * loaded / Math.Max(1, Iterations):0}% of them still loaded, so every rule ran on them; slowest: {slowest}");
        Assert.That(found, Is.Empty, $"{found.Count} distinct problems:\n" + string.Join("\n\n", found));
    }

    /// <summary>For a local hunt: <c>HARDENING_FUZZ_ITERATIONS</c> mutations from a fresh random seed (or
    /// <c>HARDENING_FUZZ_SEED</c>), printing each distinct problem once. Not part of the suite.</summary>
    [Test, Explicit("a local bug hunt; the suite runs the property test above")]
    public void Survey()
    {
        var found = Hunt(Iterations, RandomSeed(Environment.TickCount), out _, out var slowest);
        TestContext.Progress.WriteLine("slowest: " + slowest);
        foreach (var description in found) TestContext.Progress.WriteLine(description + "\n");
        Assert.That(found, Is.Empty, $"{found.Count} distinct problems");
    }

    /// <summary>Runs <paramref name="iterations"/> mutated analyses on all cores and returns each distinct problem
    /// (by its message) once, with the seed file and mutations that produced it. <paramref name="slowest"/> names the
    /// slowest single analysis: the way superlinear code shows (a RUN with thousands of continuation lines did).</summary>
    private static IReadOnlyList<string> Hunt(long iterations, int randomSeed, out long loaded, out string slowest)
    {
        // HARDENING_FUZZ_ONLY=<part of a corpus path> focuses a local hunt on some seeds.
        var only = Environment.GetEnvironmentVariable("HARDENING_FUZZ_ONLY");
        var seeds = string.IsNullOrEmpty(only) ? FuzzCorpus.Seeds : FuzzCorpus.Seeds.Where(s => s.Source.Contains(only, StringComparison.Ordinal)).ToList();
        var random = new Random(randomSeed);
        var cases = Enumerable.Range(0, (int)Math.Min(iterations, int.MaxValue))
            .Select(_ => (Index: random.Next(seeds.Count), Mutations: Enumerable.Range(0, new[] { 1, 1, 1, 1, 1, 2, 2, 2, 3, 4 }[random.Next(10)]).Select(_ => RandomMutation(random)).ToArray()))
            .ToList();
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        long loadedCount = 0;
        var slowestCase = (Time: TimeSpan.Zero, What: "");
        var next = -1;
        void Work()
        {
            for (var i = Interlocked.Increment(ref next); i < cases.Count; i = Interlocked.Increment(ref next))
            {
                var c = cases[i];
                var bytes = Mutator.Apply(seeds[c.Index].Bytes, c.Mutations);
                var started = Stopwatch.GetTimestamp();
                var problem = Problem(seeds[c.Index], bytes, out var targetLoaded);
                var elapsed = Stopwatch.GetElapsedTime(started);
                if (targetLoaded) Interlocked.Increment(ref loadedCount);
                lock (found)
                    if (elapsed > slowestCase.Time)
                        slowestCase = (elapsed, $"{elapsed.TotalMilliseconds:0} ms, case {i}: {Path.GetRelativePath(FuzzCorpus.Root, seeds[c.Index].Source)}, {bytes.Length:N0} bytes");
                if (problem == null) continue;
                var key = problem.Length > 160 ? problem.Substring(0, 160) : problem;
                lock (found)
                    if (!found.ContainsKey(key)) found[key] = $"seed {randomSeed}, case {i}: " + Describe(seeds[c.Index], c.Mutations);
            }
        }
        var workers = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new Thread(Work)).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        loaded = loadedCount;
        slowest = slowestCase.What;
        return found.Values.ToList();
    }

    private static Mutation RandomMutation(Random random)
    {
        var total = Mutator.Weights.Sum(w => w.Weight);
        var pick = random.Next(total);
        var kind = Mutator.Weights.First(w => (pick -= w.Weight) < 0).Kind;
        return new Mutation(kind, random.Next(), random.Next(), random.Next());
    }

    /// <summary>Why the engine misbehaved on <paramref name="seed"/> holding <paramref name="bytes"/>, or null when it behaved.</summary>
    internal static string? Problem(FuzzSeed seed, byte[] bytes) => Problem(seed, bytes, out _);

    /// <param name="targetLoaded">Whether the mutated file loaded (no HRD000 on it), so the rules ran on its mutated content.</param>
    internal static string? Problem(FuzzSeed seed, byte[] bytes, out bool targetLoaded)
    {
        targetLoaded = false;
        var request = new AnalysisRequest
        {
            ProjectDirectory = FuzzCorpus.Root,
            FileSystem = new OverlayFileSystem(FuzzCorpus.FileSystem, seed.Target, bytes),
            Files = seed.Inputs,
        };
        // On a thread of its own, so that a hang is reported (and the blocked caller never starves the pool the engine's PLINQ uses).
        AnalysisResult? result = null;
        Exception? escaped = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = Engine.Analyze(request);
            }
            catch (Exception ex)
            {
                escaped = ex;
            }
        }) { IsBackground = true, Name = "fuzz analysis" }; // the default stack, as a build thread has: a 16 MB one hid an overflow
        thread.Start();
        if (!thread.Join(Hang)) return $"the analysis did not finish within {Hang.TotalSeconds:0} s";
        if (escaped != null) return "an exception escaped Engine.Analyze: " + Summary(escaped);
        var crashes = result!.Findings.Where(IsCrash).ToList();
        targetLoaded = !result.Findings.Any(f => f.RuleId == "HRD000" && f.Location.FilePath == seed.Target);
        return crashes.Count == 0 ? null : "a crash was caught by the engine: " + string.Join("; ", crashes);
    }

    /// <summary>The innermost exception, with the frames of ours nearest to where it was thrown.</summary>
    private static string Summary(Exception ex)
    {
        while (ex is AggregateException { InnerException: { } inner }) ex = inner;
        var frames = (ex.StackTrace ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("at HardeningTasks.Core.", StringComparison.Ordinal) || l.StartsWith("at YamlDotNet.", StringComparison.Ordinal))
            .Select(l => l.Split(" in ")[0]).Take(4);
        return $"{ex.GetType().Name}: {ex.Message} [{string.Join(" < ", frames)}]";
    }

    /// <summary>An HRD000 that only a failure of our own code gives: a rule that threw, or the loader's safety net.</summary>
    internal static bool IsCrash(Finding finding) =>
        finding.RuleId == "HRD000"
        && (finding.Message.StartsWith("Rule HRD", StringComparison.Ordinal) || finding.Message.StartsWith("HardeningTasks failed", StringComparison.Ordinal));

    private static string Describe(FuzzSeed seed, Mutation[] mutations)
    {
        var bytes = Mutator.Apply(seed.Bytes, mutations);
        var problem = Problem(seed, bytes);
        var minimal = problem == null ? bytes : Minimise(bytes, b => Problem(seed, b) != null);
        return $"{Path.GetRelativePath(FuzzCorpus.Root, seed.Source)} with [{string.Join(", ", mutations)}]\n"
            + $"problem: {problem ?? "(did not reproduce)"}\n"
            + $"minimised ({minimal.Length} bytes) as a C# literal:\n{Literal(minimal)}";
    }

    /// <summary>Greedy minimisation (ddmin-like): drop ever smaller chunks of lines, then of bytes, while the problem stays.</summary>
    internal static byte[] Minimise(byte[] bytes, Func<byte[], bool> fails, int budget = 3000)
    {
        var current = bytes;
        for (var chunk = Math.Max(1, current.Length / 2); chunk >= 1 && budget > 0; chunk /= 2)
        {
            for (var start = 0; start < current.Length && budget > 0;)
            {
                var cut = Math.Min(chunk, current.Length - start);
                var candidate = new byte[current.Length - cut];
                Array.Copy(current, 0, candidate, 0, start);
                Array.Copy(current, start + cut, candidate, start, current.Length - start - cut);
                budget--;
                if (fails(candidate)) current = candidate;
                else start += chunk;
            }
        }
        return current;
    }

    private static string Literal(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var sb = new StringBuilder("\"");
        foreach (var c in text)
            sb.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c < ' ' || c > '~' => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        return sb.Append('"').ToString();
    }

    private sealed class FuzzFailure : Exception
    {
        public FuzzFailure(string message) : base(message)
        {
        }
    }
}
