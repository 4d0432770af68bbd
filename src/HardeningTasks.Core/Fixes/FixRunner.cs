using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Checking;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Fixes;

/// <summary>A file <c>hardening fix</c> changes: as it was and as it becomes.</summary>
public sealed record FixedFile(FixDocument Before, string After);

/// <summary>What <see cref="FixRunner"/> did: the fixes applied, those withheld (with why), the files changed and the check
/// before and after.</summary>
public sealed class FixOutcome
{
    internal FixOutcome(IReadOnlyList<CodeFix> applied, IReadOnlyList<Finding> alsoResolved, IReadOnlyList<(CodeFix Fix, string Reason)> withheld,
        IReadOnlyList<FixedFile> files, CheckRun before, CheckRun after)
    {
        Applied = applied;
        AlsoResolved = alsoResolved;
        Withheld = withheld;
        Files = files;
        Before = before;
        After = after;
    }

    public IReadOnlyList<CodeFix> Applied { get; }

    /// <summary>Findings of other rules the fixes made go too (a port bound to 127.0.0.1 is no longer an edge a data
    /// service shares a network with): consequences, not surprises — reported, never hidden.</summary>
    public IReadOnlyList<Finding> AlsoResolved { get; }
    public IReadOnlyList<(CodeFix Fix, string Reason)> Withheld { get; }
    public IReadOnlyList<FixedFile> Files { get; }
    public CheckRun Before { get; }
    public CheckRun After { get; }
}

/// <summary>
/// Every mechanical fix of a check, applied in memory and proved: after the edits, a new check must report the findings
/// it reported before minus those the fixes resolve (positions moved by the edits), and nothing new. A finding of
/// another rule that goes too is a consequence of the fix and is listed in <see cref="FixOutcome.AlsoResolved"/>. Fixes
/// whose edits overlap go in later rounds (each on a fresh check); a fix the proof rejects is withheld, never applied.
/// Suppressions and severities are decisions, never taken here. The checks are <see cref="CheckService"/>'s, so only what
/// <c>hardening check</c> reports with the same preset, warning options and baseline is fixed.
/// </summary>
public static class FixRunner
{
    private const int MaxRounds = 6;

    /// <param name="request">The check, reading the files to fix through its file system.</param>
    /// <param name="rules">The rules to fix (null: every rule with a mechanical fix).</param>
    public static FixOutcome Run(AnalysisRequest request, ISet<string>? rules = null) => Run(new CheckRequest { Analysis = request }, rules);

    /// <param name="request">The check, reading the files to fix through its file system; a baseline is read, never written.</param>
    /// <param name="rules">The rules to fix (null: every rule with a mechanical fix).</param>
    public static FixOutcome Run(CheckRequest request, ISet<string>? rules = null)
    {
        request = request with { UpdateBaseline = false, UnitsCacheFile = null, Units = null };
        var changed = new Dictionary<string, (FixDocument Original, string Text)>(PathText.Comparer);
        var applied = new List<CodeFix>();
        var alsoResolved = new List<Finding>();
        var withheld = new List<(CodeFix, string)>();
        var attempted = new HashSet<string>(StringComparer.Ordinal);
        var check = Checks.Run(request);
        var first = check;
        for (var round = 0; round < MaxRounds; round++)
        {
            var fileSystem = Overlay(request.Analysis.FileSystem, changed);
            var context = new FixContext(fileSystem, request.Analysis.ProjectDirectory, check.Findings, check.Stacks);
            var candidates = Candidates(check.Findings, context, rules, attempted);
            if (candidates.Count == 0) break;
            var batch = Disjoint(candidates, context);

            var trial = Verify(request, changed, check, batch, context);
            if (trial.Passed)
            {
                Commit(changed, batch, context);
                applied.AddRange(batch);
                alsoResolved.AddRange(trial.AlsoResolved!);
                check = trial.After!;
                continue;
            }
            // Find the fixes the proof rejects by halving the batch; the others go on in the next round.
            foreach (var (fix, reason) in Rejected(request, changed, check, batch, context, trial.Reason!))
            {
                withheld.Add((fix, reason));
                attempted.Add(Key(fix));
            }
        }
        return new FixOutcome(applied, alsoResolved, withheld,
            changed.Values.Select(c => new FixedFile(c.Original, c.Text)).OrderBy(f => f.Before.Path, StringComparer.Ordinal).ToList(),
            first, check);
    }

    /// <summary>The fixes of a rejected batch that are rejected on their own: halves are proved apart, down to single fixes.</summary>
    private static IEnumerable<(CodeFix Fix, string Reason)> Rejected(CheckRequest request, Dictionary<string, (FixDocument Original, string Text)> changed,
        CheckRun before, IReadOnlyList<CodeFix> batch, FixContext context, string reason)
    {
        if (batch.Count == 1)
        {
            yield return (batch[0], reason);
            yield break;
        }
        var half = batch.Count / 2;
        foreach (var part in new[] { batch.Take(half).ToList(), batch.Skip(half).ToList() })
        {
            var trial = Verify(request, changed, before, part, context);
            if (trial.Passed) continue;
            foreach (var rejected in Rejected(request, changed, before, part, context, trial.Reason!)) yield return rejected;
        }
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

    private sealed record Trial(bool Passed, string? Reason, CheckRun? After, IReadOnlyList<Finding>? AlsoResolved = null);

    /// <summary>Applies <paramref name="fixes"/> on top of <paramref name="changed"/> in memory and checks again.</summary>
    private static Trial Verify(CheckRequest request, Dictionary<string, (FixDocument Original, string Text)> changed, CheckRun before,
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
        var check = Checks.Run(request with { Analysis = request.Analysis with { FileSystem = Overlay(request.Analysis.FileSystem, trialFiles) } });

        var resolved = new HashSet<Finding>(fixes.SelectMany(f => f.Resolves));
        var remaining = before.Findings.Where(f => !resolved.Contains(f)).ToList();
        var expected = remaining.Select(f => Key(f, edits, after)).ToList();
        var actual = new HashSet<string>(check.Findings.Select(f => Key(f, null, null)), StringComparer.Ordinal);
        // Same keys, counted: every finding after the edits must be one that was there before.
        var added = check.Findings.Select(f => Key(f, null, null)).Except(expected, StringComparer.Ordinal).ToList();
        if (added.Count > 0 || check.Findings.Count > expected.Count)
            return new Trial(false, "the check then reports " + (added.Count > 0 ? string.Join("; ", added.Take(3)) : "a finding twice"), check);
        var gone = remaining.Where((f, i) => !actual.Contains(expected[i])).ToList();
        if (gone.Any(f => fixes.Any(x => x.RuleId == f.RuleId)))
            return new Trial(false, "it also removes " + string.Join("; ", gone.Where(f => fixes.Any(x => x.RuleId == f.RuleId)).Take(3)), check);
        return new Trial(true, null, check, gone);
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
}
