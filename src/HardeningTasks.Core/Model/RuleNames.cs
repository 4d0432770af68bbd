using System;
using System.Collections.Generic;
using System.Linq;

namespace HardeningTasks.Core.Model;

/// <summary>
/// The rule IDs and categories there are, to tell a misspelled one where users write them (<c>.editorconfig</c> keys,
/// NoWarn-style lists): an entry that looks like ours (<c>HRD…</c>, <c>Hardening.…</c>) but names nothing silently does
/// nothing, which deserves an HRD090 with the likely intended name.
/// </summary>
public sealed class RuleNames
{
    /// <summary>The page listing every rule, for messages about an unknown ID.</summary>
    public const string IndexLink = RuleDescriptor.HelpLinkBase + "README.md";

    private readonly HashSet<string> ids;
    private readonly HashSet<string> categories;

    public RuleNames(IEnumerable<RuleDescriptor> descriptors)
    {
        var list = descriptors.ToList();
        ids = new HashSet<string>(list.Select(d => d.Id), StringComparer.OrdinalIgnoreCase);
        categories = new HashSet<string>(list.Select(d => d.Category), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>True for <c>HRD…</c> text that is no rule's ID.</summary>
    public bool IsUnknownId(string text) => text.StartsWith("HRD", StringComparison.OrdinalIgnoreCase) && !ids.Contains(text);

    /// <summary>True for <c>Hardening.…</c> text that is no rule's category.</summary>
    public bool IsUnknownCategory(string text) => text.StartsWith("Hardening.", StringComparison.OrdinalIgnoreCase) && !categories.Contains(text);

    /// <summary>The entries of a rule-ID list as MSBuild reads NoWarn and WarningsAsErrors (separated by <c>;</c> or <c>,</c>)
    /// that look like ours but name no rule, each once.</summary>
    public IReadOnlyList<string> UnknownIds(string? list) =>
        (list ?? "").Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Trim())
            .Where(IsUnknownId)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary><c> (did you mean HRD001?)</c> when exactly one ID or category is close to <paramref name="text"/> (one edit
    /// or two swapped characters for an ID, two edits for a category); empty otherwise.</summary>
    public string DidYouMean(string text)
    {
        var upper = text.ToUpperInvariant();
        if (upper.StartsWith("HRD", StringComparison.Ordinal))
        {
            // the commonest slip: a letter for a look-alike digit (HRD0O1, HRD0l0)
            var digits = "HRD" + upper.Substring(3).Replace('O', '0').Replace('I', '1').Replace('L', '1');
            if (digits != upper && ids.Contains(digits)) return " (did you mean " + digits + "?)";
        }
        var close = upper.StartsWith("HRD", StringComparison.Ordinal)
            ? ids.Where(id => EditDistance(id.ToUpperInvariant(), upper) <= 1 || Swapped(id.ToUpperInvariant(), upper)).ToList()
            : categories.Where(c => EditDistance(c.ToUpperInvariant(), upper) <= 2).ToList();
        return close.Count == 1 ? " (did you mean " + close[0] + "?)" : "";
    }

    private static bool Swapped(string a, string b)
    {
        if (a.Length != b.Length) return false;
        var diff = Enumerable.Range(0, a.Length).Where(i => a[i] != b[i]).ToList();
        return diff.Count == 2 && diff[1] == diff[0] + 1 && a[diff[0]] == b[diff[1]] && a[diff[1]] == b[diff[0]];
    }

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
