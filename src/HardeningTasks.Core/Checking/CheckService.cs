using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using HardeningTasks.Core.Incremental;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Reporting;
using HardeningTasks.Core.Rules;

namespace HardeningTasks.Core.Checking;

/// <summary>
/// The one check every front end calls (the MSBuild task, <c>hardening check</c>, <c>hardening lsp</c>), so the build,
/// the CLI, SARIF and the editor never disagree. In order:
/// <list type="number">
/// <item>analysis (<see cref="Engine"/>, or <see cref="IncrementalEngine"/> with a units cache): rules, inline
/// suppressions, and each rule's configured severity — the preset (<see cref="AnalysisRequest.Mode"/>), then .editorconfig;</item>
/// <item>the build's warning knobs (<see cref="WarningOptions"/>): NoWarn marks a finding suppressed, an escalated
/// warning becomes an error;</item>
/// <item>the baseline, read or written, on exactly the findings the build would report;</item>
/// <item>the result: every finding with its effective severity and suppression, for every sink.</item>
/// </list>
/// Never throws for bad input (a file, a setting or a baseline that is wrong is a finding); an I/O failure writing the
/// units cache is the caller's to report.
/// </summary>
public static class CheckService
{
    public static CheckResult Run(CheckRequest request)
    {
        if (request == null) throw new ArgumentNullException(nameof(request));
        var analysisRequest = request.Analysis;
        var names = analysisRequest.SettingNames;

        IncrementalOutcome? incremental = null;
        AnalysisResult analysis;
        if (request.Units is { } units)
        {
            incremental = IncrementalEngine.Analyze(analysisRequest, units.State);
            units.State = incremental.State;
            analysis = incremental.Result;
        }
        else if (request.UnitsCacheFile is { } unitsFile)
        {
            incremental = IncrementalEngine.Analyze(analysisRequest, IncrementalState.Load(unitsFile));
            var state = Encoding.UTF8.GetBytes(incremental.State.Serialize());
            AtomicFile.Write(unitsFile, stream => stream.Write(state, 0, state.Length));
            analysis = incremental.Result;
        }
        else
        {
            analysis = Engine.Analyze(analysisRequest);
        }

        var settingProblems = request.SettingProblems.Concat(MisspelledIds(request.Warnings, names));
        // the settings' problems first (they have no location, so sorting would merge them), then the files' findings
        var judged = settingProblems
            .Select(p => ToolDiagnostics.ConfigurationProblem.At(new SourceLocation("", new SourceSpan(0, 0, 0, 0)), null, null, p))
            .Concat(Merged(analysis.Findings, analysis.Suppressed))
            .Select(f => Judge(f, request.Warnings, names))
            .ToList();

        BaselineOutcome? baseline = null;
        IReadOnlyList<Finding> findings = judged;
        if (request.BaselineFile is { } baselineFile)
        {
            baseline = Reporting.Baseline.Process(judged, baselineFile, request.UpdateBaseline, analysisRequest.FileSystem, names);
            findings = baseline.Findings;
        }

        var read = new SortedSet<string>(StringComparer.Ordinal);
        var absent = new SortedSet<string>(StringComparer.Ordinal);
        var consulted = analysis.Inputs.Concat(analysisRequest.Files.Select(f => f.Path)).Concat(analysisRequest.Candidates);
        if (request.BaselineFile != null) consulted = consulted.Append(request.BaselineFile);
        foreach (var path in consulted)
            (analysisRequest.FileSystem.FileExists(path) ? read : absent).Add(path);

        return new CheckResult(findings.Where(f => f.Severity.IsReported()).ToList(), read.ToList(), absent.ToList(), baseline, request.BaselineFile, incremental, names, analysis.Summary);
    }

    /// <summary>
    /// What <see cref="Engine.Sorted"/> makes of both lists, in one pass: each is already sorted and has one finding per
    /// (file, line, column, rule), and at a place both hold, the reported one is kept. Sorting the ten thousand findings of
    /// a large workspace again took a tenth of each of an editor's checks.
    /// </summary>
    private static IEnumerable<Finding> Merged(IReadOnlyList<Finding> reported, IReadOnlyList<Finding> suppressed)
    {
        int i = 0, j = 0;
        while (i < reported.Count || j < suppressed.Count)
        {
            var order = i == reported.Count ? 1 : j == suppressed.Count ? -1 : Compare(reported[i], suppressed[j]);
            if (order <= 0) yield return reported[i++];
            else yield return suppressed[j++];
            if (order == 0) j++;
        }
    }

    private static int Compare(Finding a, Finding b)
    {
        var order = string.CompareOrdinal(a.Location.FilePath, b.Location.FilePath);
        if (order == 0) order = a.Location.Line.CompareTo(b.Location.Line);
        if (order == 0) order = a.Location.Column.CompareTo(b.Location.Column);
        return order != 0 ? order : string.CompareOrdinal(a.RuleId, b.RuleId);
    }

    /// <summary>An HRD ID in a warning list that no rule has: a misspelling that silently does nothing, said as HRD090.</summary>
    private static IEnumerable<string> MisspelledIds(WarningOptions warnings, Configuration.SettingNames names) =>
        from list in new[] { (names.NoWarn, warnings.NoWarn), (names.WarningsAsErrors, warnings.WarningsAsErrors), (names.WarningsNotAsErrors, warnings.WarningsNotAsErrors) }
        where list.Item1.Length > 0
        from unknown in RuleCatalog.Names.UnknownIds(string.Join(";", list.Item2))
        select $"{list.Item1}: '{unknown}' is not a HardeningTasks rule ID{RuleCatalog.Names.DidYouMean(unknown)}, so this entry has no effect; every rule is listed at {RuleNames.IndexLink}.";

    /// <summary>NoWarn first (it wins over escalation, as in MSBuild), then escalation. An inline suppression, more
    /// specific, keeps its reason.</summary>
    private static Finding Judge(Finding finding, WarningOptions warnings, Configuration.SettingNames names)
    {
        if (warnings.Hides(finding.RuleId, finding.Severity))
            return finding.Suppression != null ? finding : finding with { Suppression = new FindingSuppression(SuppressionKind.External, $"{finding.RuleId} is in {names.NoWarn}", null) };
        var severity = warnings.Escalate(finding.RuleId, finding.Severity);
        return severity == finding.Severity ? finding : finding with { Severity = severity };
    }
}
