using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Rules.SupplyChain;

/// <summary>HRD003: a tag that moves: a channel name (<c>stable</c>, <c>lts</c>, <c>edge</c>…, also with a variant suffix
/// such as <c>lts-alpine</c>), a version with only a major component (<c>redis:7</c>, <c>node:20-alpine</c>), or a tag that names
/// no version at all (<c>redis:alpine</c>, <c>:slim</c>, <c>:bookworm</c>, <c>:develop</c>, <c>:s6</c>). A tag with a version or build
/// number (<c>stable-8922</c>, <c>lts-2024.10</c>, <c>RELEASE.2024-10-08T09-37-26Z</c>) or a commit hash (<c>sha-1a2b3c4</c>) is a
/// pinned release. <c>latest</c> is HRD001's.</summary>
public sealed class FloatingTagRule : Rule
{
    public static readonly RuleDescriptor Definition = new(
        "HRD003", "Floating image tag", Categories.SupplyChain, Severity.Suggestion,
        "{0} uses image {1} with the floating tag '{2}' ({3}); pin a full version (e.g. '{4}:<major>.<minor>.<patch>{5}') so upgrades happen when you choose.");

    private static readonly HashSet<string> Channels = new(StringComparer.Ordinal) { "stable", "lts", "edge", "nightly", "main", "master", "dev", "current" };
    private static readonly Regex MajorOnly = new(@"^v?[0-9]{1,4}$", RegexOptions.CultureInvariant);

    /// <summary>An abbreviated commit hash (<c>a1b2c3d</c>): hex with at least one digit.</summary>
    private static readonly Regex CommitHash = new(@"^[0-9a-f]*[0-9][0-9a-f]*$", RegexOptions.CultureInvariant);

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(StackFile file, Stack stack)
    {
        foreach (var use in ImageUses.Of(file))
        {
            if (use.Reference is not { HasDigest: false, Tag: { } tag } image || tag == "latest") continue;
            var dash = tag.IndexOf('-');
            var head = dash < 0 ? tag : tag.Substring(0, dash);
            var variant = dash < 0 ? "" : tag.Substring(dash);
            var versioned = tag.Split('-', '_').Any(IsVersion);
            string? why = MajorOnly.IsMatch(head) ? $"major version {head} moves to every new minor and patch release"
                : versioned ? null
                : Channels.Contains(head) ? $"'{head}' follows a release channel"
                : "it names no version, so it moves with every release";
            if (why != null)
                yield return Definition.At(use.Location, use.SubjectKey, use.Value, use.Subject, use.Display, tag, why, image.FamiliarName,
                    versioned || MajorOnly.IsMatch(head) || Channels.Contains(head) ? variant : "-" + tag);
        }
    }

    /// <summary>A segment of a tag (between <c>-</c>/<c>_</c>) that is a version, build number or date (<c>3.12</c>, <c>v1</c>,
    /// <c>8922</c>, <c>20240115</c>) or a commit hash; a variant (<c>alpine3.20</c>, <c>s6</c>, <c>bookworm</c>) is not.</summary>
    private static bool IsVersion(string segment) =>
        segment.Length > 0 && (char.IsDigit(segment[0]) || segment[0] == 'v' && segment.Length > 1 && char.IsDigit(segment[1])
                               || segment.Length >= 7 && CommitHash.IsMatch(segment));
}
