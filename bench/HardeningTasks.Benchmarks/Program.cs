using System;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace HardeningTasks.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/HardeningTasks.Benchmarks -- --filter '*'</c> (eng/bench-engine.sh does
/// this and prints the tables). Without <c>--job</c> the job is BenchmarkDotNet's short run (1 launch, 3 warm-up,
/// 3 measured iterations): the machine has 2 shared cores and the corpus run takes seconds per operation, so
/// minutes of repetitions would measure the neighbours more than the engine. <c>--job medium</c> etc. override it.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "phases") return PhaseProfile.Run(args.Length > 1 ? int.Parse(args[1]) : 8);
        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun.AsDefault())
            .AddColumn(Enum.GetValues<WorkloadColumn.Kind>().Select(k => (BenchmarkDotNet.Columns.IColumn)new WorkloadColumn(k)).ToArray());
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
