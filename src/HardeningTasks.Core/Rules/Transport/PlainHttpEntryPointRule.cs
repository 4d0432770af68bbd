using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Traefik;

namespace HardeningTasks.Core.Rules.Transport;

/// <summary>HRD012: plain HTTP that is not sent on to HTTPS — an HTTP entrypoint with no redirection beside an HTTPS
/// one, or routers served over plain HTTP only. A redirection is the entrypoint's <c>http.redirections</c>, or a
/// <c>redirectScheme</c> middleware with scheme https (on the entrypoint, or on every router of it).</summary>
public sealed class PlainHttpEntryPointRule : TraefikInstanceRule
{
    public static readonly RuleDescriptor Definition = new(
        "HRD012", "HTTP entrypoint without redirection to HTTPS", Categories.Transport, Severity.Warning,
        "{0} {1}");

    public override RuleDescriptor Descriptor => Definition;

    protected override IEnumerable<Finding> Check(TraefikInstance instance, TraefikStack traefik)
    {
        if (!instance.StaticComplete) yield break;
        var https = MissingCertificateSourceRule.HttpsEntryPoints(instance, traefik).ToList();
        var routers = traefik.RoutersOf(instance).Where(r => r.Protocol == "http").ToList();
        foreach (var entryPoint in instance.EntryPoints.Where(e => e.IsHttp && e.Address != null))
        {
            if (entryPoint.RedirectTo != null || entryPoint.Middlewares.Any(m => Redirects(m.Value, instance, traefik))) continue;
            var served = routers.Where(r => TraefikStack.EntryPointsOf(r, instance).Contains(entryPoint)).ToList();
            var plain = served.Where(r => !r.Middlewares.Any(m => Redirects(m.Value, instance, traefik))).ToList();
            string message;
            if (https.Count > 0)
            {
                // Every router on it redirecting by itself (a redirectScheme middleware) is a redirection too.
                if (served.Count > 0 && plain.Count == 0) continue;
                var target = https[0].Name;
                message = $"opens HTTP entrypoint '{entryPoint.Name}' ({entryPoint.AddressText}) without redirecting to HTTPS although it serves HTTPS on '{target}'; " +
                          $"add entrypoints.{entryPoint.Name}.http.redirections.entrypoint.to={target} (and .scheme=https).";
            }
            else
            {
                if (plain.Count == 0) continue;
                var names = string.Join(", ", plain.Select(r => $"'{r.Name}'").Distinct().Take(5)) + (plain.Count > 5 ? ", …" : "");
                message = $"serves router{(plain.Count == 1 ? "" : "s")} {names} on plain-HTTP entrypoint '{entryPoint.Name}' ({entryPoint.AddressText}) only; " +
                          $"add an HTTPS entrypoint with a certificate resolver and redirect '{entryPoint.Name}' to it.";
            }
            yield return Definition.At(entryPoint.Address!.Location, instance.Name, entryPoint.Name, instance.Description, message);
        }
    }

    /// <summary>True when the middleware reference is a redirect to HTTPS among what the instance loads (a <c>redirectScheme</c>
    /// with scheme https, or a chain holding one) — or cannot be resolved while part of the dynamic configuration is out of
    /// sight (it may be one there).</summary>
    private static bool Redirects(string reference, TraefikInstance instance, TraefikStack traefik) =>
        Redirects(reference, instance, traefik, 0);

    private static bool Redirects(string reference, TraefikInstance instance, TraefikStack traefik, int depth)
    {
        if (traefik.FindMiddleware(instance, reference) is not { } middleware) return !instance.DynamicComplete;
        if (middleware.RedirectsToHttps) return true;
        // a chain (chain.middlewares=a,b) redirects when one of its links does; Traefik refuses cycles, so the depth only bounds bad input
        return middleware.Type == "chain" && depth < 8
            && middleware.List("middlewares").Any(link => Redirects(link.Value, instance, traefik, depth + 1));
    }
}
