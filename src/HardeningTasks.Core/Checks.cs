using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Checking;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core;

/// <summary>A check's outcome with the linked models it built: what fixes are computed from.</summary>
public sealed class CheckRun
{
    public CheckRun(CheckResult result, IReadOnlyList<Stack> stacks)
    {
        Result = result;
        Stacks = stacks;
    }

    /// <summary>The check as every front end sees it (<see cref="CheckService"/>).</summary>
    public CheckResult Result { get; }

    /// <summary>What the check reports (<see cref="CheckResult.Reported"/>): the findings fixes act on.</summary>
    public IReadOnlyList<Finding> Findings => Result.Reported;

    /// <summary>The models built by this run (for an incremental run: those of the units it analysed again).</summary>
    public IReadOnlyList<Stack> Stacks { get; }
}

/// <summary>
/// <see cref="CheckService"/> with the models it built kept: how <c>hardening fix</c> and <c>hardening lsp</c> check, so
/// their findings are the build's and the CLI's (preset, warning options, baseline, setting problems).
/// </summary>
public static class Checks
{
    public static CheckRun Run(CheckRequest request)
    {
        var stacks = new ConcurrentQueue<Stack>();
        var hook = request.Analysis.StackLoaded;
        var result = CheckService.Run(request with
        {
            Analysis = request.Analysis with
            {
                StackLoaded = s =>
                {
                    stacks.Enqueue(s);
                    hook?.Invoke(s);
                },
            },
        });
        return new CheckRun(result, stacks.ToList());
    }

    /// <summary>A check of <paramref name="request"/> with no warning options and no baseline.</summary>
    public static CheckRun Run(AnalysisRequest request) => Run(new CheckRequest { Analysis = request });
}
