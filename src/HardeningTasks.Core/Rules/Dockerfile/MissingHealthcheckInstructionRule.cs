using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Dockerfile;

namespace HardeningTasks.Core.Rules.Dockerfile;

/// <summary>HRD061: the final stage has no <c>HEALTHCHECK</c> (<c>HEALTHCHECK NONE</c> is an explicit choice); not
/// reported when every compose service that builds it defines <c>healthcheck:</c> or runs once and exits (a one-shot
/// service has nothing to keep healthy).</summary>
public sealed class MissingHealthcheckInstructionRule : Rule<DockerfileModel>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD061", "Final stage has no HEALTHCHECK", Categories.Dockerfile, Severity.Suggestion,
        "The {0} has no HEALTHCHECK, so Docker cannot tell a hung container from a healthy one{1}; add e.g. HEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://localhost:8080/health || exit 1 (or HEALTHCHECK NONE if it is deliberate).");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(DockerfileModel file, Stack stack)
    {
        foreach (var final in FinalStages.Of(file, stack))
        {
            if (final.Stage.Effective("HEALTHCHECK") != null) continue;
            if (final.AllBuilders(s => s["healthcheck"] != null || s.IsOneShot)) continue;
            var without = final.Builders.Where(s => s["healthcheck"] == null && !s.IsOneShot).Select(s => $"'{s.Name}'").ToList();
            var services = without.Count == 0 ? "" : $" (compose service{(without.Count > 1 ? "s" : "")} {string.Join(", ", without)} built from it define{(without.Count > 1 ? "" : "s")} no healthcheck: either)";
            yield return Definition.At(FinalStages.Anchor(final.Stage), final.Stage.Name, "no HEALTHCHECK", final.Stage.FinalDisplayName, services);
        }
    }
}
