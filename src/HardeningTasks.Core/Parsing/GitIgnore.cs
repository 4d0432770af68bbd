using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using HardeningTasks.Core.IO;

namespace HardeningTasks.Core.Parsing;

/// <summary>
/// Whether Git would leave a file out of the repository, from the <c>.gitignore</c> files between it and the repository's root
/// (the nearest directory holding <c>.git</c>; without one, the analysis root): gitignore(5) patterns — <c>#</c> comments, <c>!</c>
/// negation, a trailing <c>/</c> for directories only, a pattern with a <c>/</c> anchored to its file's directory and one without
/// matching a name at any depth, <c>*</c>, <c>?</c>, <c>[…]</c>, <c>**</c>; a deeper file's and a later line's decision win, and a
/// file inside an ignored directory stays ignored. Each <c>.gitignore</c> is read once per instance.
/// </summary>
public sealed class GitIgnore
{
    private readonly IFileSystem fileSystem;
    private readonly string stopAt;
    private readonly Dictionary<string, IReadOnlyList<Pattern>> files = new(StringComparer.Ordinal);

    /// <param name="analysisRoot">Where the walk up stops when no <c>.git</c> is found first.</param>
    public GitIgnore(IFileSystem fileSystem, string analysisRoot)
    {
        this.fileSystem = fileSystem;
        stopAt = PathText.Full(analysisRoot);
    }

    private sealed record Pattern(Regex Regex, bool Negated, bool DirectoryOnly);

    public bool IsIgnored(string path)
    {
        var full = PathText.Full(path);
        // The directories from the root down to the file's own.
        var chain = new List<string>();
        for (var directory = Path.GetDirectoryName(full); directory != null; directory = Path.GetDirectoryName(directory))
        {
            chain.Insert(0, directory);
            if (fileSystem.DirectoryExists(Path.Combine(directory, ".git")) || fileSystem.FileExists(Path.Combine(directory, ".git"))
                || string.Equals(directory, stopAt, StringComparison.Ordinal)) break;
        }
        // A file inside an ignored directory cannot be re-included: judge every directory on the way, then the file.
        var root = chain[0];
        var relativeParts = full.Substring(root.Length).TrimStart('/', '\\').Split('/', '\\');
        var sofar = root;
        for (var i = 0; i < relativeParts.Length; i++)
        {
            sofar = Path.Combine(sofar, relativeParts[i]);
            var isDirectory = i < relativeParts.Length - 1;
            if (Decide(chain, sofar, isDirectory) == true) return true;
        }
        return false;
    }

    /// <summary>The last decision of the <c>.gitignore</c> files above <paramref name="path"/> (true: ignored), or null when none matches.</summary>
    private bool? Decide(List<string> chain, string path, bool isDirectory)
    {
        bool? ignored = null;
        foreach (var directory in chain)
        {
            if (!path.StartsWith(directory, StringComparison.Ordinal) || path.Length <= directory.Length) break;
            var relative = path.Substring(directory.Length).TrimStart('/', '\\').Replace('\\', '/');
            foreach (var pattern in Patterns(directory))
                if ((isDirectory || !pattern.DirectoryOnly) && pattern.Regex.IsMatch(relative)) ignored = !pattern.Negated;
        }
        return ignored;
    }

    private IReadOnlyList<Pattern> Patterns(string directory)
    {
        if (files.TryGetValue(directory, out var patterns)) return patterns;
        var file = Path.Combine(directory, ".gitignore");
        var list = new List<Pattern>();
        if (fileSystem.FileExists(file) && SourceReader.TryRead(fileSystem, file, SourceReader.DefaultMaxFileBytes, out _) is { } text)
            foreach (var raw in text.Split('\n'))
                if (Parse(raw.TrimEnd('\r')) is { } pattern) list.Add(pattern);
        files[directory] = list;
        return list;
    }

    private static Pattern? Parse(string line)
    {
        var text = line.TrimEnd(' ');
        if (text.Length == 0 || text[0] == '#') return null;
        var negated = text[0] == '!';
        if (negated) text = text.Substring(1);
        else if (text.StartsWith("\\#", StringComparison.Ordinal) || text.StartsWith("\\!", StringComparison.Ordinal)) text = text.Substring(1);
        var directoryOnly = text.EndsWith("/", StringComparison.Ordinal);
        text = text.TrimEnd('/');
        if (text.Length == 0) return null;
        var anchored = text.IndexOf('/') >= 0;
        text = text.TrimStart('/');
        var regex = new StringBuilder(anchored ? "^" : "^(?:.*/)?");
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '*' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var slashAfter = i + 2 < text.Length && text[i + 2] == '/';
                regex.Append(slashAfter ? "(?:.*/)?" : ".*");
                i += slashAfter ? 2 : 1;
            }
            else if (c == '*') regex.Append("[^/]*");
            else if (c == '?') regex.Append("[^/]");
            else if (c == '[' && text.IndexOf(']', i + 1) is var close and > 0)
            {
                var set = text.Substring(i + 1, close - i - 1);
                regex.Append('[').Append(set.StartsWith("!", StringComparison.Ordinal) ? "^" + set.Substring(1) : set).Append(']');
                i = close;
            }
            else if (c == '\\' && i + 1 < text.Length) regex.Append(Regex.Escape(text[++i].ToString()));
            else regex.Append(Regex.Escape(c.ToString()));
        }
        regex.Append('$');
        return new Pattern(new Regex(regex.ToString(), RegexOptions.CultureInvariant), negated, directoryOnly);
    }
}
