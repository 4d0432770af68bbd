using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Traefik;

namespace HardeningTasks.Core.Rules.Transport;

/// <summary>HRD011: a router or entrypoint asks for a certificate resolver that no Traefik in the project defines, so
/// Traefik logs "nonexistent certificate resolver" and serves its default certificate.</summary>
public sealed class UnknownCertificateResolverRule : Rule
{
    public static readonly RuleDescriptor Definition = new(
        "HRD011", "Unknown certificate resolver", Categories.Transport, Severity.Warning,
        "{0} uses certificate resolver '{1}', which no Traefik configuration in the project defines ({2}); define certificatesresolvers.{1}.acme… or use the resolver's real name.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(StackFile file, Stack stack)
    {
        if (file is not ComposeProject && file is not TraefikConfigFile) yield break;
        var traefik = TraefikStack.Of(stack);
        // With no Traefik in the project, or one whose static file cannot be read, the resolvers are unknown: no guess.
        if (!traefik.StaticConfigurationComplete) yield break;
        var definedText = DefinedTexts.GetValue(traefik, DefinedText);

        foreach (var config in traefik.ConfigsHomedIn(file).Where(c => traefik.ServingInstances(c).Any()))
            foreach (var router in config.Routers)
                if (Unknown(router.CertResolver, traefik) is { } resolver)
                    yield return Definition.At(resolver.ValueLocation, config.Service?.Name ?? router.Name, resolver.Value,
                        $"Router '{router.Name}' ({config.Origin})", resolver.Value.Trim(), definedText);

        foreach (var instance in traefik.InstancesIn(file))
            foreach (var entryPoint in instance.EntryPoints)
                if (Unknown(entryPoint.CertResolver, traefik) is { } resolver)
                    yield return Definition.At(resolver.ValueLocation, instance.Name, resolver.Value,
                        $"Entrypoint '{entryPoint.Name}' of {instance.Description}", resolver.Value.Trim(), definedText);
    }

    // The list names every resolver of the stack: built per file, a stack of N files spent N² on it.
    private static readonly ConditionalWeakTable<TraefikStack, string> DefinedTexts = new();

    private static string DefinedText(TraefikStack traefik)
    {
        var defined = traefik.Instances.SelectMany(i => i.ResolverNames).Distinct().ToList();
        return defined.Count == 0 ? "it defines none" : "defined: " + string.Join(", ", defined.Select(d => $"'{d}'"));
    }

    private static TraefikSetting? Unknown(TraefikSetting? resolver, TraefikStack traefik) =>
        resolver is { IsKnown: true } && resolver.Value.Trim().Length > 0 && !traefik.AnyInstanceDefinesResolver(resolver.Value.Trim()) ? resolver : null;
}
