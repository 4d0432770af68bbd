using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HardeningTasks.Core;

namespace HardeningTasks.Benchmarks;

/// <summary>
/// A synthetic monorepo of N inputs made from the corpus: whole copies of the corpus side by side
/// (<c>copy000/</c>, <c>copy001/</c>, …, so relative references — overlays, <c>env_file:</c>, build contexts,
/// mounted Traefik files — still resolve), and the first N corpus inputs in copy order as the files of ONE request.
/// One request over all of them is the case where a cost that grows faster than the file count would show.
/// </summary>
public static class ScaleSet
{
    /// <summary>Every corpus input as (corpus file, path relative to the corpus root, kind), in corpus order.</summary>
    private static readonly Lazy<IReadOnlyList<(string Source, string Relative, InputKind Kind)>> LazyCorpusInputs = new(() =>
        Corpus.Repositories.SelectMany(r => r.Inputs)
            .Select(i => (i.Path, Path.GetRelativePath(Corpus.Root, i.Path), i.Kind))
            .ToList());

    /// <summary>The N inputs: (corpus file it is a copy of, path relative to the scale set's root, kind).</summary>
    public static IReadOnlyList<(string Source, string Relative, InputKind Kind)> Select(int count)
    {
        var inputs = LazyCorpusInputs.Value;
        return Enumerable.Range(0, count)
            .Select(i => (inputs[i % inputs.Count].Source, Path.Combine(CopyName(i / inputs.Count), inputs[i % inputs.Count].Relative), inputs[i % inputs.Count].Kind))
            .ToList();
    }

    public static long Bytes(int count) => Select(count).Sum(i => new FileInfo(i.Source).Length);

    /// <summary>Writes the copies the first <paramref name="count"/> inputs need under a new temporary directory and returns it.</summary>
    public static string Create(int count)
    {
        var root = Path.Combine(Path.GetTempPath(), "hrd-scale-" + count + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        var copies = (count + LazyCorpusInputs.Value.Count - 1) / LazyCorpusInputs.Value.Count;
        var corpusFiles = Directory.EnumerateFiles(Corpus.Root, "*", SearchOption.AllDirectories).ToList();
        for (var c = 0; c < copies; c++)
        {
            foreach (var file in corpusFiles)
            {
                var target = Path.Combine(root, CopyName(c), Path.GetRelativePath(Corpus.Root, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
        return root;
    }

    public static AnalysisRequest Request(string root, int count) => new()
    {
        ProjectDirectory = root,
        Files = Select(count).Select(i => new InputFile(Path.Combine(root, i.Relative), i.Kind)).ToList(),
    };

    private static string CopyName(int copy) => "copy" + copy.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
}
