using System.Collections.Generic;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Rules.SupplyChain;

/// <summary>HRD001: an image pulled with no tag or with <c>:latest</c> (compose <c>image:</c>, <c>FROM</c>,
/// <c>COPY --from=&lt;image&gt;</c>, <c>RUN --mount=from=&lt;image&gt;</c>). Stages, <c>scratch</c>, digests, the image a
/// service builds and references that cannot be resolved are not judged.</summary>
public sealed class UnpinnedImageRule : Rule
{
    public static readonly RuleDescriptor Definition = new(
        "HRD001", "Image not pinned to a version", Categories.SupplyChain, Severity.Warning,
        "{0} uses image {1} {2}; pin a version ('{3}:<version>') or a digest ('{3}@sha256:…') so every build and deploy gets the same image.");

    public override RuleDescriptor Descriptor => Definition;

    private const string NoTag = "with no tag, so Docker pulls whatever 'latest' points to at that moment";
    private const string Latest = "with the mutable tag 'latest'";

    /// <summary>True for a finding about an image with no tag at all (hadolint's DL3006); false for <c>:latest</c> (DL3007).</summary>
    public static bool IsUntagged(Finding finding) => finding.RuleId == Definition.Id && finding.Message.Contains(NoTag);

    public override IEnumerable<Finding> Check(StackFile file, Stack stack)
    {
        foreach (var use in ImageUses.Of(file))
        {
            if (use.Reference is not { HasDigest: false } image) continue;
            if (image.Tag == null)
                yield return Definition.At(use.Location, use.SubjectKey, use.Value,
                    use.Subject, use.Display, NoTag, image.FamiliarName);
            else if (image.Tag == "latest")
                yield return Definition.At(use.Location, use.SubjectKey, use.Value,
                    use.Subject, use.Display, Latest, image.FamiliarName);
        }
    }
}
