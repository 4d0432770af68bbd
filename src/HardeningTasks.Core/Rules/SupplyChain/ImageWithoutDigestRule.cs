using System.Collections.Generic;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Rules.SupplyChain;

/// <summary>HRD002: an image pinned by a tag but not by a digest (silent by default; for teams that want reproducible builds).</summary>
public sealed class ImageWithoutDigestRule : Rule
{
    public static readonly RuleDescriptor Definition = new(
        "HRD002", "Image not pinned by digest", Categories.SupplyChain, Severity.Silent,
        "{0} uses image {1} pinned by tag only; a tag can be re-pushed, so pin the digest as well ('{2}:{3}@sha256:…') to get the same bytes on every build.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(StackFile file, Stack stack)
    {
        foreach (var use in ImageUses.Of(file))
            if (use.Reference is { HasDigest: false, Tag: { } tag } image && tag != "latest")
                yield return Definition.At(use.Location, use.SubjectKey, use.Value, use.Subject, use.Display, image.FamiliarName, tag);
    }
}
