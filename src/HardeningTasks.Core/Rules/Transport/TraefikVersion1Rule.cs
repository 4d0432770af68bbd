using System.Collections.Generic;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Traefik;

namespace HardeningTasks.Core.Rules.Transport;

/// <summary>
/// HRD016: Traefik v1, end of life since 2021 with no security fixes: an image tag <c>1.x</c>/<c>v1.x</c> or a v1 codename
/// (<c>maroilles</c>, <c>cancoillotte</c>, …), or a static configuration in v1 syntax (<c>defaultEntryPoints</c>,
/// <c>[entryPoints.x.redirect]</c>, a top-level <c>[acme]</c>/<c>[docker]</c>, <c>--entrypoints=Name:…</c>). Reported once per
/// service or file; the v2/v3 rules do not judge a v1 configuration, whose keys mean something else.
/// </summary>
public sealed class TraefikVersion1Rule : TraefikInstanceRule
{
    public static readonly RuleDescriptor Definition = new(
        "HRD016", "Traefik v1 (end of life)", Categories.Transport, Severity.Warning,
        "{0} is Traefik v1: {1}. Traefik v1 reached end of life in 2021 and gets no security fixes, and its configuration is not checked by the other Traefik rules; migrate to Traefik v3 (doc.traefik.io/traefik/migration/v1-to-v2/, then v2-to-v3).");

    public override RuleDescriptor Descriptor => Definition;

    protected override bool JudgesVersion1 => true;

    protected override IEnumerable<Finding> Check(TraefikInstance instance, TraefikStack traefik)
    {
        if (instance.Version1 is { } version1)
            yield return Definition.At(version1.Location, instance.Name, version1.Evidence, instance.Description, version1.Evidence);
    }
}
