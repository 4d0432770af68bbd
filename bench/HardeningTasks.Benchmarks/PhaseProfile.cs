using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using HardeningTasks.Core;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Linking;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Parsing;
using HardeningTasks.Core.Rules;

namespace HardeningTasks.Benchmarks;

/// <summary>
/// <c>HardeningTasks.Benchmarks phases [passes]</c>: where the engine's time goes over the corpus, pass after pass in
/// one process (the first pass is the one-shot cost, the last ones the warm engine): parsing (StackLoader.Load), each
/// rule summed over every file, and the whole Engine.Analyze. Stopwatch around each part, no BenchmarkDotNet: it is a
/// map of proportions, not a benchmark (eng/bench-engine.sh measures).
/// </summary>
public static class PhaseProfile
{
    public static int Run(int passes)
    {
        var requests = Corpus.Requests();
        var megabytes = Corpus.Bytes / 1e6;
        Console.WriteLine($"corpus: {Corpus.FileCount} inputs, {megabytes:F2} MB, {requests.Count} requests; {passes} passes");
        var perRule = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var pass = 1; pass <= passes; pass++)
        {
            perRule.Clear();
            double parse = 0, link = 0, rules = 0;
            foreach (var request in requests)
            {
                var watch = Stopwatch.StartNew();
                var fileSystem = new RecordingFileSystem(request.FileSystem);
                var files = StackLoader.Load(request, fileSystem, new List<Finding>());
                parse += watch.Elapsed.TotalMilliseconds;
                watch.Restart();
                var stack = StackLinker.Link(request, files, fileSystem);
                link += watch.Elapsed.TotalMilliseconds;
                foreach (var rule in RuleCatalog.Rules)
                {
                    watch.Restart();
                    foreach (var file in stack.Files)
                    {
                        try { rule.Check(file, stack).Count(); }
                        catch (Exception) { }
                    }
                    var ms = watch.Elapsed.TotalMilliseconds;
                    rules += ms;
                    perRule[rule.Descriptor.Id] = perRule.GetValueOrDefault(rule.Descriptor.Id) + ms;
                }
            }
            var engine = Stopwatch.StartNew();
            foreach (var request in requests) Engine.Analyze(request);
            var whole = engine.Elapsed.TotalMilliseconds;
            Console.WriteLine($"pass {pass}: parse {parse,7:F1} ms, link {link,7:F1} ms, rules {rules,7:F1} ms, Engine.Analyze {whole,7:F1} ms ({megabytes / (whole / 1000):F2} MB/s)");
        }
        Console.WriteLine("last pass, the slowest rules (ms): " + string.Join(", ", perRule.OrderByDescending(r => r.Value).Take(12).Select(r => $"{r.Key} {r.Value:F1}")));
        return 0;
    }
}
