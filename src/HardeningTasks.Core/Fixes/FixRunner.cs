using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Fixes;

/// <summary>A file <c>hardening fix</c> changes: as it was and as it becomes.</summary>
public sealed record FixedFile(FixDocument Before, string After);

/// <summary>What <see cref="FixRunner"/> did: the fixes applied, those withheld (with why), the files changed and the check
/// before and after.</summary>
public sealed class FixOutcome
{
    internal FixOutcome(IReadOnlyList<CodeFix> applied, IReadOnlyList<(CodeFix Fix, string Reason)> withheld, IReadOnlyList<FixedFile> files,
        AnalysisResult before, AnalysisResult after)
    {
        Applied = applied;
        Withheld = withheld;
        Files = files;
        Before = before;
        After = after;
    }

    public IReadOnlyList<CodeFix> Applied { get; }
    public IReadOnlyList<(CodeFix Fix, string Reason)> Withheld { get; }
    public IReadOnlyList<FixedFile> Files { get; }
    public AnalysisResult Before { get; }
    public AnalysisResult After { get; }
}

/// <summary>
/// Every mechanical fix of a check, applied in memory and proved: after the edits, a new check must report exactly the
/// findings it reported before minus those the fixes resolve (positions moved by the edits), and nothing else. Fixes
/// whose edits overlap go in later rounds (each on a fresh check); a fix the proof rejects is withheld, never applied.
/// Suppressions and severities are decisions, never taken here.
/// </summary>
public static class FixRunner
{
    private const int MaxRounds = 6;

    /// <param name="request">The check, reading the files to fix through its file system.</param>
    /// <param name="rules">The rules to fix (null: every rule with a mechanical fix).</param>
    public static FixOutcome Run(AnalysisRequest request, ISet<string>? rules = null)
    {
        var changed = new Dictionary<string, (FixDocument Original, string Text)>(PathText.Comparer);
        var applied = new List<CodeFix>();
        var withheld = new List<(CodeFix, string)>();
        var attempted = new HashSet<string>(StringComparer.Ordinal);
        AnalysisResult? first = null;
        CheckRun check = Checks.Run(request);
        first = check.Result;
        for (var round = 0; round < MaxRounds; round++)
        {
            var fileSystem = Overlay(request.FileSystem, changed);
            var context = new FixContext(fileSystem, request.ProjectDirectory, check.Result.Findings, check.Stacks);
            var candidates = Candidates(check.Result.Findings, context, rules, attempted);
            if (candidates.Count == 0) break;
            var batch = Disjoint(candidates, context);

            var trial = Verify(request, changed, check.Result, batch, context);
            if (trial.Passed)
            {
                Commit(changed, batch, context);
                applied.AddRange(batch);
                check = trial.After!;
                continue;
            }
            // Find the fixes the proof rejects, one by one; the others go on in the next round.
            foreach (var fix in batch)
            {
                var alone = Verify(request, changed, check.Result, new[] { fix }, context);
                if (!alone.Passed) withheld.Add((fix, alone.Reason!));
            }
            foreach (var (fix, _) in withheld) attempted.Add(Key(fix));
        }
        return new FixOutcome(applied, withheld,
            changed.Values.Select(c => new FixedFile(c.Original, c.Text)).OrderBy(f => f.Before.Path, StringComparer.Ordinal).ToList(),
            first, check.Result);
    }

    private static List<CodeFix> Candidates(IReadOnlyList<Finding> findings, FixContext context, ISet<string>? rules, HashSet<string> attempted)
    {
        var fixes = new List<CodeFix>();
        var covered = new HashSet<Finding>();
        foreach (var finding in findings)
        {
            if (covered.Contains(finding) || (rules != null && !rules.Contains(finding.RuleId))) continue;
            if (CodeFixes.MechanicalFix(finding, context) is not { } fix || attempted.Contains(Key(fix))) continue;
            fixes.Add(fix);
            foreach (var resolved in fix.Resolves) covered.Add(resolved);
        }
        return fixes;
    }

    /// <summary>The fixes, in order, that touch no text another one before them touches.</summary>
    private static List<CodeFix> Disjoint(List<CodeFix> candidates, FixContext context)
    {
        var chosen = new List<CodeFix>();
        var edits = new Dictionary<string, List<TextEdit>>(PathText.Comparer);
        foreach (var fix in candidates)
        {
            var fits = fix.Changes.All(c => context.Document(c.Path) is { } document
                && TextEdits.Disjoint(document, (edits.TryGetValue(c.Path, out var taken) ? taken : new List<TextEdit>()).Concat(c.Edits)));
            if (!fits) continue;
            chosen.Add(fix);
            foreach (var change in fix.Changes)
            {
                if (!edits.TryGetValue(change.Path, out var list)) edits[change.Path] = list = new List<TextEdit>();
                list.AddRange(change.Edits);
            }
        }
        return chosen;
    }

    private sealed record Trial(bool Passed, string? Reason, CheckRun? After);

    /// <summary>Applies <paramref name="fixes"/> on top of <paramref name="changed"/> in memory and checks again.</summary>
    private static Trial Verify(AnalysisRequest request, Dictionary<string, (FixDocument Original, string Text)> changed, AnalysisResult before,
        IReadOnlyList<CodeFix> fixes, FixContext context)
    {
        var edits = fixes.SelectMany(f => f.Changes).GroupBy(c => c.Path, PathText.Comparer)
            .ToDictionary(g => g.Key, g => (Document: context.Document(g.Key)!, Edits: g.SelectMany(c => c.Edits).ToList()), PathText.Comparer);
        var after = new Dictionary<string, FixDocument>(PathText.Comparer);
        var trialFiles = new Dictionary<string, (FixDocument Original, string Text)>(changed, PathText.Comparer);
        foreach (var pair in edits)
        {
            var text = pair.Value.Document.Apply(pair.Value.Edits);
            after[pair.Key] = new FixDocument(pair.Key, text);
            trialFiles[pair.Key] = (changed.TryGetValue(pair.Key, out var c) ? c.Original : pair.Value.Document, text);
        }
        var check = Checks.Run(With(request, Overlay(request.FileSystem, trialFiles)));

        var resolved = new HashSet<Finding>(fixes.SelectMany(f => f.Resolves));
        var expected = before.Findings.Where(f => !resolved.Contains(f)).Select(f => Key(f, edits, after)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var actual = check.Result.Findings.Select(f => Key(f, null, null)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        if (expected.SequenceEqual(actual, StringComparer.Ordinal)) return new Trial(true, null, check);
        var missing = expected.Except(actual, StringComparer.Ordinal).ToList();
        var added = actual.Except(expected, StringComparer.Ordinal).ToList();
        var reason = (added.Count > 0 ? "the check then reports " + string.Join("; ", added.Take(3)) : "")
                     + (added.Count > 0 && missing.Count > 0 ? ", and " : "")
                     + (missing.Count > 0 ? "it also removes " + string.Join("; ", missing.Take(3)) : "");
        return new Trial(false, reason, check);
    }

    private static void Commit(Dictionary<string, (FixDocument Original, string Text)> changed, IReadOnlyList<CodeFix> fixes, FixContext context)
    {
        foreach (var group in fixes.SelectMany(f => f.Changes).GroupBy(c => c.Path, PathText.Comparer))
        {
            var document = context.Document(group.Key)!;
            var text = document.Apply(group.SelectMany(c => c.Edits));
            changed[group.Key] = (changed.TryGetValue(group.Key, out var c) ? c.Original : document, text);
        }
    }

    /// <summary>A finding as the proof compares it: rule, file, position (moved by the edits of its file) and subject.</summary>
    private static string Key(Finding finding, Dictionary<string, (FixDocument Document, List<TextEdit> Edits)>? edits, Dictionary<string, FixDocument>? after)
    {
        var (line, column) = (finding.Location.Line, finding.Location.Column);
        if (edits != null && after != null && edits.TryGetValue(finding.Location.FilePath, out var e))
            (line, column) = TextEdits.Map(e.Document, after[finding.Location.FilePath], e.Edits, line, column);
        return $"{finding.Location.FilePath}({line},{column}): {finding.RuleId} [{finding.Subject}]";
    }

    private static string Key(CodeFix fix) =>
        fix.RuleId + "|" + string.Join("|", fix.Resolves.Select(f => f.Location.ToString()));

    private static IFileSystem Overlay(IFileSystem below, Dictionary<string, (FixDocument Original, string Text)> files) =>
        files.Count == 0 ? below : new OverlayFileSystem(below, files.Select(f => new KeyValuePair<string, byte[]?>(f.Key, f.Value.Original.Encode(f.Value.Text))));

    private static AnalysisRequest With(AnalysisRequest request, IFileSystem fileSystem) => new()
    {
        ProjectDirectory = request.ProjectDirectory,
        Files = request.Files,
        ComposeProjects = request.ComposeProjects,
        Variables = request.Variables,
        Properties = request.Properties,
        MaxFileBytes = request.MaxFileBytes,
        FileSystem = fileSystem,
        Outside = request.Outside,
    };
}
