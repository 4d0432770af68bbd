using System.Collections.Generic;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using HardeningTasks.Core;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Linking;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Parsing;
using HardeningTasks.Core.Rules;

namespace HardeningTasks.Benchmarks;

/// <summary>
/// The whole corpus, one request per repository as the corpus tests build them, three ways, to say where the time goes:
/// <see cref="Parse"/> (read and model every file: YAML, interpolation, merges, Dockerfiles, Traefik),
/// <see cref="ParseAndLink"/> (plus the one join: builds, Traefik instances and what they serve, project facts),
/// <see cref="ParseAndRules"/> (plus every rule on every file), and <see cref="Engine"/> (the real
/// <c>Engine.Analyze</c>: plus inline suppressions, .editorconfig severities, dedupe and sort).
/// </summary>
[MemoryDiagnoser]
public class CorpusBenchmarks
{
    private IReadOnlyList<AnalysisRequest> requests = new List<AnalysisRequest>();

    [GlobalSetup]
    public void Setup() => requests = Corpus.Requests();

    [Benchmark]
    public int Parse()
    {
        var files = 0;
        foreach (var request in requests)
            files += StackLoader.Load(request, new RecordingFileSystem(request.FileSystem), new List<Finding>()).Count;
        return files;
    }

    [Benchmark]
    public int ParseAndLink()
    {
        var instances = 0;
        foreach (var request in requests)
        {
            var fileSystem = new RecordingFileSystem(request.FileSystem);
            instances += StackLinker.Link(request, StackLoader.Load(request, fileSystem, new List<Finding>()), fileSystem).Traefik.Instances.Count;
        }
        return instances;
    }

    [Benchmark]
    public int ParseAndRules()
    {
        var findings = 0;
        foreach (var request in requests)
        {
            var fileSystem = new RecordingFileSystem(request.FileSystem);
            var stack = StackLinker.Link(request, StackLoader.Load(request, fileSystem, new List<Finding>()), fileSystem);
            foreach (var file in stack.Files)
                foreach (var rule in RuleCatalog.Rules)
                    findings += CountFindings(rule, file, stack);
        }
        return findings;
    }

    [Benchmark(Baseline = true)]
    public int Engine()
    {
        var findings = 0;
        foreach (var request in requests)
            findings += Core.Engine.Analyze(request).Findings.Count;
        return findings;
    }

    // The engine turns a rule's exception into an HRD000 the same way; the split must not stop on one either.
    private static int CountFindings(Rule rule, StackFile file, Stack stack)
    {
        try { return rule.Check(file, stack).Count(); }
        catch (System.Exception) { return 1; }
    }
}

/// <summary>
/// <c>Engine.Analyze</c> on ONE request of 100, 1,000 and 10,000 inputs copied from the corpus (<see cref="ScaleSet"/>).
/// Linear cost shows as a flat us/file column and a "per file vs 100" ratio near 1.
/// </summary>
/// <remarks>One warm-up iteration: an operation takes from a tenth of a second to minutes (at 10,000 files), and the
/// jitting run before it has already warmed the code. <c>HARDENING_BENCH_SCALES=100,1000</c> picks other sizes.</remarks>
[MemoryDiagnoser]
[WarmupCount(1)]
public class ScaleBenchmarks
{
    private string root = "";
    private AnalysisRequest request = new();

    [ParamsSource(nameof(Sizes))]
    public int Files { get; set; }

    public static IEnumerable<int> Sizes() =>
        (System.Environment.GetEnvironmentVariable("HARDENING_BENCH_SCALES") is { Length: > 0 } sizes ? sizes : "100,1000,10000")
            .Split(',').Select(s => int.Parse(s.Trim(), System.Globalization.CultureInfo.InvariantCulture));

    [GlobalSetup]
    public void Setup()
    {
        root = ScaleSet.Create(Files);
        request = ScaleSet.Request(root, Files);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        try { Directory.Delete(root, recursive: true); }
        catch (IOException) { }
    }

    [Benchmark]
    public int Engine() => Core.Engine.Analyze(request).Findings.Count;
}
