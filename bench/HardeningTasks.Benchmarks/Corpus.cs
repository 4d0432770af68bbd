using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HardeningTasks.Core;
using HardeningTasks.Tests.Shared;

namespace HardeningTasks.Benchmarks;

/// <summary>
/// The real-world corpus (<c>../shared/corpus</c>, or <c>$HARDENING_CORPUS</c>) as the engine sees it in
/// tests/HardeningTasks.Core.Tests/Compose/CorpusTests.cs: one request per repository, with the files the package's
/// default globs pick plus every YAML file with a top-level <c>services:</c> (Coolify templates, <c>pwd.yml</c>…).
/// The host process (for the columns) and the benchmark process compute the same lists from the same files.
/// </summary>
public static class Corpus
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);
    private static readonly Lazy<IReadOnlyList<(string Repository, IReadOnlyList<InputFile> Inputs)>> LazyRepositories = new(LoadRepositories);

    public static string Root => LazyRoot.Value;

    /// <summary>Every repository of the corpus with its inputs, in ordinal order of names and paths.</summary>
    public static IReadOnlyList<(string Repository, IReadOnlyList<InputFile> Inputs)> Repositories => LazyRepositories.Value;

    /// <summary>The engine's requests, one per repository (its directory is the project directory).</summary>
    public static IReadOnlyList<AnalysisRequest> Requests() =>
        Repositories.Select(r => new AnalysisRequest { ProjectDirectory = r.Repository, Files = r.Inputs }).ToList();

    public static int FileCount => Repositories.Sum(r => r.Inputs.Count);

    /// <summary>Bytes of the input files (what MB/s is computed from; .env and ignore files read beside them are not counted).</summary>
    public static long Bytes => Repositories.Sum(r => r.Inputs.Sum(i => new FileInfo(i.Path).Length));

    public static IReadOnlyList<InputFile> Inputs(string repository) => CorpusInputs.Of(repository);

    private static IReadOnlyList<(string, IReadOnlyList<InputFile>)> LoadRepositories() =>
        Directory.EnumerateDirectories(Root)
            .OrderBy(d => d, StringComparer.Ordinal)
            .Select(d => (d, Inputs(d)))
            .Where(r => r.Item2.Count > 0)
            .ToList();

    private static string FindRoot()
    {
        var configured = Environment.GetEnvironmentVariable("HARDENING_CORPUS");
        if (!string.IsNullOrEmpty(configured))
            return Directory.Exists(configured) ? Path.GetFullPath(configured) : throw new DirectoryNotFoundException("HARDENING_CORPUS=" + configured + " does not exist");
        // BenchmarkDotNet runs the benchmarks from a generated project below bin/, so walk up to the repository
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "HardeningTasks.sln"))) continue;
            var corpus = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpus"));
            return Directory.Exists(corpus) ? corpus : throw new DirectoryNotFoundException("the corpus is not at " + corpus + "; set HARDENING_CORPUS");
        }
        throw new DirectoryNotFoundException("HardeningTasks.sln not found above " + AppContext.BaseDirectory + "; set HARDENING_CORPUS");
    }
}
