using System.Collections.Generic;
using System.IO;
using System.Linq;
using HardeningTasks.Core.Incremental;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Reporting;

namespace HardeningTasks.Core.Checking;

/// <summary>
/// The outcome of one check, decided once for every sink: each finding with its effective severity and, when it is
/// not reported, why (<see cref="Finding.Suppression"/>: an inline comment, NoWarn, the baseline).
/// </summary>
public sealed class CheckResult
{
    private readonly Model.SettingNames names;

    internal CheckResult(IReadOnlyList<Finding> findings, IReadOnlyList<string> inputsRead, IReadOnlyList<string> inputsAbsent,
        BaselineOutcome? baseline, string? baselineFile, IncrementalOutcome? incremental, Model.SettingNames names, CheckSummary summary)
    {
        Summary = summary;
        this.names = names;
        Findings = findings;
        Reported = findings.Where(f => f.Suppression == null).ToList();
        InputsRead = inputsRead;
        InputsAbsent = inputsAbsent;
        Baseline = baseline;
        BaselineFile = baselineFile;
        Incremental = incremental;
    }

    /// <summary>
    /// Every finding at a reported severity (error, warning, suggestion), in the stable order of every report: the
    /// reported ones and the suppressed ones (with <see cref="Finding.Suppression"/>, for SARIF). Findings whose rule is
    /// off (<c>none</c>/<c>silent</c> by preset or .editorconfig) are not here at all, as in Roslyn.
    /// </summary>
    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>What the build, the CLI and the editor show: <see cref="Findings"/> without the suppressed ones.</summary>
    public IReadOnlyList<Finding> Reported { get; }

    public int Errors => Reported.Count(f => f.Severity == Severity.Error);
    public int Warnings => Reported.Count(f => f.Severity == Severity.Warning);
    public int Suggestions => Reported.Count(f => f.Severity == Severity.Suggestion);

    /// <summary>Every file the check read (checked files, .env, included files, .editorconfig, the baseline): when one changes, check again.</summary>
    public IReadOnlyList<string> InputsRead { get; }

    /// <summary>Every path the check looked for and did not find (an override file, an .env): when one appears, check again.</summary>
    public IReadOnlyList<string> InputsAbsent { get; }

    /// <summary>What the baseline step did (written, stale entries); null when no baseline file was given.</summary>
    public BaselineOutcome? Baseline { get; }

    /// <summary>The baseline file used, or null.</summary>
    public string? BaselineFile { get; }

    /// <summary><c>wrote 2 findings to …/hardening-baseline.json</c> after an update, else null.</summary>
    public string? BaselineWrittenNote => Baseline is { Written: >= 0 } b ? $"wrote {Plural(b.Written, "finding")} to {BaselineFile}" : null;

    /// <summary>Accepted findings that are gone, and how to drop them from the baseline; null when there are none.</summary>
    public string? BaselineStaleNote => Baseline is { Stale: > 0 } b
        ? $"{Plural(b.Stale, "finding")} accepted in {BaselineFile} {(b.Stale == 1 ? "was" : "were")} not found any more; update the baseline ({names.UpdateBaseline}) to drop {(b.Stale == 1 ? "it" : "them")}."
        : null;

    /// <summary>What the incremental scan reused and analysed; null when the whole request was analysed.</summary>
    public IncrementalOutcome? Incremental { get; }

    /// <summary>What was checked and what was skipped, and why: the run's summary line, every front end the same.</summary>
    public CheckSummary Summary { get; }

    /// <summary>The SARIF 2.1.0 log of <see cref="Findings"/>: the level is the effective severity, suppressed findings carry
    /// their reason, and the files not checked are the invocation's notifications.</summary>
    public void WriteSarif(Stream stream, SarifOptions options) => SarifWriter.Write(stream, Findings, WithSummary(options));

    private static string Plural(int count, string noun) => count + " " + noun + (count == 1 ? "" : "s");

    /// <summary>The SARIF log as a string (what <see cref="WriteSarif"/> writes).</summary>
    public string ToSarif(SarifOptions options) => SarifWriter.ToJson(Findings, WithSummary(options));

    private SarifOptions WithSummary(SarifOptions options) => options.Summary != null ? options : options with { Summary = Summary };
}
