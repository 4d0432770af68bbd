using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Traefik;

namespace HardeningTasks.Core.Rules.Transport;

/// <summary>
/// A rule about one Traefik instance, judged on the whole stack's Traefik configuration: it runs for each Traefik
/// service of a compose project, and for each Traefik static file that no Traefik service mounts (a mounted file is
/// judged with its service, so nothing is reported twice).
/// </summary>
public abstract class TraefikInstanceRule : Rule
{
    public sealed override IEnumerable<Finding> Check(StackFile file, Stack stack)
    {
        if (file is not ComposeProject && file is not TraefikConfigFile) return Enumerable.Empty<Finding>();
        var traefik = TraefikStack.Of(stack);
        return traefik.InstancesIn(file).SelectMany(instance => Check(instance, traefik)).ToList();
    }

    protected abstract IEnumerable<Finding> Check(TraefikInstance instance, TraefikStack traefik);
}
