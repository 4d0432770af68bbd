using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Traefik;

namespace HardeningTasks.Core.Rules.Transport;

/// <summary>HRD011: a router or entrypoint asks for a certificate resolver that no Traefik serving it defines (ACME or
/// Tailscale, in the static source Traefik loads), so Traefik logs "nonexistent certificate resolver" and serves its default
/// certificate. The resolvers of a Traefik that does not serve the router — another stack's — do not count.</summary>
public sealed class UnknownCertificateResolverRule : Rule
{
    public static readonly RuleDescriptor Definition = new(
        "HRD011", "Unknown certificate resolver", Categories.Transport, Severity.Warning,
        "{0} uses certificate resolver '{1}', which no Traefik serving it defines ({2}); define certificatesresolvers.{1}.acme… (or .tailscale) in the static configuration that Traefik loads, or use the resolver's real name.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(StackFile file, Stack stack)
    {
        if (file is not ComposeProject && file is not TraefikConfigFile) yield break;
        var traefik = stack.Traefik;

        foreach (var config in traefik.ConfigsHomedIn(file))
        {
            // With no Traefik serving it, or one whose static configuration cannot be read, the resolvers are unknown: no guess.
            var servers = traefik.ServingInstances(config).Where(i => !i.IsVersion1).ToList();
            if (servers.Count == 0 || servers.Any(i => !i.StaticComplete)) continue;
            foreach (var router in config.Routers)
                if (Unknown(router.CertResolver, servers) is { } resolver)
                    yield return Definition.At(resolver.ValueLocation, config.Service?.Name ?? router.Name, resolver.Value,
                        $"Router '{router.Name}' ({config.Origin})", resolver.Value.Trim(), Defined(servers));
        }

        foreach (var instance in traefik.InstancesIn(file).Where(i => !i.IsVersion1 && i.StaticComplete))
            foreach (var entryPoint in instance.EntryPoints)
                if (Unknown(entryPoint.CertResolver, new[] { instance }) is { } resolver)
                    yield return Definition.At(resolver.ValueLocation, instance.Name, resolver.Value,
                        $"Entrypoint '{entryPoint.Name}' of {instance.Description}", resolver.Value.Trim(), Defined(new[] { instance }));
    }

    /// <summary>"it defines none", "defined by Traefik service 'traefik': 'le', 'staging'".</summary>
    private static string Defined(IReadOnlyList<TraefikInstance> servers)
    {
        var defined = servers.SelectMany(i => i.ResolverNames).Distinct().ToList();
        var who = servers.Count == 1 ? servers[0].Description : string.Join(", ", servers.Select(s => s.Description));
        return defined.Count == 0 ? $"{who} defines none" : $"{who} defines " + string.Join(", ", defined.Select(d => $"'{d}'"));
    }

    private static TraefikSetting? Unknown(TraefikSetting? resolver, IReadOnlyList<TraefikInstance> servers) =>
        resolver is { IsKnown: true } && resolver.Value.Trim().Length > 0 && !servers.Any(i => i.DefinesResolver(resolver.Value.Trim())) ? resolver : null;
}
