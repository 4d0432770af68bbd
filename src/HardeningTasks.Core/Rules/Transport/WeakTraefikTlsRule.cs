using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Traefik;

namespace HardeningTasks.Core.Rules.Transport;

/// <summary>
/// HRD019: weak TLS for Traefik — TLS options (<c>tls.options.&lt;n&gt;</c>) that allow a version below TLS 1.2 or name CBC, RC4
/// or 3DES cipher suites, and a certificate resolver on the Let's Encrypt staging CA, whose certificates browsers reject as
/// if there were none. A staging CA in a file named for development or testing (<c>traefik.dev.yml</c>,
/// <c>compose.staging.yaml</c>) is what that file is for, and is not reported.
/// </summary>
public sealed class WeakTraefikTlsRule : Rule
{
    public static readonly RuleDescriptor Definition = new(
        "HRD019", "Weak TLS for Traefik", Categories.Transport, Severity.Warning,
        "{0} sets {1}: {2}; {3}.");

    public override RuleDescriptor Descriptor => Definition;

    private static readonly string[] WeakVersions = { "versiontls10", "versiontls11", "versionssl30" };

    private static readonly string[] WeakCipherParts = { "_CBC_", "RC4", "3DES" };

    /// <summary>Words of a file name that say it is for development or testing.</summary>
    private static readonly string[] DevelopmentWords = { "dev", "devel", "develop", "development", "local", "test", "tests", "testing", "staging", "stage", "sandbox" };

    public override IEnumerable<Finding> Check(StackFile file, Stack stack)
    {
        if (file is not ComposeProject && file is not TraefikConfigFile) yield break;
        var traefik = stack.Traefik;
        foreach (var instance in traefik.InstancesIn(file).Where(i => !i.IsVersion1))
            foreach (var resolver in instance.ResolverNames)
                if (instance.Static[$"certificatesresolvers.{resolver}.acme.caserver"] is { IsKnown: true } ca && IsStaging(ca.Value)
                    && !MarkedForDevelopment(ca.Location.FilePath))
                    yield return Definition.At(ca.Location, instance.Name, ca.Value.Trim(), instance.Description, TraefikWritten.WithValue(ca),
                        "the Let's Encrypt staging CA issues certificates no browser or client trusts, so HTTPS fails as if there were no certificate",
                        "remove caServer (production is the default) or set it to https://acme-v02.api.letsencrypt.org/directory; keep staging in a file named for development");
        foreach (var config in traefik.ConfigsHomedIn(file))
        {
            var who = config.Service != null ? $"Service '{config.Service.Name}'" : $"Traefik dynamic file '{config.Origin}'";
            var subject = config.Service?.Name ?? config.Origin;
            foreach (var options in config.Settings.Names("tls.options"))
            {
                if (config.Settings[$"tls.options.{options}.minversion"] is { IsKnown: true } min && WeakVersions.Contains(min.Value.Trim().ToLowerInvariant()))
                    yield return Definition.At(min.Location, subject, min.Value.Trim(), who, TraefikWritten.WithValue(min),
                        $"TLS options '{options}' accept {min.Value.Trim()}, a protocol version with known attacks (BEAST, POODLE-class downgrades) that browsers dropped in 2020",
                        "set minVersion: VersionTLS12 (Traefik's default) or VersionTLS13");
                foreach (var suite in config.Settings.List($"tls.options.{options}.ciphersuites"))
                    if (suite.Setting.IsKnown && WeakCipherParts.FirstOrDefault(p => suite.Value.IndexOf(p, StringComparison.OrdinalIgnoreCase) >= 0) is { } weak)
                        yield return Definition.At(suite.Setting.Location, subject, suite.Value, who, $"cipher suite {suite.Value} in TLS options '{options}'",
                            weak == "_CBC_" ? "CBC-mode suites are open to padding-oracle attacks (Lucky Thirteen) and lack forward secrecy in their RSA forms"
                                : $"{weak} is broken and forbidden in TLS (RFC 7465 for RC4, Sweet32 for 3DES)",
                            "list only AEAD suites (…_GCM_…, …_CHACHA20_POLY1305…), or leave cipherSuites out to get Go's safe defaults");
            }
        }
    }

    private static bool IsStaging(string url) =>
        url.IndexOf("acme-staging", StringComparison.OrdinalIgnoreCase) >= 0 && url.IndexOf("letsencrypt.org", StringComparison.OrdinalIgnoreCase) >= 0;

    private static bool MarkedForDevelopment(string path)
    {
        var name = System.IO.Path.GetFileName(path).ToLowerInvariant();
        return name.Split('.', '-', '_').Any(word => DevelopmentWords.Contains(word));
    }
}
