using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Traefik;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Rules.Transport;

/// <summary>
/// HRD018: Traefik's Docker (or Swarm) provider with <c>exposedByDefault</c> not set to false. Its default is true: every
/// container on the host gets a router — the database, the admin tool — unless it opts out with <c>traefik.enable=false</c>.
/// Judged on the static source the instance loads; not when that source cannot be known.
/// </summary>
public sealed class TraefikExposedByDefaultRule : TraefikInstanceRule
{
    public static readonly RuleDescriptor Definition = new(
        "HRD018", "Traefik exposes every container by default", Categories.Transport, Severity.Suggestion,
        "{0} enables the {1} provider with exposedByDefault {2}: every container on the host gets a router, databases and admin tools included, unless it opts out with traefik.enable=false; set providers.{1}.exposedByDefault=false and opt services in with traefik.enable=true.");

    public override RuleDescriptor Descriptor => Definition;

    protected override IEnumerable<Finding> Check(TraefikInstance instance, TraefikStack traefik)
    {
        if (!instance.StaticComplete) yield break;
        foreach (var provider in new[] { "docker", "swarm" })
        {
            var settings = instance.Static.Under("providers." + provider).ToList();
            if (settings.Count == 0) continue;
            var exposed = instance.Static[$"providers.{provider}.exposedbydefault"];
            if (exposed != null && (!exposed.IsKnown || exposed.AsBoolean() != true)) continue;
            // an explicit "true" is reported where it is written; the default where the provider is enabled
            var location = exposed?.Location ?? ProviderKey(instance, provider) ?? settings[0].Location;
            yield return Definition.At(location, instance.Name, provider, instance.Description, provider,
                exposed == null ? "left at its default (true)" : "set to true");
        }
    }

    /// <summary>The <c>docker:</c> key under <c>providers:</c> in the static file, when the configuration is a file.</summary>
    private static SourceLocation? ProviderKey(TraefikInstance instance, string provider)
    {
        if (instance.StaticSource != TraefikStaticSource.File || instance.StaticFile?.Root is not { } root) return null;
        var providers = root.Entries.FirstOrDefault(e => string.Equals(e.Name, "providers", StringComparison.OrdinalIgnoreCase))?.Value as YMapping;
        return providers?.Entries.FirstOrDefault(e => string.Equals(e.Name, provider, StringComparison.OrdinalIgnoreCase))?.Key.Location;
    }
}
