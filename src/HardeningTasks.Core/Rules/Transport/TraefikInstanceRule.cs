using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Traefik;

namespace HardeningTasks.Core.Rules.Transport;

/// <summary>
/// A rule about one Traefik instance, judged on the linked Traefik model: it runs for each Traefik service of a compose
/// project, and for each Traefik static file that no Traefik service mounts (a mounted file is judged with its service, so
/// nothing is reported twice). Traefik v1 instances are left to HRD016: their configuration means something else.
/// </summary>
public abstract class TraefikInstanceRule : Rule
{
    /// <summary>True for the rule that judges Traefik v1 itself (HRD016); the others skip v1 instances.</summary>
    protected virtual bool JudgesVersion1 => false;

    public sealed override IEnumerable<Finding> Check(StackFile file, Stack stack)
    {
        if (file is not ComposeProject && file is not TraefikConfigFile) return Enumerable.Empty<Finding>();
        var traefik = stack.Traefik;
        return traefik.InstancesIn(file).Where(i => JudgesVersion1 || !i.IsVersion1).SelectMany(instance => Check(instance, traefik)).ToList();
    }

    protected abstract IEnumerable<Finding> Check(TraefikInstance instance, TraefikStack traefik);
}
