using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Parsing.Compose;

/// <summary>
/// The compose-specification merge of one file onto another (overlays, and <c>extends</c> of a service), on
/// <see cref="YNode"/> trees that are never mutated. Every value in the result is a node as written in one of the
/// files, so it keeps its own file and span; a merged mapping keeps the base's key and location (a service merged
/// from two files points at its key in the base file). The rules are compose-go's:
/// <list type="bullet">
/// <item>mappings merge recursively; a scalar from the overlay replaces; sequences append;</item>
/// <item>sequences with an identity (<c>ports</c>, <c>expose</c>, <c>volumes</c> by target, <c>secrets</c>/<c>configs</c> by mount
/// path, <c>devices</c>, <c>cap_add</c>, <c>dns</c>, <c>tmpfs</c>, <c>env_file</c>, <c>profiles</c>, …) drop the earlier of two
/// entries with the same key, the later taking its place;</item>
/// <item><c>command</c>, <c>entrypoint</c>, <c>healthcheck.test</c> and <c>x-</c> extension fields are replaced, not merged;</item>
/// <item><c>environment</c>, <c>labels</c>, <c>annotations</c>, <c>build.args</c>, <c>sysctls</c>, … merge by variable name across the
/// mapping and <c>KEY=value</c> list forms;</item>
/// <item><c>build: ./dir</c> merges as <c>{context: ./dir}</c>; <c>depends_on</c> and service <c>networks</c> merge by name across
/// list and mapping forms; <c>logging</c> merges only when the driver is the same; <c>ulimits</c> entries merge when both are mappings;</item>
/// <item>a value tagged <c>!reset</c> removes the key, one tagged <c>!override</c> replaces the base value whole;
/// a null overlay value leaves a list or mapping as it was.</item>
/// </list>
/// </summary>
public static class ComposeMerger
{
    private enum Strategy
    {
        Default,
        Replace,
        KeyValue,
        Build,
        ByName,
        Logging,
        Ulimit,
    }

    private static readonly (string[] Pattern, Strategy Strategy)[] Strategies =
    {
        (P("services.*.command"), Strategy.Replace),
        (P("services.*.entrypoint"), Strategy.Replace),
        (P("services.*.healthcheck.test"), Strategy.Replace),
        (P("services.*.environment"), Strategy.KeyValue),
        (P("services.*.labels"), Strategy.KeyValue),
        (P("services.*.annotations"), Strategy.KeyValue),
        (P("services.*.sysctls"), Strategy.KeyValue),
        (P("services.*.build.args"), Strategy.KeyValue),
        (P("services.*.build.labels"), Strategy.KeyValue),
        (P("services.*.build.additional_contexts"), Strategy.KeyValue),
        (P("services.*.deploy.labels"), Strategy.KeyValue),
        (P("networks.*.labels"), Strategy.KeyValue),
        (P("volumes.*.labels"), Strategy.KeyValue),
        (P("services.*.build"), Strategy.Build),
        (P("services.*.depends_on"), Strategy.ByName),
        (P("services.*.networks"), Strategy.ByName),
        (P("services.*.logging"), Strategy.Logging),
        (P("services.*.ulimits.*"), Strategy.Ulimit),
    };

    /// <summary>Lists whose entries have an identity, and how to get it.</summary>
    private static readonly (string[] Pattern, Func<YNode, string?> Key, bool FromScalar)[] Unique =
    {
        (P("services.*.ports"), ComposeMergeKeys.PortKey, false),
        (P("services.*.expose"), ComposeMergeKeys.Exact, false),
        (P("services.*.volumes"), ComposeMergeKeys.VolumeTarget, false),
        (P("services.*.secrets"), n => ComposeMergeKeys.MountTarget(n, "/run/secrets"), false),
        (P("services.*.configs"), n => ComposeMergeKeys.MountTarget(n, ""), false),
        (P("services.*.devices"), ComposeMergeKeys.DeviceTarget, false),
        (P("services.*.env_file"), ComposeMergeKeys.EnvFilePath, true),
        (P("services.*.label_file"), ComposeMergeKeys.Exact, true),
        (P("services.*.cap_add"), ComposeMergeKeys.KeyValue, false),
        (P("services.*.cap_drop"), ComposeMergeKeys.KeyValue, false),
        (P("services.*.dns"), ComposeMergeKeys.KeyValue, true),
        (P("services.*.dns_opt"), ComposeMergeKeys.KeyValue, true),
        (P("services.*.dns_search"), ComposeMergeKeys.KeyValue, true),
        (P("services.*.tmpfs"), ComposeMergeKeys.KeyValue, true),
        (P("services.*.extra_hosts"), ComposeMergeKeys.Exact, false),
        (P("services.*.build.extra_hosts"), ComposeMergeKeys.Exact, false),
        (P("services.*.links"), ComposeMergeKeys.KeyValue, false),
        (P("services.*.profiles"), ComposeMergeKeys.KeyValue, false),
        (P("services.*.build.tags"), ComposeMergeKeys.KeyValue, false),
        (P("services.*.build.platforms"), ComposeMergeKeys.KeyValue, false),
        (P("services.*.networks.*.aliases"), ComposeMergeKeys.KeyValue, false),
        (P("services.*.networks.*.link_local_ips"), ComposeMergeKeys.KeyValue, false),
        (P("networks.*.ipam.options"), ComposeMergeKeys.KeyValue, false),
    };

    private static string[] P(string pattern) => pattern.Split('.');

    public const string ResetTag = "!reset";
    public const string OverrideTag = "!override";

    /// <summary>Merges a whole compose file onto another.</summary>
    public static YMapping MergeFiles(YMapping baseRoot, YMapping overlay) =>
        MergeMappings(baseRoot, overlay, Array.Empty<string>());

    /// <summary>Merges an extending service onto (a copy of) the service it extends.</summary>
    public static YMapping ExtendService(YMapping baseService, YMapping service, string name)
    {
        var merged = MergeMappings(baseService, service, new[] { "services", name });
        // The result is the extending service: it is located where that service is written.
        return new YMapping(merged.Entries, service.Location, service.Tag);
    }

    /// <summary>Removes what is still tagged <c>!reset</c> (a reset with nothing under it, or in the base file itself, where compose drops it too).</summary>
    public static YNode StripResets(YNode node)
    {
        switch (node)
        {
            case YMapping map:
            {
                List<YEntry>? entries = null;
                for (var i = 0; i < map.Entries.Count; i++)
                {
                    var entry = map.Entries[i];
                    var value = entry.Value.Tag == ResetTag ? null : StripResets(entry.Value);
                    if (entries == null && !ReferenceEquals(value, entry.Value))
                    {
                        entries = new List<YEntry>();
                        for (var k = 0; k < i; k++) entries.Add(map.Entries[k]);
                    }
                    if (entries != null && value != null) entries.Add(ReferenceEquals(value, entry.Value) ? entry : new YEntry(entry.Key, value));
                }
                return entries == null ? map : new YMapping(entries, map.Location, map.Tag);
            }
            case YSequence seq:
            {
                List<YNode>? items = null;
                for (var i = 0; i < seq.Items.Count; i++)
                {
                    var item = seq.Items[i].Tag == ResetTag ? null : StripResets(seq.Items[i]);
                    if (items == null && !ReferenceEquals(item, seq.Items[i]))
                    {
                        items = new List<YNode>();
                        for (var k = 0; k < i; k++) items.Add(seq.Items[k]);
                    }
                    if (items != null && item != null) items.Add(item);
                }
                return items == null ? seq : new YSequence(items, seq.Location, seq.Tag);
            }
            default:
                return node;
        }
    }

    /// <summary>The merge of <paramref name="overlay"/> onto <paramref name="baseNode"/> at <paramref name="path"/>; null when the key is removed.</summary>
    private static YNode? Merge(YNode baseNode, YNode overlay, string[] path)
    {
        if (overlay.Tag == ResetTag) return null;
        if (overlay.Tag == OverrideTag) return overlay;

        var strategy = StrategyFor(path);
        if (strategy == Strategy.Replace) return overlay;

        var overlayIsNull = overlay is YScalar { IsNull: true };
        if (overlayIsNull && baseNode is YMapping or YSequence) return baseNode;
        if (baseNode is YScalar { IsNull: true }) return overlay;

        switch (strategy)
        {
            case Strategy.KeyValue:
                return MergeKeyValues(baseNode, overlay, path);
            case Strategy.Build:
                return MergeMappings(BuildAsMapping(baseNode), BuildAsMapping(overlay), path);
            case Strategy.ByName:
                if (baseNode is YSequence baseNames && overlay is YSequence overlayNames)
                    return AppendUnique(baseNames, overlayNames, ComposeMergeKeys.Exact);
                return MergeMappings(NamesAsMapping(baseNode), NamesAsMapping(overlay), path);
            case Strategy.Logging:
                if (baseNode is YMapping baseLog && overlay is YMapping overlayLog)
                {
                    var baseDriver = (baseLog["driver"] as YScalar)?.Value;
                    var overlayDriver = (overlayLog["driver"] as YScalar)?.Value;
                    return baseDriver == null || overlayDriver == null || baseDriver == overlayDriver
                        ? MergeMappings(baseLog, overlayLog, path)
                        : overlay;
                }
                return overlay;
            case Strategy.Ulimit:
                return baseNode is YMapping baseLimit && overlay is YMapping overlayLimit ? MergeMappings(baseLimit, overlayLimit, path) : overlay;
        }

        var unique = UniqueFor(path);
        if (unique != null && unique.Value.FromScalar)
        {
            // dns: 8.8.8.8 and env_file: .env are lists of one.
            var baseList = AsSequence(baseNode);
            var overlayList = AsSequence(overlay);
            if (baseList != null && overlayList != null) return AppendUnique(baseList, overlayList, unique.Value.Key);
        }

        return (baseNode, overlay) switch
        {
            (YMapping baseMap, YMapping overlayMap) => MergeMappings(baseMap, overlayMap, path),
            (YSequence baseSeq, YSequence overlaySeq) => unique != null
                ? AppendUnique(baseSeq, overlaySeq, unique.Value.Key)
                : new YSequence(Concat(baseSeq.Items, overlaySeq.Items), baseSeq.Location, baseSeq.Tag),
            _ => overlay,
        };
    }

    private static YMapping MergeMappings(YMapping baseMap, YMapping overlay, string[] path)
    {
        var entries = new List<YEntry>(baseMap.Entries);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
            if (!index.ContainsKey(entries[i].Name)) index.Add(entries[i].Name, i);
        var removed = false;

        foreach (var entry in overlay.Entries)
        {
            if (!index.TryGetValue(entry.Name, out var at))
            {
                if (entry.Value.Tag == ResetTag) continue;
                index.Add(entry.Name, entries.Count);
                entries.Add(entry);
                continue;
            }

            var existing = entries[at];
            var merged = entry.Name.StartsWith("x-", StringComparison.Ordinal)
                ? (entry.Value.Tag == ResetTag ? null : entry.Value)
                : Merge(existing.Value, entry.Value, Append(path, entry.Name));
            if (merged == null)
            {
                entries[at] = null!;
                removed = true;
                continue;
            }
            // A value taken from the overlay keeps the overlay's key; a combined value keeps the base's key (a service's key in the base file).
            entries[at] = ReferenceEquals(merged, entry.Value) ? entry : ReferenceEquals(merged, existing.Value) ? existing : new YEntry(existing.Key, merged);
        }

        if (removed) entries.RemoveAll(e => e == null);
        return new YMapping(entries, baseMap.Location, baseMap.Tag);
    }

    /// <summary>environment/labels/args: merge by name; both mappings stay a mapping, both lists stay a list, and a
    /// mix becomes a mapping (each <c>KEY=value</c> item split into a key and a value at their columns).</summary>
    private static YNode MergeKeyValues(YNode baseNode, YNode overlay, string[] path)
    {
        if (baseNode is YSequence baseSeq && overlay is YSequence overlaySeq)
            return AppendUnique(baseSeq, overlaySeq, ComposeMergeKeys.KeyValue);
        var baseMap = KeyValuesAsMapping(baseNode);
        var overlayMap = KeyValuesAsMapping(overlay);
        if (baseMap == null || overlayMap == null) return overlay;

        var entries = new List<YEntry>(baseMap.Entries);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
            if (!index.ContainsKey(entries[i].Name)) index.Add(entries[i].Name, i);
        var removed = false;
        foreach (var entry in overlayMap.Entries)
        {
            var reset = entry.Value.Tag == ResetTag;
            if (index.TryGetValue(entry.Name, out var at))
            {
                if (reset)
                {
                    entries[at] = null!;
                    removed = true;
                }
                else entries[at] = entry;
            }
            else if (!reset)
            {
                index.Add(entry.Name, entries.Count);
                entries.Add(entry);
            }
        }
        if (removed) entries.RemoveAll(e => e == null);
        return new YMapping(entries, baseMap.Location, baseMap.Tag);
    }

    private static YMapping? KeyValuesAsMapping(YNode node)
    {
        switch (node)
        {
            case YMapping map:
                return map;
            case YSequence seq:
                var entries = new List<YEntry>();
                var seen = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var item in seq.Items)
                {
                    if (item is not YScalar scalar) continue;
                    var entry = SplitKeyValue(scalar);
                    if (seen.TryGetValue(entry.Name, out var at)) entries[at] = entry;
                    else
                    {
                        seen.Add(entry.Name, entries.Count);
                        entries.Add(entry);
                    }
                }
                return new YMapping(entries, seq.Location, seq.Tag);
            default:
                return null;
        }
    }

    /// <summary>
    /// <c>- PASSWORD=secret</c> as the entry <c>PASSWORD: secret</c>, the key and value pointing at their own columns of the
    /// item when it is written on one line (plain, or quoted without escapes); a bare <c>- KEY</c> has a null value.
    /// </summary>
    public static YEntry SplitKeyValue(YScalar item)
    {
        var raw = item.RawValue ?? item.Value;
        var rawEq = raw.IndexOf('=');
        var eq = item.Value.IndexOf('=');
        var key = eq >= 0 ? item.Value.Substring(0, eq) : item.Value;
        var span = item.Location.Span;

        var keySpan = span;
        var valueSpan = span;
        if (span.Line == span.EndLine)
        {
            var width = span.EndColumn - span.Column;
            var offset = width == raw.Length ? 0 : width == raw.Length + 2 ? 1 : -1;
            if (offset >= 0)
            {
                var keyEnd = rawEq >= 0 ? rawEq : raw.Length;
                keySpan = new SourceSpan(span.Line, span.Column + offset, span.Line, span.Column + offset + keyEnd);
                valueSpan = rawEq >= 0
                    ? new SourceSpan(span.Line, span.Column + offset + rawEq + 1, span.Line, span.EndColumn - offset)
                    : new SourceSpan(span.Line, span.EndColumn, span.Line, span.EndColumn);
            }
        }

        var keyNode = new YScalar(key, isPlain: false, new SourceLocation(item.Location.FilePath, keySpan));
        YScalar valueNode;
        if (eq < 0)
            valueNode = new YScalar("", isPlain: true, new SourceLocation(item.Location.FilePath, valueSpan));
        else
            valueNode = new YScalar(item.Value.Substring(eq + 1), isPlain: false, new SourceLocation(item.Location.FilePath, valueSpan), item.Tag)
            {
                RawValue = item.RawValue != null && rawEq >= 0 ? item.RawValue.Substring(rawEq + 1) : null,
                UnresolvedVariables = item.UnresolvedVariables,
            };
        return new YEntry(keyNode, valueNode);
    }

    private static YMapping BuildAsMapping(YNode node) => node switch
    {
        YMapping map => map,
        YScalar context => new YMapping(new[] { new YEntry(new YScalar("context", false, context.Location), context) }, context.Location),
        _ => new YMapping(Array.Empty<YEntry>(), node.Location),
    };

    /// <summary><c>depends_on: [db]</c> / <c>networks: [front]</c> as a mapping whose keys are the items as written and whose
    /// values are null (no condition, no options), when the other file uses the mapping form.</summary>
    private static YMapping NamesAsMapping(YNode node)
    {
        if (node is YMapping map) return map;
        var entries = new List<YEntry>();
        if (node is YSequence seq)
            foreach (var item in seq.Items)
                if (item is YScalar name)
                    entries.Add(new YEntry(name, new YScalar("", true, new SourceLocation(name.Location.FilePath, SourceSpan.At(name.Location.Span.EndLine, name.Location.Span.EndColumn)))));
        return new YMapping(entries, node.Location, node.Tag);
    }

    private static YSequence? AsSequence(YNode node) => node switch
    {
        YSequence seq => seq,
        YScalar { IsNull: false } scalar => new YSequence(new YNode[] { scalar }, scalar.Location),
        _ => null,
    };

    /// <summary>Appends, then keeps one entry per key: the later one, at the place of the first.</summary>
    private static YSequence AppendUnique(YSequence baseSeq, YSequence overlay, Func<YNode, string?> keyOf)
    {
        var items = new List<YNode>(baseSeq.Items.Count + overlay.Items.Count);
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in Concat(baseSeq.Items, overlay.Items))
        {
            var key = keyOf(item);
            if (key != null && positions.TryGetValue(key, out var at))
            {
                items[at] = item;
                continue;
            }
            if (key != null) positions.Add(key, items.Count);
            items.Add(item);
        }
        return new YSequence(items, baseSeq.Location, baseSeq.Tag);
    }

    private static List<YNode> Concat(IReadOnlyList<YNode> first, IReadOnlyList<YNode> second)
    {
        var all = new List<YNode>(first.Count + second.Count);
        all.AddRange(first);
        all.AddRange(second);
        return all;
    }

    private static string[] Append(string[] path, string segment)
    {
        var next = new string[path.Length + 1];
        Array.Copy(path, next, path.Length);
        next[path.Length] = segment;
        return next;
    }

    private static Strategy StrategyFor(string[] path)
    {
        foreach (var (pattern, strategy) in Strategies)
            if (Matches(path, pattern)) return strategy;
        return Strategy.Default;
    }

    private static (Func<YNode, string?> Key, bool FromScalar)? UniqueFor(string[] path)
    {
        foreach (var (pattern, key, fromScalar) in Unique)
            if (Matches(path, pattern)) return (key, fromScalar);
        return null;
    }

    private static bool Matches(string[] path, string[] pattern)
    {
        if (path.Length != pattern.Length) return false;
        for (var i = 0; i < path.Length; i++)
            if (pattern[i] != "*" && pattern[i] != path[i]) return false;
        return true;
    }

    /// <summary><paramref name="map"/> without its <paramref name="key"/> entry.</summary>
    internal static YMapping Without(YMapping map, string key) =>
        new(map.Entries.Where(e => e.Name != key).ToList(), map.Location, map.Tag);

    /// <summary><paramref name="map"/> with the value of its <paramref name="key"/> entry replaced, in place.</summary>
    internal static YMapping Replace(YMapping map, string key, YNode value) =>
        new(map.Entries.Select(e => e.Name == key ? new YEntry(e.Key, value) : e).ToList(), map.Location, map.Tag);
}
