using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Traefik;

namespace HardeningTasks.Core.Rules.Operations;

/// <summary>HRD082: routers exposed on the web entrypoints while the project defines no rate limiting at all.</summary>
public sealed class MissingRateLimitRule : Rule
{
    public static readonly RuleDescriptor Definition = new(
        "HRD082", "Traefik router without rate limiting", Categories.Operations, Severity.Suggestion,
        "Router '{0}' ({1}) is exposed on {2} with no rate limiting, and the project defines no ratelimit middleware; define one (traefik.http.middlewares.<name>.ratelimit.average=…) and attach it to the router or the entrypoint.");

    // Whether the stack has one is asked per file: scanning every middleware each time made N files cost N².
    private static readonly ConditionalWeakTable<TraefikStack, StrongBox<bool>> RateLimited = new();

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(StackFile file, Stack stack)
    {
        if (file is not ComposeProject && file is not TraefikConfigFile) yield break;
        var traefik = TraefikStack.Of(stack);
        // A rate limit may hide in configuration the repository does not show; and one defined anywhere counts.
        if (!traefik.DynamicConfigurationComplete || RateLimited.GetValue(traefik, t => new StrongBox<bool>(t.Middlewares.Any(m => m.Type == "ratelimit"))).Value) yield break;

        foreach (var config in traefik.ConfigsHomedIn(file))
        {
            var servers = traefik.ServingInstances(config).ToList();
            if (servers.Count == 0) continue;
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
}
