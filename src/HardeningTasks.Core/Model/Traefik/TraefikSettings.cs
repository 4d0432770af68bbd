using System;
using System.Collections.Generic;
using System.Linq;

namespace HardeningTasks.Core.Model.Traefik;

/// <summary>
/// A flat, case-insensitive Traefik configuration: every setting by its normalised key
/// (<see cref="TraefikKeys.Normalize"/>), each keeping where it was written. Static configuration from the
/// command line, the environment and a file, and dynamic configuration from labels or a file, all read alike.
/// </summary>
public sealed class TraefikSettings
{
    private readonly Dictionary<string, TraefikSetting> byKey;

    /// <summary>Settings by their key cut after n separators, per n (see <see cref="AtOrUnder"/>).</summary>
    private readonly Dictionary<int, Dictionary<string, List<TraefikSetting>>> byPrefix = new();

    /// <summary>Settings in the order they were written; when a key repeats, the last one wins (as for flags).</summary>
    public TraefikSettings(IEnumerable<TraefikSetting> settings)
    {
        byKey = new Dictionary<string, TraefikSetting>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var setting in settings)
        {
            if (!byKey.ContainsKey(setting.Key)) order.Add(setting.Key);
            byKey[setting.Key] = setting;
        }
        All = order.Select(k => byKey[k]).ToList();
    }

    public static TraefikSettings Empty { get; } = new(Array.Empty<TraefikSetting>());

    /// <summary>Every setting, in the order its key first appeared.</summary>
    public IReadOnlyList<TraefikSetting> All { get; }

    public int Count => All.Count;

    /// <summary>Merges sources; for a key set in several, the first source listed wins.</summary>
    public static TraefikSettings Merge(params TraefikSettings[] byPrecedence) =>
        new(Enumerable.Reverse(byPrecedence).SelectMany(s => s.All));

    public TraefikSetting? this[string key] => byKey.TryGetValue(TraefikKeys.Normalize(key), out var setting) ? setting : null;

    public string? Value(string key) => this[key]?.Value;

    /// <summary>True when the key or anything under it is set (<c>providers.docker</c> for <c>--providers.docker.network=x</c>).</summary>
    public bool Has(string prefix) => AtOrUnder(TraefikKeys.Normalize(prefix)).Count > 0;

    /// <summary>The settings at or under <paramref name="prefix"/>.</summary>
    public IEnumerable<TraefikSetting> Under(string prefix) => AtOrUnder(TraefikKeys.Normalize(prefix));

    /// <summary>The names directly under <paramref name="prefix"/> (entrypoint names under <c>entrypoints</c>),
    /// lower case, in the order they first appear.</summary>
    public IReadOnlyList<string> Names(string prefix)
    {
        var normalized = TraefikKeys.Normalize(prefix);
        // With an empty prefix every key has a first segment, not only the keys "under" it: scan them all.
        var candidates = normalized.Length == 0 ? All : AtOrUnder(normalized);
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var setting in candidates)
            if (TraefikKeys.ChildSegment(setting.Key, normalized) is { } name && seen.Add(name))
                names.Add(name);
        return names;
    }

    /// <summary>
    /// A list value however it was written: indexed items (<c>key[0]</c>, <c>key[1]</c>, a YAML list) or one
    /// comma-separated value (<c>key=web,websecure</c>). Each item keeps the setting it came from.
    /// </summary>
    public IReadOnlyList<TraefikListItem> List(string key)
    {
        var normalized = TraefikKeys.Normalize(key);
        var items = new List<TraefikListItem>();
        // Every indexed item (key[n], written in the key's exact case) is also at or under the key.
        foreach (var setting in AtOrUnder(normalized))
        {
            if (setting.Key.Length > normalized.Length && setting.Key.StartsWith(normalized, StringComparison.Ordinal)
                && setting.Key[normalized.Length] == '[' && setting.Key.IndexOf('.', normalized.Length) < 0)
                items.Add(new TraefikListItem(setting.Value.Trim(), setting));
        }
        if (items.Count > 0) return items;
        if (byKey.TryGetValue(normalized, out var single))
            items.AddRange(TraefikKeys.SplitList(single.Value).Select(v => new TraefikListItem(v, single)));
        return items;
    }

    /// <summary>
    /// The settings <see cref="TraefikKeys.IsUnder"/> puts at or under <paramref name="normalized"/>, in <see cref="All"/>'s
    /// order. A scan of every setting per question made a file or a service with thousands of routers quadratic (each
    /// router asks several), so the settings are indexed by their key cut at a separator (<c>.</c> or <c>[</c>): a key is
    /// under a prefix with <c>n</c> separators exactly when its text up to its (n+1)th separator — or the whole key,
    /// when it has just <c>n</c> — equals the prefix, ignoring case as <see cref="TraefikKeys.IsUnder"/> does (case
    /// folding maps no other character to <c>.</c> or <c>[</c>, so the separators line up). One index per separator
    /// count asked about, built on first use: linear in the keys' length, where indexing every prefix of every key
    /// would be quadratic in a key with thousands of dots.
    /// </summary>
    private IReadOnlyList<TraefikSetting> AtOrUnder(string normalized)
    {
        var separators = 0;
        foreach (var c in normalized)
            if (c == '.' || c == '[') separators++;
        Dictionary<string, List<TraefikSetting>>? index;
        // Rules may read one stack's settings from several threads.
        lock (byPrefix)
        {
            if (!byPrefix.TryGetValue(separators, out index))
            {
                index = new Dictionary<string, List<TraefikSetting>>(StringComparer.OrdinalIgnoreCase);
                foreach (var setting in All)
                {
                    if (PrefixOf(setting.Key, separators) is not { } prefix) continue;
                    if (!index.TryGetValue(prefix, out var list)) index[prefix] = list = new List<TraefikSetting>();
                    list.Add(setting);
                }
                byPrefix[separators] = index;
            }
        }
        return index.TryGetValue(normalized, out var found) ? found : Array.Empty<TraefikSetting>();
    }

    /// <summary>The key up to its (n+1)th separator, the whole key when it has exactly n, null when it has fewer.</summary>
    private static string? PrefixOf(string key, int separators)
    {
        var seen = 0;
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] != '.' && key[i] != '[') continue;
            if (seen == separators) return key.Substring(0, i);
            seen++;
        }
        return seen == separators ? key : null;
    }

    public override string ToString() => string.Join("\n", All);
}

/// <summary>One item of a list setting.</summary>
public readonly record struct TraefikListItem(string Value, TraefikSetting Setting);
