using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using HardeningTasks.Core;

namespace HardeningTasks.Tests.Shared;

/// <summary>
/// What the engine checks in one repository of the real-world corpus (<c>../shared/corpus</c>): the files the package's
/// default globs pick, plus the compose files named otherwise (Coolify templates, <c>pwd.yml</c>,
/// <c>manual-install/latest.yml</c>) — every YAML file with a top-level <c>services:</c>. One definition for the corpus
/// tests and the benchmarks, so the figures in docs/performance.md are about the files the tests check.
/// </summary>
public static class CorpusInputs
{
    private static readonly Regex TopLevelServices = new(@"^services:", RegexOptions.Multiline | RegexOptions.CultureInvariant);

    /// <summary>The inputs under <paramref name="repository"/>, in ordinal order of their paths.</summary>
    public static List<InputFile> Of(string repository) =>
        Directory.EnumerateFiles(repository, "*", SearchOption.AllDirectories)
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => InputClassifier.Classify(f) is { } kind ? new InputFile(f, kind)
                : (f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal)) && TopLevelServices.IsMatch(File.ReadAllText(f)) ? new InputFile(f, InputKind.Compose)
                : null)
            .Where(i => i != null)
            .Select(i => i!)
            .ToList();
}
