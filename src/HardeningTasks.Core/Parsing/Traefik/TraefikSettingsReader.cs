using System;
using System.Collections.Generic;
using System.Globalization;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Traefik;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Parsing.Traefik;

/// <summary>Reads each source of Traefik configuration into the one flat key space of <see cref="TraefikSettings"/>.</summary>
public static class TraefikSettingsReader
{
    /// <summary>A configuration file's tree (YAML or TOML): every scalar, empty mapping and empty list becomes a setting.</summary>
    public static TraefikSettings FromTree(YMapping root, TraefikSource source = TraefikSource.File)
    {
        var settings = new List<TraefikSetting>();
        foreach (var entry in root.Entries)
            Flatten(entry.Value, entry.Name, entry.Key.Location, source, settings, 0);
        return new TraefikSettings(settings);
    }

    private static void Flatten(YNode node, string key, SourceLocation keyLocation, TraefikSource source, List<TraefikSetting> settings, int depth)
    {
        if (depth > 64) return;
        switch (node)
        {
            case YMapping { Entries.Count: 0 }:
            case YSequence { Items.Count: 0 }:
                settings.Add(new TraefikSetting(key, "", source, keyLocation, node.Location, null));
                break;
            case YMapping map:
                foreach (var entry in map.Entries)
                    Flatten(entry.Value, key + "." + entry.Name, entry.Key.Location, source, settings, depth + 1);
                break;
            case YSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    var item = sequence.Items[i];
                    Flatten(item, key + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", item.Location, source, settings, depth + 1);
                }
                break;
            case YScalar scalar:
                var value = scalar.IsNull ? "" : scalar.Value;
                settings.Add(new TraefikSetting(key, value, source, keyLocation, ScalarPosition.Start(scalar), scalar));
                break;
        }
    }

    /// <summary>
    /// Command-line flags the way Traefik parses them: <c>--key=value</c> (or <c>-key=value</c>), <c>--key value</c> when the
    /// next word is not a flag, a bare <c>--flag</c> meaning true; words before the first flag (<c>traefik</c>) are skipped,
    /// and <c>--</c> ends the flags.
    /// </summary>
    public static TraefikSettings FromArguments(IReadOnlyList<CommandWord> words)
    {
        var settings = new List<TraefikSetting>();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            var text = word.Text;
            if (text == "--") break;
            if (text.Length < 2 || text[0] != '-') continue;
            var dashes = text[1] == '-' ? 2 : 1;
            var equals = text.IndexOf('=');
            if (equals > dashes)
            {
                var name = text.Substring(dashes, equals - dashes);
                settings.Add(new TraefikSetting(TraefikKeys.Canonical(name), text.Substring(equals + 1), TraefikSource.Command,
                    word.Location, word.Locate(equals + 1), word.Node));
                continue;
            }
            var bare = text.Substring(dashes);
            if (bare.Length == 0 || bare[0] == '=') continue;
            if (i + 1 < words.Count && words[i + 1].Text.Length > 0 && words[i + 1].Text[0] != '-')
            {
                var next = words[++i];
                settings.Add(new TraefikSetting(TraefikKeys.Canonical(bare), next.Text, TraefikSource.Command, word.Location, next.Location, next.Node));
                continue;
            }
            settings.Add(new TraefikSetting(TraefikKeys.Canonical(bare), "true", TraefikSource.Command, word.Location, word.Location, null));
        }
        return new TraefikSettings(settings);
    }

    /// <summary><c>TRAEFIK_*</c> variables (map or list syntax): <c>TRAEFIK_ENTRYPOINTS_WEB_ADDRESS</c> → <c>entrypoints.web.address</c>.
    /// A variable with no value (passed through from the host) is unknown and skipped.</summary>
    public static TraefikSettings FromEnvironment(IReadOnlyList<KeyValueEntry> environment)
    {
        var settings = new List<TraefikSetting>();
        foreach (var item in environment)
        {
            if (item.Value == null || TraefikKeys.FromEnvironmentName(item.Name) is not { } key) continue;
            settings.Add(new TraefikSetting(key, item.Value, TraefikSource.Environment, item.Location, item.ValueLocation, item.ValueNode));
        }
        return new TraefikSettings(settings);
    }

    /// <summary><c>traefik.*</c> labels (map or list syntax) as dynamic settings without the <c>traefik.</c> prefix
    /// (<c>traefik.http.routers.web.rule</c> → <c>http.routers.web.rule</c>; <c>traefik.enable</c> → <c>enable</c>). A key with an
    /// empty segment (<c>traefik.http.routers..rule</c>, what <c>routers.${ROUTER}.rule</c> becomes with the variable unset) names
    /// no router Traefik would build, and is left out.</summary>
    public static TraefikSettings FromLabels(IReadOnlyList<KeyValueEntry> labels)
    {
        const string prefix = "traefik.";
        var settings = new List<TraefikSetting>();
        foreach (var item in labels)
        {
            if (item.Value == null || !item.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || item.Name.Length == prefix.Length) continue;
            if (item.Name.IndexOf("..", StringComparison.Ordinal) >= 0 || item.Name.EndsWith(".", StringComparison.Ordinal)) continue;
            settings.Add(new TraefikSetting(TraefikKeys.Canonical(item.Name.Substring(prefix.Length)), item.Value, TraefikSource.Label,
                item.Location, item.ValueLocation, item.ValueNode));
        }
        return new TraefikSettings(settings);
    }
}
