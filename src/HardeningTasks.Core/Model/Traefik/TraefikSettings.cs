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
    public bool Has(string prefix) => Under(prefix).Any();

    /// <summary>The settings at or under <paramref name="prefix"/>.</summary>
    public IEnumerable<TraefikSetting> Under(string prefix)
    {
        var normalized = TraefikKeys.Normalize(prefix);
        return All.Where(s => TraefikKeys.IsUnder(s.Key, normalized));
    }

    /// <summary>The names directly under <paramref name="prefix"/> (entrypoint names under <c>entrypoints</c>),
    /// lower case, in the order they first appear.</summary>
    public IReadOnlyList<string> Names(string prefix)
    {
        var normalized = TraefikKeys.Normalize(prefix);
        var names = new List<string>();
        foreach (var setting in All)
            if (TraefikKeys.ChildSegment(setting.Key, normalized) is { } name && !names.Contains(name))
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
        foreach (var setting in All)
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

    public override string ToString() => string.Join("\n", All);
}

/// <summary>One item of a list setting.</summary>
public readonly record struct TraefikListItem(string Value, TraefikSetting Setting);
