using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace HardeningTasks.Core.Model.Dockerignore;

/// <summary>
/// A <c>.dockerignore</c> (or <c>&lt;Dockerfile&gt;.dockerignore</c>) as BuildKit reads it: its patterns in order, cleaned
/// (<c>filepath.Clean</c>, leading <c>/</c> dropped), with <c>!</c> exceptions. Built by <c>Parsing.Dockerignore.DockerignoreParser</c>.
/// </summary>
public sealed class DockerignoreFile
{
    internal DockerignoreFile(string path, IReadOnlyList<DockerignorePattern> patterns, IReadOnlyList<DockerignoreProblem> problems)
    {
        Path = path;
        Patterns = patterns;
        Problems = problems;
    }

    /// <summary>Full path of the file.</summary>
    public string Path { get; }

    public IReadOnlyList<DockerignorePattern> Patterns { get; }

    /// <summary>Lines Docker refuses (<c>!</c> alone, an unclosed <c>[</c>…): with any of them the build fails.</summary>
    public IReadOnlyList<DockerignoreProblem> Problems { get; }

    /// <summary>
    /// Whether a path of the context (slash-separated, relative to the context root) is left out of the build context, as
    /// moby's <c>MatchesOrParentMatches</c> decides: patterns in order, each matched against the path and each of its parent
    /// directories; the last pattern that matches wins, so an exception (<c>!</c>) re-includes what an earlier line excluded.
    /// </summary>
    public bool Excludes(string relativePath)
    {
        var file = Clean(relativePath.Replace('\\', '/'));
        if (file == "." || file.Length == 0) return false;
        var parents = new List<string>();
        for (var slash = file.IndexOf('/'); slash >= 0; slash = file.IndexOf('/', slash + 1)) parents.Add(file.Substring(0, slash));

        var matched = false;
        foreach (var pattern in Patterns)
        {
            if (pattern.IsException != matched) continue;
            var match = pattern.Matches(file) || parents.Any(pattern.Matches);
            if (match) matched = !pattern.IsException;
        }
        return matched;
    }

    /// <summary>Whether a directory's contents are left out: the directory itself, or everything in it (<c>node_modules/*</c>).</summary>
    public bool ExcludesDirectory(string relativePath) =>
        Excludes(relativePath) || Excludes(relativePath.TrimEnd('/') + "/\u2400any-file");

    /// <summary>Go's <c>filepath.Clean</c> for slash-separated paths.</summary>
    public static string Clean(string path)
    {
        if (path.Length == 0) return ".";
        var rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0 && parts[parts.Count - 1] != "..") parts.RemoveAt(parts.Count - 1);
                else if (!rooted) parts.Add("..");
                continue;
            }
            parts.Add(part);
        }
        var joined = string.Join("/", parts);
        return rooted ? "/" + joined : joined.Length == 0 ? "." : joined;
    }
}

/// <summary>One pattern line, after cleaning; <see cref="IsException"/> for a <c>!</c> line.</summary>
public sealed class DockerignorePattern
{
    private enum MatchType { Exact, Prefix, Suffix, Regex }

    private readonly MatchType type;
    private readonly Regex? regex;

    internal DockerignorePattern(string pattern, bool isException, int line)
    {
        Pattern = pattern;
        IsException = isException;
        Line = line;
        (type, regex) = Compile(pattern);
    }

    /// <summary>The cleaned pattern, without its <c>!</c>.</summary>
    public string Pattern { get; }

    public bool IsException { get; }

    /// <summary>1-based line in the file.</summary>
    public int Line { get; }

    /// <summary>False when the pattern does not compile (Docker then fails the build).</summary>
    public bool IsValid => type != MatchType.Regex || regex != null;

    /// <summary>Whether this pattern alone matches the slash-separated path (no parent directories, no other lines).</summary>
    public bool Matches(string path) => type switch
    {
        MatchType.Exact => path == Pattern,
        MatchType.Prefix => path.StartsWith(Pattern.Substring(0, Pattern.Length - 2), StringComparison.Ordinal),
        MatchType.Suffix => path.EndsWith(Pattern.Substring(2), StringComparison.Ordinal)
                            || (Pattern.Length > 2 && Pattern[2] == '/' && path == Pattern.Substring(3)),
        _ => regex != null && regex.IsMatch(path),
    };

    /// <summary>moby/patternmatcher's translation: <c>*</c> and <c>?</c> stop at <c>/</c>, <c>**</c> spans directories,
    /// <c>\</c> escapes, <c>[…]</c> classes pass through; plain patterns compare exactly, <c>foo/**</c> by prefix and
    /// <c>**/foo</c> by suffix.</summary>
    private static (MatchType, Regex?) Compile(string pattern)
    {
        var re = new System.Text.StringBuilder("^");
        var detected = MatchType.Exact;
        for (var i = 0; i < pattern.Length; i++)
        {
            var ch = pattern[i];
            var first = i == 0;
            if (ch == '*')
            {
                if (i + 1 < pattern.Length && pattern[i + 1] == '*')
                {
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/') i++;
                    if (i + 1 >= pattern.Length)
                    {
                        if (detected == MatchType.Exact) detected = MatchType.Prefix;
                        else
                        {
                            re.Append(".*");
                            detected = MatchType.Regex;
                        }
                    }
                    else
                    {
                        re.Append("(.*/)?");
                        detected = MatchType.Regex;
                    }
                    if (first) detected = MatchType.Suffix;
                }
                else
                {
                    re.Append("[^/]*");
                    detected = MatchType.Regex;
                }
            }
            else if (ch == '?')
            {
                re.Append("[^/]");
                detected = MatchType.Regex;
            }
            else if (".+()|{}$".IndexOf(ch) >= 0) re.Append('\\').Append(ch);
            else if (ch == '\\')
            {
                if (i + 1 < pattern.Length)
                {
                    var escaped = pattern[++i];
                    re.Append(char.IsLetterOrDigit(escaped) ? "\\" + escaped : Regex.Escape(escaped.ToString()));
                    detected = MatchType.Regex;
                }
                else re.Append(@"\\");
            }
            else if (ch == '[' || ch == ']')
            {
                re.Append(ch);
                detected = MatchType.Regex;
            }
            else re.Append(ch);
        }
        if (detected != MatchType.Regex) return (detected, null);
        try
        {
            return (MatchType.Regex, new Regex(re.Append('$').ToString(), RegexOptions.CultureInvariant));
        }
        catch (ArgumentException)
        {
            return (MatchType.Regex, null);
        }
    }

    public override string ToString() => (IsException ? "!" : "") + Pattern;
}

/// <summary>A line Docker refuses, and why.</summary>
public sealed record DockerignoreProblem(int Line, string Message);
