using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Dockerfile;

namespace HardeningTasks.Core.Rules.Dockerfile;

/// <summary>HRD068: more than one <c>CMD</c>, <c>ENTRYPOINT</c> or <c>HEALTHCHECK</c> in one stage: only the last one counts,
/// so each earlier one is reported (it has no effect).</summary>
public sealed class RepeatedInstructionRule : Rule<DockerfileModel>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD068", "Repeated CMD, ENTRYPOINT or HEALTHCHECK", Categories.Dockerfile, Severity.Warning,
        "This {0} in {1} has no effect: the {0} on line {2} of the same stage replaces it; keep only one.");

    private static readonly string[] Keywords = { "CMD", "ENTRYPOINT", "HEALTHCHECK" };

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(DockerfileModel file, Stack stack)
    {
        foreach (var stage in file.Stages)
            foreach (var keyword in Keywords)
            {
                var all = stage.InstructionsOf(keyword).ToList();
                for (var i = 0; i < all.Count - 1; i++)
                    yield return Definition.At(all[i].Location, stage.Name, keyword,
                        keyword, stage.Description, all[all.Count - 1].StartLine);
            }
    }
}
