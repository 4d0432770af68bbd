using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HardeningTasks.Core;
using HardeningTasks.Core.IO;

namespace HardeningTasks.Tests.Shared;

/// <summary>
/// What the engine checks in one repository of the real-world corpus (<c>../shared/corpus</c>): what the package's
/// default items give it (the files named like inputs, every other YAML file as a candidate), as
/// <see cref="InputClassifier.Select"/> settles them, so a compose file named otherwise (Coolify templates, <c>pwd.yml</c>,
/// <c>manual-install/latest.yml</c>) is checked as in the build. One definition for the corpus tests and the benchmarks,
/// so the figures in docs/performance.md are about the files the tests check.
/// </summary>
public static class CorpusInputs
{
    /// <summary>The inputs under <paramref name="repository"/>, in ordinal order of their paths.</summary>
    public static List<InputFile> Of(string repository)
    {
        var files = Directory.EnumerateFiles(repository, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToList();
        var request = new AnalysisRequest
        {
            ProjectDirectory = repository,
            Files = files.Where(f => InputClassifier.Classify(f) != null).Select(f => new InputFile(f, InputClassifier.Classify(f)!.Value)).ToList(),
            Candidates = files.Where(f => InputClassifier.Classify(f) == null && InputClassifier.IsYaml(f)).ToList(),
        };
        return InputClassifier.Select(request, PhysicalFileSystem.Instance).Files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
    }
}
