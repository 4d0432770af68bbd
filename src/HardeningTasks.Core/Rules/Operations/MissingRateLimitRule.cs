using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Traefik;

namespace HardeningTasks.Core.Rules.Operations;

/// <summary>HRD082: a router exposed on the web entrypoints while the Traefik that serves it defines no rate limiting at all
/// (no <c>ratelimit</c> middleware in anything it loads). Another stack's rate limit does not protect this router.</summary>
public sealed class MissingRateLimitRule : Rule
{
    public static readonly RuleDescriptor Definition = new(
        "HRD082", "Traefik router without rate limiting", Categories.Operations, Severity.Suggestion,
        "Router '{0}' ({1}) is exposed on {2} with no rate limiting, and the Traefik serving it defines no ratelimit middleware; define one (traefik.http.middlewares.<name>.ratelimit.average=…) and attach it to the router or the entrypoint.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(StackFile file, Stack stack)
    {
        if (file is not ComposeProject && file is not TraefikConfigFile) yield break;
        var traefik = stack.Traefik;
        foreach (var config in traefik.ConfigsHomedIn(file))
        {
            var servers = traefik.ServingInstances(config).Where(i => !i.IsVersion1).ToList();
            // A rate limit may hide in configuration the repository does not show; one the serving Traefik loads anywhere counts.
            if (servers.Count == 0 || servers.Any(i => !i.StaticComplete || !i.DynamicComplete || RateLimits(traefik, i))) continue;
            foreach (var router in config.Routers.Where(r => r.Protocol == "http" && r.Rule != null))
            {
                var exposed = servers.SelectMany(i => TraefikStack.EntryPointsOf(router, i))
                    .Where(e => e.IsHttp || e.IsHttpsByConfiguration || (router.UsesTls && !e.IsUdp))
                    .Select(e => e.Name).Distinct(System.StringComparer.OrdinalIgnoreCase).ToList();
                if (exposed.Count == 0) continue;
                var where = exposed.Count == 1 ? $"entrypoint '{exposed[0]}'" : "entrypoints " + string.Join(", ", exposed.Select(e => $"'{e}'"));
                yield return Definition.At(router.Rule!.Location, config.Service?.Name ?? router.Name, router.Name, router.Name, config.Origin, where);
            }
        }
    }

    private static bool RateLimits(TraefikStack traefik, TraefikInstance instance) => traefik.LoadsMiddlewareOfType(instance, "ratelimit");
}
