using System;
using System.Collections.Generic;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Dockerfile;

namespace HardeningTasks.Core.Rules.Dockerfile;

/// <summary>HRD060: the final stage runs as root — its last <c>USER</c> (inherited through <c>FROM &lt;stage&gt;</c>) is
/// <c>root</c>/<c>0</c>, or there is none. A compose <c>build.target</c> names the final stage.</summary>
public sealed class RootFinalStageRule : Rule<DockerfileModel>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD060", "Final stage runs as root", Categories.Dockerfile, Severity.Warning,
        "The {0} runs as root ({1}); create an unprivileged user and switch to it before CMD/ENTRYPOINT (RUN adduser -D -u 10001 app, then USER 10001).");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(DockerfileModel file, Stack stack)
    {
        foreach (var final in FinalStages.Of(file, stack))
        {
            var stage = final.Stage;
            var user = stage.Effective("USER");
            if (user != null)
            {
                if (!FinalStages.IsRoot(stage, user)) continue;
                var inherited = user.Stage != stage ? $" in {user.Stage!.DisplayName}, inherited through FROM" : "";
                yield return Definition.At(user.LocationOf(user.ArgumentsSpan), stage.Name, user.Arguments,
                    stage.FinalDisplayName, $"USER {user.Arguments} on line {user.StartLine}{inherited}");
            }
            else if (!DefaultsToNonRoot(Root(stage)))
            {
                yield return Definition.At(stage.From.Location, stage.Name, "no USER",
                    stage.FinalDisplayName, "no USER instruction, so it keeps the base image's user, root for nearly every image");
            }
        }
    }

    private static DockerStage Root(DockerStage stage)
    {
        var seen = new HashSet<DockerStage>();
        while (stage.BaseStage != null && seen.Add(stage)) stage = stage.BaseStage;
        return stage;
    }

    /// <summary>Base images that are published to run as a non-root user: distroless and Chainguard <c>:nonroot</c>
    /// tags, <c>*-unprivileged</c> and <c>*-rootless</c> images.</summary>
    private static bool DefaultsToNonRoot(DockerStage root)
    {
        var image = root.BaseImage;
        if (image == null) return false;
        return (image.Tag != null && image.Tag.IndexOf("nonroot", StringComparison.Ordinal) >= 0)
            || image.Name.EndsWith("-unprivileged", StringComparison.Ordinal)
            || image.Name.EndsWith("-rootless", StringComparison.Ordinal);
    }
}
