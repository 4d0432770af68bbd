using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Incremental;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Checking;

/// <summary>A check's findings with the linked models it built: what fixes are computed from.</summary>
public sealed class CheckRun
{
    public CheckRun(AnalysisResult result, IReadOnlyList<Stack> stacks, int unitsAnalysed = 1, int unitsReused = 0)
    {
        Result = result;
        Stacks = stacks;
        UnitsAnalysed = unitsAnalysed;
        UnitsReused = unitsReused;
    }

    public AnalysisResult Result { get; }

    /// <summary>The models built by this run (for an incremental run: those of the units it analysed again).</summary>
    public IReadOnlyList<Stack> Stacks { get; }

    public int UnitsAnalysed { get; }
    public int UnitsReused { get; }
}

/// <summary>
/// Where <c>hardening fix</c> and <c>hardening lsp</c> call the engine: one small adapter, so that moving them onto the
/// shared check service (presets, baseline and severities decided once for every front end) changes this file only.
/// </summary>
public static class Checks
{
    /// <summary>One whole check of <paramref name="request"/>.</summary>
    public static CheckRun Run(AnalysisRequest request)
    {
        var stacks = new ConcurrentQueue<Stack>();
        var result = Engine.Analyze(WithHook(request, stacks));
        return new CheckRun(result, stacks.ToList());
    }

    internal static AnalysisRequest WithHook(AnalysisRequest request, ConcurrentQueue<Stack> stacks) => new()
    {
        ProjectDirectory = request.ProjectDirectory,
        Files = request.Files,
        Candidates = request.Candidates,
        ComposeProjects = request.ComposeProjects,
        Variables = request.Variables,
        Properties = request.Properties,
        MaxFileBytes = request.MaxFileBytes,
        Mode = request.Mode,
        SettingNames = request.SettingNames,
        FileSystem = request.FileSystem,
        StackLoaded = s =>
        {
            stacks.Enqueue(s);
            request.StackLoaded?.Invoke(s);
        },
    };
}

/// <summary>
/// Checks of one workspace again and again (an editor's edits): each run re-analyses only the units whose files or
/// answers changed (<see cref="IncrementalEngine"/>) and keeps the state for the next. Not thread-safe: one run at a time.
/// </summary>
public sealed class IncrementalCheck
{
    private IncrementalState? state;

    public CheckRun Run(AnalysisRequest request)
    {
        var stacks = new ConcurrentQueue<Stack>();
        var outcome = IncrementalEngine.Analyze(Checks.WithHook(request, stacks), state);
        state = outcome.State;
        return new CheckRun(outcome.Result, stacks.ToList(), outcome.UnitsAnalysed, outcome.UnitsReused);
    }
}
