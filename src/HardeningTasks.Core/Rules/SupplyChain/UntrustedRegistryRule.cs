using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Rules.SupplyChain;

/// <summary>HRD004: an image from a registry outside <c>HardeningTrustedRegistries</c> (<c>;</c>-separated registries or
/// registry/path prefixes; Docker Hub is <c>docker.io</c>; a registry may start or end with <c>*</c>, as in hadolint's
/// <c>trustedRegistries</c>: <c>*.corp.example</c>, <c>registry.*</c>, <c>*</c>). Nothing is reported while the property
/// is not set; a <c>.hadolint.yaml</c> <c>trustedRegistries:</c> list stands in for it.</summary>
public sealed class UntrustedRegistryRule : Rule
{
    public const string PropertyName = "HardeningTrustedRegistries";

    public static readonly RuleDescriptor Definition = new(
        "HRD004", "Image from an untrusted registry", Categories.SupplyChain, Severity.Silent,
        "{0} pulls image {1} from '{2}', which is not in {4} ({3}); mirror the image into a trusted registry, or add the registry to {4} if it is approved.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(StackFile file, Stack stack)
    {
        var trusted = Parse(stack.Property(PropertyName));
        if (trusted.Count == 0) yield break;
        foreach (var use in ImageUses.Of(file))
        {
            if (use.Reference is not { } image) continue;
            if (trusted.Any(t => Trusts(t, image))) continue;
            yield return Definition.At(use.Location, use.SubjectKey, use.Value, use.Subject, use.Display, image.Registry, string.Join(", ", trusted), stack.SettingNames.TrustedRegistries);
        }
    }

    /// <summary>Whether an entry (<c>ghcr.io</c>, <c>ghcr.io/acme</c>, <c>*.corp.example</c>) admits the image.</summary>
    private static bool Trusts(string entry, ImageReference image)
    {
        var slash = entry.IndexOf('/');
        var registry = slash < 0 ? entry : entry.Substring(0, slash);
        var actual = image.Registry.ToLowerInvariant();
        var registryMatches = registry == "*"
            || (registry.StartsWith("*", StringComparison.Ordinal) ? actual.EndsWith(registry.Substring(1), StringComparison.Ordinal)
                : registry.EndsWith("*", StringComparison.Ordinal) ? actual.StartsWith(registry.Substring(0, registry.Length - 1), StringComparison.Ordinal)
                : actual == registry);
        if (!registryMatches) return false;
        if (slash < 0) return true;
        var path = entry.Substring(slash + 1);
        return image.Repository == path || image.Repository.StartsWith(path + "/", StringComparison.Ordinal);
    }

    /// <summary>The property's entries, normalised: lower-case registry, Docker Hub aliases as <c>docker.io</c>, no trailing slash.</summary>
    internal static IReadOnlyList<string> Parse(string? value)
    {
        var result = new List<string>();
        if (value == null) return result;
        foreach (var raw in value.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var entry = raw.Trim().TrimEnd('/');
            if (entry.Length == 0) continue;
            var slash = entry.IndexOf('/');
            var registry = (slash < 0 ? entry : entry.Substring(0, slash)).ToLowerInvariant();
            if (registry is "index.docker.io" or "registry-1.docker.io" or "hub.docker.com") registry = ImageReference.DockerHub;
            result.Add(slash < 0 ? registry : registry + entry.Substring(slash));
        }
        return result;
    }
}
