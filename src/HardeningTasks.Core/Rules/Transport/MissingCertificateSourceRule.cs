using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Traefik;

namespace HardeningTasks.Core.Rules.Transport;

/// <summary>HRD010: an HTTPS entrypoint with nothing to serve certificates from, so Traefik falls back to its
/// self-signed default certificate.</summary>
public sealed class MissingCertificateSourceRule : TraefikInstanceRule
{
    public static readonly RuleDescriptor Definition = new(
        "HRD010", "HTTPS entrypoint without a certificate source", Categories.Transport, Severity.Warning,
        "{0} opens HTTPS entrypoint '{1}' ({2}) but configures no certificate resolver and no certificates; add certificatesresolvers.<name>.acme… or a file provider with tls.certificates.");

    public override RuleDescriptor Descriptor => Definition;

    protected override IEnumerable<Finding> Check(TraefikInstance instance, TraefikStack traefik)
    {
        // Mounted Traefik files that cannot be parsed are reported here, once, at the problem.
        foreach (var problem in traefik.LoadProblems.Where(p => p.Home == instance.Home))
            yield return ToolDiagnostics.FileNotLoaded.At(new SourceLocation(problem.Path, problem.Error.Span), instance.Name, null, problem.Error.Message);

        if (!instance.StaticComplete || !instance.DynamicComplete) yield break;
        if (instance.ResolverNames.Count > 0 || instance.FileProviderConfigs.Any(c => c.Certificates.Count > 0)) yield break;

        var https = HttpsEntryPoints(instance, traefik).FirstOrDefault();
        if (https?.Address == null) yield break;
        yield return Definition.At(https.Address.Location, instance.Name, https.Name, instance.Description, https.Name, https.AddressText);
    }

    /// <summary>Entrypoints on :443 or with TLS of their own, and those that TLS routers use, in the order written — except
    /// an entrypoint that only TCP passthrough routers use (the backends terminate TLS there).</summary>
    internal static IEnumerable<TraefikEntryPoint> HttpsEntryPoints(TraefikInstance instance, TraefikStack traefik)
    {
        var routers = traefik.RoutersOf(instance).ToList();
        var tlsRouters = routers.Where(r => r.UsesTls && r.Protocol == "http" && r.EntryPoints.Count > 0).ToList();
        return instance.EntryPoints.Where(e => !e.IsUdp
            && (e.IsHttpsByConfiguration || tlsRouters.Any(r => r.ListensOn(e.Name)))
            && !PassthroughOnly(e, instance, routers));
    }

    private static bool PassthroughOnly(TraefikEntryPoint entryPoint, TraefikInstance instance, IReadOnlyList<TraefikRouter> routers)
    {
        if (entryPoint.HasTls) return false;
        var on = routers.Where(r => r.Protocol != "udp" && TraefikStack.EntryPointsOf(r, instance).Contains(entryPoint)).ToList();
        return on.Count > 0 && on.All(r => r.TlsPassthrough);
    }
}
