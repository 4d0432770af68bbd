using System;
using System.Collections.Generic;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Dockerignore;

namespace HardeningTasks.Core.Parsing.Dockerignore;

/// <summary>
/// Reads a <c>.dockerignore</c> exactly as Docker does (moby's <c>dockerignore.ReadAll</c> and <c>patternmatcher.New</c>):
/// a line starting with <c>#</c> in column 1 is a comment; lines are trimmed; blank lines are skipped; a leading <c>!</c>
/// makes an exception; each pattern is cleaned with <c>filepath.Clean</c> and loses one leading <c>/</c>.
/// </summary>
public static class DockerignoreParser
{
    public static DockerignoreFile Parse(string path, string text)
    {
        var patterns = new List<DockerignorePattern>();
        var problems = new List<DockerignoreProblem>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = i == 0 ? lines[i].TrimStart('\uFEFF') : lines[i];
            if (line.StartsWith("#", StringComparison.Ordinal)) continue;
            var pattern = line.Trim();
            if (pattern.Length == 0) continue;
            var exception = pattern[0] == '!';
            if (exception) pattern = pattern.Substring(1).Trim();
            if (pattern.Length == 0)
            {
                problems.Add(new DockerignoreProblem(i + 1, "'!' alone is an illegal exclusion pattern; Docker refuses the file and the build fails."));
                continue;
            }
            pattern = DockerignoreFile.Clean(pattern);
            if (pattern.Length > 1 && pattern[0] == '/') pattern = pattern.Substring(1);
            var compiled = new DockerignorePattern(pattern, exception, i + 1);
            if (!compiled.IsValid || !IsValidGlob(pattern))
            {
                problems.Add(new DockerignoreProblem(i + 1, $"'{pattern}' is not a valid pattern (Go's filepath.Match syntax: check '[' classes and a trailing '\\'); Docker refuses the file and the build fails."));
                continue;
            }
            patterns.Add(compiled);
        }
        return new DockerignoreFile(path, patterns, problems);
    }

    /// <summary>Reads and parses a file through the analysis file system (so it is recorded as an input); null with an
    /// error when it cannot be read.</summary>
    public static DockerignoreFile? Read(IFileSystem fileSystem, string path, out LoadError? error)
    {
        var text = SourceReader.TryRead(fileSystem, path, SourceReader.DefaultMaxFileBytes, out error);
        return text == null ? null : Parse(path, text);
    }

    /// <summary>The syntax check Go's <c>filepath.Match</c> makes: character classes closed and not empty, ranges with both
    /// ends, no trailing <c>\</c>.</summary>
    private static bool IsValidGlob(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (++i >= pattern.Length) return false;
                continue;
            }
            if (c != '[') continue;
            i++;
            if (i < pattern.Length && pattern[i] == '^') i++;
            var ranges = 0;
            while (true)
            {
                if (i >= pattern.Length) return false;
                if (pattern[i] == ']' && ranges > 0) break;
                if (!ReadClassChar(pattern, ref i)) return false;
                if (i < pattern.Length && pattern[i] == '-')
                {
                    i++;
                    if (!ReadClassChar(pattern, ref i)) return false;
                }
                ranges++;
            }
        }
        return true;
    }

    private static bool ReadClassChar(string pattern, ref int i)
    {
        if (i >= pattern.Length || pattern[i] == '-' || pattern[i] == ']') return false;
        if (pattern[i] == '\\')
        {
            i++;
            if (i >= pattern.Length) return false;
        }
        i++;
        return true;
    }
}
