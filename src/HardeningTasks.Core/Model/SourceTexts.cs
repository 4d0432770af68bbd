using System;
using System.Collections.Generic;

namespace HardeningTasks.Core.Model;

/// <summary>The text of files the analysis read, line by line (line ends normalised), by full path.</summary>
public sealed class SourceTexts
{
    private readonly IReadOnlyDictionary<string, string[]> lines;

    /// <param name="texts">By full path, as the parser read them: decoded, line ends already normalised to <c>\n</c>.</param>
    public SourceTexts(IReadOnlyDictionary<string, string> texts)
    {
        var split = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var text in texts) split[text.Key] = text.Value.Split('\n');
        lines = split;
    }

    /// <summary>The lines of <paramref name="path"/>, or null when it was not read (or could not be).</summary>
    public string[]? Lines(string path) => lines.TryGetValue(path, out var found) ? found : null;
}
