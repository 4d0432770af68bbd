using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Dockerfile;

namespace HardeningTasks.Core.Rules.Dockerfile;

/// <summary>A stage that is shipped as an image, and the compose services that build it (none when no compose file does).</summary>
internal sealed class FinalStage
{
    public FinalStage(DockerStage stage, IReadOnlyList<ComposeService> builders)
    {
        Stage = stage;
        Builders = builders;
    }

    public DockerStage Stage { get; }
    public IReadOnlyList<ComposeService> Builders { get; }

    /// <summary>True when compose services build this stage and every one of them satisfies <paramref name="predicate"/>.</summary>
    public bool AllBuilders(Func<ComposeService, bool> predicate) => Builders.Count > 0 && Builders.All(predicate);
}

/// <summary>
/// Which stages of a Dockerfile are the final image, and where final-stage findings point (RULES.md): the stage a
/// compose <c>build.target</c> names, for every service that builds this Dockerfile; the last stage for a service with
/// no target, and when no compose file of the project builds the Dockerfile.
/// </summary>
internal static class FinalStages
{
    public static IReadOnlyList<FinalStage> Of(DockerfileModel dockerfile, Stack stack)
    {
        var last = dockerfile.LastStage;
        if (last == null) return Array.Empty<FinalStage>();
        var byStage = new Dictionary<DockerStage, List<ComposeService>>();
        var order = new List<DockerStage>();
        foreach (var service in BuildersOf(dockerfile, stack))
        {
            var target = service.Build!.Target?.Value;
            var stage = (target is { Length: > 0 } ? dockerfile.FindStage(target) : null) ?? last;
            if (!byStage.TryGetValue(stage, out var list))
            {
                byStage[stage] = list = new List<ComposeService>();
                order.Add(stage);
            }
            list.Add(service);
        }
        if (order.Count == 0) return new[] { new FinalStage(last, Array.Empty<ComposeService>()) };
        return order.OrderBy(s => s.Index).Select(s => new FinalStage(s, byStage[s])).ToList();
    }

    /// <summary>The compose services (of every compose project in the stack) whose <c>build:</c> uses this Dockerfile.</summary>
    public static IEnumerable<ComposeService> BuildersOf(DockerfileModel dockerfile, Stack stack) => BuildDockerfiles.BuildersOf(dockerfile.Path, stack);

    /// <summary>Final stages and the stages they are built FROM: the stages whose layers end up in a shipped image.</summary>
    public static IReadOnlyCollection<DockerStage> Shipped(DockerfileModel dockerfile, Stack stack)
    {
        var shipped = new HashSet<DockerStage>();
        foreach (var final in Of(dockerfile, stack))
            for (var stage = final.Stage; stage != null && shipped.Add(stage); stage = stage.BaseStage) { }
        return shipped;
    }

    /// <summary>Where a final-stage finding points: the stage's last <c>USER</c> when it sets root (its value), else the <c>FROM</c> keyword.</summary>
    public static SourceLocation Anchor(DockerStage stage)
    {
        var user = stage.InstructionsOf("USER").LastOrDefault();
        if (user != null && IsRoot(stage, user)) return user.LocationOf(user.ArgumentsSpan);
        return stage.From.Location;
    }

    /// <summary>True when a <c>USER</c> (after substitution of the stage's ARGs and ENVs) is <c>root</c> or UID 0, with any group.</summary>
    public static bool IsRoot(DockerStage stage, DockerInstruction user)
    {
        var owner = user.Stage ?? stage;
        var value = owner.Expand(user.Arguments, user);
        if (!value.IsFullyResolved) return false;
        var name = value.Value.Trim();
        var colon = name.IndexOf(':');
        if (colon >= 0) name = name.Substring(0, colon);
        return name == "root" || name == "0";
    }
}
