using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Parsing.Compose;

/// <summary>What a path written in a compose file names.</summary>
public enum PathTarget
{
    File,
    Directory,

    /// <summary>A bind-mount source: a file or a directory.</summary>
    Either,
}

/// <summary>
/// A path written in a compose file (an <c>include</c>, an <c>extends.file</c>, an <c>env_file</c>, a <c>build</c>
/// context, a bind-mount source) that uses variables nothing sets. <see cref="Pattern"/> is the path with each of them
/// as a placeholder: <c>compose/${HOSTNAME}/app.yml</c> becomes a pattern matching every <c>compose/*/app.yml</c>.
/// </summary>
public sealed class PathUse
{
    public PathUse(YScalar writtenAt, string directory, string pattern, PathTarget target, bool readByAnalysis)
    {
        WrittenAt = writtenAt;
        Directory = directory;
        Pattern = pattern;
        Target = target;
        ReadByAnalysis = readByAnalysis;
        Variables = PathVariables.VariablesIn(pattern);
    }

    /// <summary>The scalar as written (its <see cref="YScalar.RawValue"/> holds the <c>${…}</c>).</summary>
    public YScalar WrittenAt { get; }

    /// <summary>The directory a relative path is resolved against.</summary>
    public string Directory { get; }

    public string Pattern { get; }
    public PathTarget Target { get; }

    /// <summary>True for a file the analysis reads (include, extends, env_file, build context): not knowing it costs
    /// findings, which deserves an HRD090. A bind-mount source with an unset variable is ordinary (a host path the
    /// repository cannot know): it is only expanded when something in the repository matches.</summary>
    public bool ReadByAnalysis { get; }

    /// <summary>The unset variables in <see cref="Pattern"/>, in order of appearance.</summary>
    public IReadOnlyList<string> Variables { get; }

    /// <summary>The pattern as a glob, for messages: <c>compose/*/app.yml</c>.</summary>
    public string Glob => PathVariables.ToGlob(Pattern);
}

/// <summary>The existing paths each pattern matches, listed once per project however many of its builds ask.</summary>
public sealed class PathMatches
{
    private readonly IFileSystem fileSystem;
    private readonly int max;
    private readonly Dictionary<(string, string, PathTarget), List<Dictionary<string, string>>> found = new();

    /// <param name="max">The most matches kept per pattern.</param>
    public PathMatches(IFileSystem fileSystem, int max)
    {
        this.fileSystem = fileSystem;
        this.max = max;
    }

    public IReadOnlyList<Dictionary<string, string>> Of(PathUse use)
    {
        var key = (use.Directory, use.Pattern, use.Target);
        if (!found.TryGetValue(key, out var matches))
            found[key] = matches = PathVariables.Match(fileSystem, use.Directory, use.Pattern, use.Target, max);
        return matches;
    }
}

/// <summary>
/// Unset variables in paths, matched against the files that exist: the values that make a pattern name an existing
/// file or directory. Matching walks the pattern one path segment at a time and lists only the directories a
/// placeholder stands in, so it costs one directory listing per placeholder level.
/// </summary>
public static class PathVariables
{
    private const char Open = '\u0001';
    private const char Close = '\u0002';

    /// <summary>What an unset variable becomes in a path pattern (<see cref="ComposeInterpolation.Substitute"/>'s <c>unset</c>).</summary>
    public static string Placeholder(string name) => Open + name + Close;

    public static bool HasPlaceholder(string text) => text.IndexOf(Open) >= 0;

    public static IReadOnlyList<string> VariablesIn(string pattern)
    {
        var names = new List<string>();
        for (var i = pattern.IndexOf(Open); i >= 0; i = pattern.IndexOf(Open, i + 1))
        {
            var close = pattern.IndexOf(Close, i);
            if (close < 0) break;
            var name = pattern.Substring(i + 1, close - i - 1);
            if (!names.Contains(name)) names.Add(name);
        }
        return names;
    }

    public static string ToGlob(string pattern)
    {
        var text = new System.Text.StringBuilder(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] != Open) { text.Append(pattern[i]); continue; }
            var close = pattern.IndexOf(Close, i);
            if (close < 0) break;
            text.Append('*');
            i = close;
        }
        return text.ToString();
    }

    /// <summary>True when <paramref name="raw"/> (a value as written) uses the variable <paramref name="name"/>.</summary>
    public static bool References(string? raw, string name)
    {
        if (raw == null) return false;
        for (var i = raw.IndexOf('$'); i >= 0 && i + 1 < raw.Length; i = raw.IndexOf('$', i + 1))
        {
            var start = raw[i + 1] == '{' ? i + 2 : i + 1;
            if (string.CompareOrdinal(raw, start, name, 0, name.Length) != 0) continue;
            var end = start + name.Length;
            if (end == raw.Length || !(char.IsLetterOrDigit(raw[end]) || raw[end] == '_')) return true;
        }
        return false;
    }

    /// <summary>For each variable the uses left unset (and <paramref name="variant"/> does not give), the values, in ordinal
    /// order, that make one of its paths name something that exists.</summary>
    public static SortedDictionary<string, SortedSet<string>> OpenValues(IEnumerable<PathUse> uses, IReadOnlyDictionary<string, string> variant, PathMatches matches)
    {
        var values = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var use in uses)
            foreach (var match in matches.Of(use))
                foreach (var pair in match)
                {
                    if (variant.ContainsKey(pair.Key)) continue;
                    if (!values.TryGetValue(pair.Key, out var set)) values[pair.Key] = set = new SortedSet<string>(StringComparer.Ordinal);
                    set.Add(pair.Value);
                }
        return values;
    }

    /// <summary>
    /// The first <paramref name="limit"/> combinations of the open variables' values (the first variable varying slowest),
    /// each added to <paramref name="variant"/>; <paramref name="total"/> is how many there are (0 when no variable has a value).
    /// </summary>
    public static List<IReadOnlyDictionary<string, string>> Combinations(IReadOnlyDictionary<string, string> variant,
        SortedDictionary<string, SortedSet<string>> open, int limit, out long total)
    {
        var result = new List<IReadOnlyDictionary<string, string>>();
        total = open.Count == 0 ? 0 : open.Values.Aggregate(1L, (n, values) => Math.Min(n * values.Count, int.MaxValue));
        if (total == 0 || limit <= 0) return result;
        var names = open.Keys.ToList();
        var lists = open.Values.Select(v => v.ToList()).ToList();
        var index = new int[names.Count];
        while (result.Count < Math.Min(limit, total))
        {
            var combination = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in variant) combination[pair.Key] = pair.Value;
            for (var i = 0; i < names.Count; i++) combination[names[i]] = lists[i][index[i]];
            result.Add(combination);
            for (var i = names.Count - 1; i >= 0 && ++index[i] == lists[i].Count; i--) index[i] = 0;
        }
        return result;
    }

    /// <summary>One report per file and variable, at its first use in that file, for the paths the analysis reads: which
    /// variable, what it was expanded to (or that nothing matches), and how to set it.</summary>
    public static IEnumerable<(Model.SourceLocation At, string Message)> UnsetReports(IEnumerable<PathUse> uses, PathMatches matches)
    {
        var list = uses.ToList();
        var valuesByVariable = list.SelectMany(matches.Of).SelectMany(m => m).GroupBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Value).Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        var reported = new HashSet<(string, string)>();
        foreach (var use in list.Where(u => u.ReadByAnalysis).OrderBy(u => u.WrittenAt.Location.FilePath, StringComparer.Ordinal)
                     .ThenBy(u => u.WrittenAt.Location.Line).ThenBy(u => u.WrittenAt.Location.Column))
            foreach (var variable in use.Variables)
            {
                if (!reported.Add((use.WrittenAt.Location.FilePath, variable))) continue;
                var unset = $"'{variable}' is set by no .env, .env example or build variable, so '{use.WrittenAt.RawValue}' names no file as written.";
                var setIt = $"Set it with HardeningVariables (MSBuild: <HardeningVariables>{variable}=…</HardeningVariables>) or --var {variable}=… (hardening check).";
                yield return (use.WrittenAt.Location, valuesByVariable.TryGetValue(variable, out var values) && values.Count > 0
                    ? $"{unset} HardeningTasks checked every match of '{use.Glob}' as its own variant ({variable} = {string.Join(", ", values.Take(8))}{(values.Count > 8 ? ", …" : "")}). {setIt}"
                    : $"{unset} Nothing in the repository matches '{use.Glob}', so what it names was not checked. {setIt}");
            }
    }

    /// <summary>
    /// The values of the pattern's variables for every existing path it matches (at most <paramref name="max"/>, in
    /// ordinal order of the paths), each as the variables' values. A variable that appears twice must match the same
    /// text both times; an empty value never matches (an unset variable is already the empty one). A pattern under the
    /// home directory (<c>~</c>) matches nothing: it is not in the repository.
    /// </summary>
    public static List<Dictionary<string, string>> Match(IFileSystem fileSystem, string directory, string pattern, PathTarget target, int max)
    {
        var results = new List<Dictionary<string, string>>();
        var path = pattern.Replace('\\', '/');
        if (path.StartsWith("~", StringComparison.Ordinal)) return results;
        string root;
        if (path.StartsWith("/", StringComparison.Ordinal)) root = "/";
        else if (path.Length >= 2 && path[1] == ':' && char.IsLetter(path[0])) { root = path.Substring(0, 2) + "/"; path = path.Substring(2); }
        else root = directory;
        var segments = path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
        Walk(fileSystem, root, segments, 0, new Dictionary<string, string>(StringComparer.Ordinal), target, max, results);
        return results;
    }

    private static void Walk(IFileSystem fileSystem, string current, string[] segments, int index, Dictionary<string, string> values,
        PathTarget target, int max, List<Dictionary<string, string>> results)
    {
        if (results.Count >= max) return;
        if (index == segments.Length)
        {
            if (values.Count > 0 && Exists(fileSystem, current, target)) results.Add(new Dictionary<string, string>(values, StringComparer.Ordinal));
            return;
        }
        var segment = segments[index];
        if (segment == ".")
        {
            Walk(fileSystem, current, segments, index + 1, values, target, max, results);
            return;
        }
        if (segment == "..")
        {
            Walk(fileSystem, Path.GetDirectoryName(current.TrimEnd('/', '\\')) ?? current, segments, index + 1, values, target, max, results);
            return;
        }
        if (!HasPlaceholder(segment))
        {
            Walk(fileSystem, Path.Combine(current, segment), segments, index + 1, values, target, max, results);
            return;
        }

        var last = index == segments.Length - 1;
        var entries = last && target == PathTarget.File ? fileSystem.EnumerateFiles(current)
            : last && target == PathTarget.Either ? fileSystem.EnumerateFiles(current).Concat(fileSystem.EnumerateDirectories(current))
            : fileSystem.EnumerateDirectories(current);
        var parts = Parts(segment);
        foreach (var entry in entries.OrderBy(e => e, StringComparer.Ordinal))
        {
            var name = Path.GetFileName(entry.TrimEnd('/', '\\'));
            if (name.StartsWith(".", StringComparison.Ordinal) && parts[0][0] == Open) continue; // as a shell's '*': hidden entries only when written
            var matched = new Dictionary<string, string>(values, StringComparer.Ordinal);
            if (!MatchSegment(name, 0, parts, 0, matched)) continue;
            Walk(fileSystem, entry, segments, index + 1, matched, target, max, results);
            if (results.Count >= max) return;
        }
    }

    private static bool Exists(IFileSystem fileSystem, string path, PathTarget target) => target switch
    {
        PathTarget.File => fileSystem.FileExists(path),
        PathTarget.Directory => fileSystem.DirectoryExists(path),
        _ => fileSystem.FileExists(path) || fileSystem.DirectoryExists(path),
    };

    /// <summary>A segment as literal text and variable names (a name is marked by a leading <see cref="Open"/>).</summary>
    private static List<string> Parts(string segment)
    {
        var parts = new List<string>();
        var i = 0;
        while (i < segment.Length)
        {
            var open = segment.IndexOf(Open, i);
            if (open < 0) { parts.Add(segment.Substring(i)); break; }
            if (open > i) parts.Add(segment.Substring(i, open - i));
            var close = segment.IndexOf(Close, open);
            if (close < 0) { parts.Add(segment.Substring(open + 1)); break; }
            parts.Add(Open + segment.Substring(open + 1, close - open - 1));
            i = close + 1;
        }
        return parts;
    }

    /// <summary>Matches <paramref name="name"/> from <paramref name="at"/> against the parts from <paramref name="part"/>, binding
    /// variables (shortest value first) into <paramref name="values"/>; backtracks over a variable's length.</summary>
    private static bool MatchSegment(string name, int at, List<string> parts, int part, Dictionary<string, string> values)
    {
        if (part == parts.Count) return at == name.Length;
        var p = parts[part];
        if (p.Length == 0 || p[0] != Open)
            return string.CompareOrdinal(name, at, p, 0, p.Length) == 0 && at + p.Length <= name.Length && MatchSegment(name, at + p.Length, parts, part + 1, values);
        var variable = p.Substring(1);
        if (values.TryGetValue(variable, out var bound))
            return string.CompareOrdinal(name, at, bound, 0, bound.Length) == 0 && at + bound.Length <= name.Length && MatchSegment(name, at + bound.Length, parts, part + 1, values);
        for (var length = 1; at + length <= name.Length; length++)
        {
            values[variable] = name.Substring(at, length);
            if (MatchSegment(name, at + length, parts, part + 1, values)) return true;
        }
        values.Remove(variable);
        return false;
    }
}
