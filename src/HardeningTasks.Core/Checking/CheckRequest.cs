using System;
using System.Collections.Generic;

namespace HardeningTasks.Core.Checking;

/// <summary>
/// Everything a front end knows about one check: what to analyse (<see cref="Analysis"/>: files, compose projects,
/// variables, rule options, the preset, the file system to read through) and how the build around it judges warnings,
/// which baseline applies and where the incremental scan keeps its cache. No MSBuild or command-line types: the task,
/// the CLI and the language server fill it from their own settings.
/// </summary>
public sealed record CheckRequest
{
    /// <summary>What to analyse and with which preset (<see cref="AnalysisRequest.Mode"/>).</summary>
    public AnalysisRequest Analysis { get; init; } = new();

    /// <summary>NoWarn, WarningsAsErrors, WarningsNotAsErrors, TreatWarningsAsErrors.</summary>
    public WarningOptions Warnings { get; init; } = WarningOptions.None;

    /// <summary>The baseline file (full path), or null for none. A missing file is no baseline, unless <see cref="UpdateBaseline"/> writes it.</summary>
    public string? BaselineFile { get; init; }

    /// <summary>Write <see cref="BaselineFile"/> from this check's findings (every finding the build would report) before applying it.</summary>
    public bool UpdateBaseline { get; init; }

    /// <summary>
    /// The incremental scan's cache (full path): only the parts of the stack whose files changed since the cache was
    /// written are analysed again, and the cache is rewritten. Null: the whole request is analysed, nothing is written.
    /// </summary>
    public string? UnitsCacheFile { get; init; }

    /// <summary>
    /// The incremental scan's cache kept in memory, for a front end that checks one workspace again and again (the
    /// language server): only the units whose files or answers changed are analysed, and the cache is updated in place.
    /// Wins over <see cref="UnitsCacheFile"/>.
    /// </summary>
    public CheckUnits? Units { get; init; }

    /// <summary>Problems the front end found in its own settings (a malformed variable list, a size that is not a
    /// size): each becomes an HRD090 without a location, judged like any other finding.</summary>
    public IReadOnlyList<string> SettingProblems { get; init; } = Array.Empty<string>();
}

/// <summary>An incremental scan's cache held in memory between checks (<see cref="CheckRequest.Units"/>). One check at a time.</summary>
public sealed class CheckUnits
{
    internal Incremental.IncrementalState? State { get; set; }
}
