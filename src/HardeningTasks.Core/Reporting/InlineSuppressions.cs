using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Parsing;
using HardeningTasks.Core.Rules;

namespace HardeningTasks.Core.Reporting;

/// <summary>
/// Deliberate exceptions written in the files themselves, with a reason:
/// <c># hardening-ignore HRD021 HRD022 socket proxy needs the socket</c> on the line before a YAML line (or at its
/// end), or on the line(s) before a Dockerfile instruction; <c># hardening-ignore-file HRD001 reason</c> anywhere for the
/// whole file. A suppression that suppresses nothing is HRD091; an ID that names no rule is HRD090.
/// hadolint's own comments (<c># hadolint ignore=DL3006</c>) count too, through <see cref="HadolintPragmas"/>: they suppress
/// the HRD rules their codes map to and are never reported as unknown or stale.
/// </summary>
public sealed class InlineSuppressions
{
    private static readonly Regex Comment = new(
        @"(?:^|\s)#\s*hardening-ignore(?<file>-file)?\b[ \t:]*(?<ids>[A-Za-z]+\d+(?:[ \t]*,?[ \t]*[A-Za-z]+\d+)*)?[ \t]*(?<reason>.*)$",
        RegexOptions.CultureInvariant);
    private static readonly Regex IdPattern = new(@"[A-Za-z]+\d+", RegexOptions.CultureInvariant);

    private readonly List<Suppression> suppressions = new();
    private readonly List<Finding> problems = new();
    private readonly Dictionary<string, List<HadolintPragma>> hadolint = new(StringComparer.Ordinal);

    private sealed class Suppression
    {
        public Suppression(string ruleId, SourceLocation at, int firstLine, int lastLine, string reason)
        {
            RuleId = ruleId;
            At = at;
            FirstLine = firstLine;
            LastLine = lastLine;
            Reason = reason;
        }

        public string RuleId { get; }
        public SourceLocation At { get; }
        public int FirstLine { get; }
        public int LastLine { get; }
        public string Reason { get; }
        public bool Used { get; set; }
    }

    /// <summary>Reads the suppression comments of <paramref name="files"/> (YAML or Dockerfile, told apart by name).</summary>
    public static InlineSuppressions Read(IEnumerable<string> files, IFileSystem fileSystem, long maxBytes)
    {
        var result = new InlineSuppressions();
        foreach (var path in files.Distinct(StringComparer.Ordinal))
        {
            if (!fileSystem.FileExists(path)) continue;
            var text = SourceReader.TryRead(fileSystem, path, maxBytes, out _);
            if (text == null || text.IndexOf("hardening-ignore", StringComparison.Ordinal) < 0) continue;
            result.ReadFile(path, text.Split('\n'), InputClassifier.Classify(path) == InputKind.Dockerfile);
        }
        return result;
    }

    private void ReadFile(string path, string[] lines, bool isDockerfile)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var match = Comment.Match(lines[i]);
            if (!match.Success) continue;
            var hash = match.Index + (match.Value.StartsWith("#", StringComparison.Ordinal) ? 0 : 1);
            var wholeLineComment = lines[i].Substring(0, hash).Trim().Length == 0;
            if (isDockerfile && !wholeLineComment) continue; // a '#' inside an instruction is not a comment
            var at = new SourceLocation(path, new SourceSpan(i + 1, hash + 1, i + 1, lines[i].Length + 1));

            int first, last;
            if (match.Groups["file"].Success) { first = 1; last = int.MaxValue; }
            else if (!wholeLineComment) { first = last = i + 1; }
            else
            {
                first = NextContentLine(lines, i + 1);
                last = isDockerfile ? EndOfInstruction(lines, first) : EndOfYamlBlock(lines, first);
            }

            var ids = match.Groups["ids"].Success ? IdPattern.Matches(match.Groups["ids"].Value).Cast<Match>().Select(m => m.Value.ToUpperInvariant()).ToList() : new List<string>();
            if (ids.Count == 0)
            {
                problems.Add(ToolDiagnostics.ConfigurationProblem.At(at, null, null,
                    "This hardening-ignore comment names no rule; write the IDs it suppresses and why, e.g. '# hardening-ignore HRD021 socket proxy needs the socket'."));
                continue;
            }
            foreach (var id in ids)
            {
                if (RuleCatalog.Find(id) == null)
                {
                    problems.Add(ToolDiagnostics.ConfigurationProblem.At(at, null, id,
                        $"The suppression names '{id}', which is not a HardeningTasks rule; see the rule list in the README."));
                    continue;
                }
                suppressions.Add(new Suppression(id, at, first, last, match.Groups["reason"].Value.Trim()));
            }
        }
    }

    /// <summary>Adds hadolint's ignore pragmas (<see cref="HadolintPragmas.Of"/>): they suppress what a
    /// <c># hardening-ignore</c> comment does not, and are never stale.</summary>
    public void Add(IEnumerable<HadolintPragma> pragmas)
    {
        foreach (var pragma in pragmas)
        {
            if (!hadolint.TryGetValue(pragma.At.FilePath, out var list)) hadolint[pragma.At.FilePath] = list = new List<HadolintPragma>();
            list.Add(pragma);
        }
    }

    /// <summary>The first line at or after <paramref name="index"/> (0-based) that is neither blank nor a comment, 1-based.</summary>
    private static int NextContentLine(string[] lines, int index)
    {
        while (index < lines.Length && (lines[index].Trim().Length == 0 || lines[index].TrimStart().StartsWith("#", StringComparison.Ordinal))) index++;
        return index + 1;
    }

    /// <summary>For a key that opens a block (<c>  web:</c>), the last line of that block, so a suppression above a
    /// service covers the service; for any other line, the line itself.</summary>
    private static int EndOfYamlBlock(string[] lines, int line)
    {
        if (line > lines.Length) return line;
        var text = StripComment(lines[line - 1]).TrimEnd();
        if (!text.EndsWith(":", StringComparison.Ordinal)) return line;
        var indent = Indent(lines[line - 1]);
        var last = line;
        for (var i = line; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0 || lines[i].TrimStart().StartsWith("#", StringComparison.Ordinal)) continue;
            if (Indent(lines[i]) <= indent && !lines[i].TrimStart().StartsWith("- ", StringComparison.Ordinal)) break;
            if (Indent(lines[i]) < indent) break;
            last = i + 1;
        }
        return last;
    }

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    private static string StripComment(string line)
    {
        var hash = line.IndexOf(" #", StringComparison.Ordinal);
        return hash >= 0 ? line.Substring(0, hash) : line;
    }

    /// <summary>The last line of the Dockerfile instruction starting at <paramref name="line"/> (1-based): continuations included.</summary>
    private static int EndOfInstruction(string[] lines, int line)
    {
        var index = line - 1;
        while (index < lines.Length - 1 && (lines[index].TrimEnd().EndsWith("\\", StringComparison.Ordinal) || lines[index].TrimEnd().EndsWith("`", StringComparison.Ordinal)))
            index++;
        return index + 1;
    }

    /// <summary>
    /// Which suppression covers each finding (null: none), aligned with <paramref name="findings"/>; marks every covering
    /// suppression used. When several cover a finding, the innermost one (the range that ends first; of two ending together, the one starting later) gives the reason.
    /// </summary>
    /// <remarks>
    /// Indexed rather than every suppression tried for every finding (a compose file with 8,000 commented services took
    /// seconds): per file and rule, suppressions sorted by first line and findings by line are swept once, with the
    /// ranges that have started kept ordered by their last line. Every suppression enters and leaves that set once.
    /// </remarks>
    public IReadOnlyList<FindingSuppression?> Apply(IReadOnlyList<Finding> findings)
    {
        var result = new FindingSuppression?[findings.Count];
        ApplyComments(findings, result);
        if (hadolint.Count == 0) return result;
        // the narrowest pragma gives the reason: the instruction's, then the stage's, then the file's
        for (var i = 0; i < findings.Count; i++)
        {
            if (result[i] != null || !hadolint.TryGetValue(findings[i].Location.FilePath, out var pragmas)) continue;
            var covering = pragmas.Where(p => p.Covers(findings[i])).OrderBy(p => p.Scope).FirstOrDefault();
            if (covering != null) result[i] = new FindingSuppression(SuppressionKind.InSource, covering.Justification, covering.At);
        }
        return result;
    }

    private void ApplyComments(IReadOnlyList<Finding> findings, FindingSuppression?[] result)
    {
        if (suppressions.Count == 0) return;
        var byKey = new Dictionary<(string File, string Rule), List<Suppression>>();
        foreach (var s in suppressions)
        {
            if (!byKey.TryGetValue((s.At.FilePath, s.RuleId), out var list)) byKey[(s.At.FilePath, s.RuleId)] = list = new List<Suppression>();
            list.Add(s);
        }
        var findingsByKey = new Dictionary<(string File, string Rule), List<int>>();
        for (var i = 0; i < findings.Count; i++)
        {
            var key = (findings[i].Location.FilePath, findings[i].RuleId);
            if (!byKey.ContainsKey(key)) continue;
            if (!findingsByKey.TryGetValue(key, out var list)) findingsByKey[key] = list = new List<int>();
            list.Add(i);
        }

        foreach (var pair in findingsByKey)
        {
            var ranges = byKey[pair.Key];
            ranges.Sort((a, b) => a.FirstLine.CompareTo(b.FirstLine));
            var indexes = pair.Value;
            indexes.Sort((a, b) => findings[a].Location.Line.CompareTo(findings[b].Location.Line));
            // the started ranges by (last line, later first line first: the narrower of two ending together), and those not yet used
            var started = new SortedSet<(int Last, int NegatedFirst, int Index)>();
            var unused = new SortedSet<(int Last, int Index)>();
            var next = 0;
            foreach (var index in indexes)
            {
                var line = findings[index].Location.Line;
                for (; next < ranges.Count && ranges[next].FirstLine <= line; next++)
                {
                    started.Add((ranges[next].LastLine, -ranges[next].FirstLine, next));
                    if (!ranges[next].Used) unused.Add((ranges[next].LastLine, next));
                }
                while (started.Count > 0 && started.Min.Last < line) started.Remove(started.Min);
                while (unused.Count > 0 && unused.Min.Last < line) unused.Remove(unused.Min);
                if (started.Count == 0) continue;
                foreach (var (_, i) in unused) ranges[i].Used = true;
                unused.Clear();
                var innermost = ranges[started.Min.Index];
                result[index] = new FindingSuppression(SuppressionKind.InSource, innermost.Reason, innermost.At);
            }
        }
    }

    /// <summary>Whether a suppression covers the finding; marks it used. One finding at a time: <see cref="Apply"/> for many.</summary>
    public bool Suppresses(Finding finding) => Apply(new[] { finding })[0] != null;

    /// <summary>HRD090 for unknown IDs and HRD091 for suppressions that matched nothing. Call after <see cref="Apply"/>.</summary>
    public IEnumerable<Finding> Problems() =>
        problems.Concat(suppressions.Where(s => !s.Used).Select(s => ToolDiagnostics.StaleSuppression.At(s.At, null, s.RuleId,
            $"This suppression of {s.RuleId} suppresses nothing{(s.FirstLine == 1 && s.LastLine == int.MaxValue ? " in this file" : " on the line it covers")}; remove it (the finding was fixed or moved).")));
}
