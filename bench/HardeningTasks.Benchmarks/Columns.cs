using System;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace HardeningTasks.Benchmarks;

/// <summary>What one operation of a benchmark checks: input files and their bytes. Computed in the host process from
/// the same corpus the benchmark process reads, so the columns need nothing passed back.</summary>
internal static class Workload
{
    public static (int Files, long Bytes)? Of(BenchmarkCase benchmark)
    {
        var type = benchmark.Descriptor.Type;
        if (type == typeof(CorpusBenchmarks)) return (Corpus.FileCount, Corpus.Bytes);
        if (type == typeof(ScaleBenchmarks) && benchmark.Parameters["Files"] is int files) return (files, ScaleSet.Bytes(files));
        return null;
    }
}

/// <summary>Throughput and per-file columns derived from the mean time of an operation.</summary>
internal sealed class WorkloadColumn : IColumn
{
    public enum Kind { Files, Megabytes, FilesPerSecond, MegabytesPerSecond, NanosecondsPerFile, PerFileVsSmallest }

    private readonly Kind kind;

    public WorkloadColumn(Kind kind) => this.kind = kind;

    public string Id => nameof(WorkloadColumn) + "." + kind;

    public string ColumnName => kind switch
    {
        Kind.Files => "Inputs",
        Kind.Megabytes => "MB",
        Kind.FilesPerSecond => "files/s",
        Kind.MegabytesPerSecond => "MB/s",
        Kind.NanosecondsPerFile => "us/file",
        _ => "per file vs smallest",
    };

    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => (int)kind;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => kind switch
    {
        Kind.Files => "Input files checked per operation",
        Kind.Megabytes => "Megabytes (10^6 bytes) of input files per operation",
        Kind.FilesPerSecond => "Input files per second (Files / Mean)",
        Kind.MegabytesPerSecond => "Megabytes of input per second (MB / Mean)",
        Kind.NanosecondsPerFile => "Microseconds per input file (Mean / Files)",
        _ => "Time per file divided by the time per file of the same method's smallest workload (1.00 = linear)",
    };

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (Workload.Of(benchmarkCase) is not { } work) return "-";
        if (kind == Kind.Files) return work.Files.ToString("N0", CultureInfo.InvariantCulture);
        if (kind == Kind.Megabytes) return (work.Bytes / 1e6).ToString("F2", CultureInfo.InvariantCulture);
        if (MeanNanoseconds(summary, benchmarkCase) is not { } mean) return "NA";
        var seconds = mean / 1e9;
        switch (kind)
        {
            case Kind.FilesPerSecond: return (work.Files / seconds).ToString("N0", CultureInfo.InvariantCulture);
            case Kind.MegabytesPerSecond: return (work.Bytes / 1e6 / seconds).ToString("F2", CultureInfo.InvariantCulture);
            case Kind.NanosecondsPerFile: return (mean / 1e3 / work.Files).ToString("F1", CultureInfo.InvariantCulture);
        }
        // per file vs the same method's smallest workload in this run
        var smallest = summary.BenchmarksCases
            .Where(b => b.Descriptor.Type == benchmarkCase.Descriptor.Type && b.Descriptor.WorkloadMethod == benchmarkCase.Descriptor.WorkloadMethod)
            .Select(b => (Case: b, Work: Workload.Of(b)))
            .Where(b => b.Work != null)
            .OrderBy(b => b.Work!.Value.Files)
            .FirstOrDefault();
        var sizes = summary.BenchmarksCases
            .Where(b => b.Descriptor.Type == benchmarkCase.Descriptor.Type && b.Descriptor.WorkloadMethod == benchmarkCase.Descriptor.WorkloadMethod)
            .Select(b => Workload.Of(b)?.Files).Distinct().Count();
        if (smallest.Case == null || sizes < 2) return "-"; // one workload size: nothing to compare with
        if (MeanNanoseconds(summary, smallest.Case) is not { } smallestMean) return "NA";
        var ratio = mean / work.Files / (smallestMean / smallest.Work!.Value.Files);
        return ratio.ToString("F2", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    private static double? MeanNanoseconds(Summary summary, BenchmarkCase benchmarkCase) =>
        summary[benchmarkCase]?.ResultStatistics?.Mean;

    public override string ToString() => ColumnName;
}
