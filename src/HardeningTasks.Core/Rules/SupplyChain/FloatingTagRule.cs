using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Rules.SupplyChain;

/// <summary>HRD003: a tag that moves: a channel name (<c>stable</c>, <c>lts</c>, <c>edge</c>…, also with a variant suffix
/// such as <c>lts-alpine</c>) or a version with only a major component (<c>redis:7</c>, <c>node:20-alpine</c>).</summary>
public sealed class FloatingTagRule : Rule
{
    public static readonly RuleDescriptor Definition = new(
        "HRD003", "Floating image tag", Categories.SupplyChain, Severity.Suggestion,
        "{0} uses image {1} with the floating tag '{2}' ({3}); pin a full version (e.g. '{4}:<major>.<minor>.<patch>{5}') so upgrades happen when you choose.");

    private static readonly HashSet<string> Channels = new(StringComparer.Ordinal) { "stable", "lts", "edge", "nightly", "main", "master", "dev", "current" };
    private static readonly Regex MajorOnly = new(@"^v?[0-9]{1,4}$", RegexOptions.CultureInvariant);

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(StackFile file, Stack stack)
    {
        foreach (var use in ImageUses.Of(file))
        {
            if (use.Reference is not { HasDigest: false, Tag: { } tag } image) continue;
            var dash = tag.IndexOf('-');
            var head = dash < 0 ? tag : tag.Substring(0, dash);
            var variant = dash < 0 ? "" : tag.Substring(dash);
            string? why = Channels.Contains(head) ? $"'{head}' follows a release channel"
                : MajorOnly.IsMatch(head) ? $"major version {head} moves to every new minor and patch release"
                : null;
            if (why != null)
                yield return Definition.At(use.Location, use.SubjectKey, use.Value, use.Subject, use.Display, tag, why, image.FamiliarName, variant);
        }
    }
}
