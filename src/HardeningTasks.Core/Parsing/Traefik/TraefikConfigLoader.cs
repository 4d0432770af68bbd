using System;
using System.Collections.Generic;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Traefik;
using HardeningTasks.Core.Model.Yaml;
using HardeningTasks.Core.Parsing.Toml;
using HardeningTasks.Core.Parsing.Yaml;

namespace HardeningTasks.Core.Parsing.Traefik;

/// <summary>Reads a Traefik configuration file, YAML or TOML by its extension.</summary>
public static class TraefikConfigLoader
{
    /// <summary>Loads an input file; what cannot be read becomes an HRD000 in <paramref name="diagnostics"/>.</summary>
    public static TraefikConfigFile? LoadInput(IFileSystem fileSystem, string path, long maxBytes, ICollection<Finding> diagnostics, string? limitSetting = null)
    {
        var file = Load(fileSystem, path, maxBytes, out var error, limitSetting);
        if (error != null)
            lock (diagnostics)
                diagnostics.Add(ToolDiagnostics.FileNotLoaded.At(new SourceLocation(path, error.Span), null, null, error.Message));
        return file;
    }

    public static TraefikConfigFile? Load(IFileSystem fileSystem, string path, long maxBytes, out LoadError? error, string? limitSetting = null)
    {
        var text = SourceReader.TryRead(fileSystem, path, maxBytes, out error, limitSetting: limitSetting);
        return text == null ? null : Parse(path, text, out error);
    }

    public static TraefikConfigFile? Parse(string path, string text, out LoadError? error)
    {
        var file = ParseText(path, text, out error);
        // Traefik renders a file provider's files as Go templates before reading them ({{ env "DOMAIN" }}), so a file that is
        // only valid once rendered is read again with each template action blanked out, keeping every line and column.
        if (file == null && error != null && text.IndexOf("{{", StringComparison.Ordinal) >= 0)
        {
            var rendered = WithoutTemplateActions(text);
            if (!ReferenceEquals(rendered, text) && ParseText(path, rendered, out _) is { } templated)
            {
                error = null;
                return templated;
            }
        }
        return file;
    }

    /// <summary>Every <c>{{ … }}</c> action replaced by as many <c>x</c> (line breaks kept); the text itself when there is none.</summary>
    private static string WithoutTemplateActions(string text)
    {
        var result = new System.Text.StringBuilder(text.Length);
        var changed = false;
        for (var i = 0; i < text.Length; i++)
        {
            var close = i + 1 < text.Length && text[i] == '{' && text[i + 1] == '{' ? text.IndexOf("}}", i + 2, StringComparison.Ordinal) : -1;
            if (close < 0)
            {
                result.Append(text[i]);
                continue;
            }
            for (var j = i; j < close + 2; j++) result.Append(text[j] is '\n' or '\r' ? text[j] : 'x');
            i = close + 1;
            changed = true;
        }
        return changed ? result.ToString() : text;
    }

    private static TraefikConfigFile? ParseText(string path, string text, out LoadError? error)
    {
        YNode? root;
        TraefikConfigFormat format;
        if (path.EndsWith(".toml", StringComparison.OrdinalIgnoreCase))
        {
            format = TraefikConfigFormat.Toml;
            var toml = TomlReader.Load(path, text);
            error = toml.Error;
            root = toml.Root;
        }
        else
        {
            format = TraefikConfigFormat.Yaml;
            var yaml = YamlLoader.Load(path, text);
            error = yaml.Error;
            root = yaml.Root;
        }
        if (error != null) return null;
        switch (root)
        {
            case null:
                root = new YMapping(Array.Empty<YEntry>(), SourceLocation.FileStart(path));
                break;
            case not YMapping:
                error = new LoadError("A Traefik configuration file must be a mapping at the top level (entryPoints:, providers:, http:, …).", root.Location.Span);
                return null;
        }
        var mapping = (YMapping)root;
        return new TraefikConfigFile(path, format, mapping, TraefikSettingsReader.FromTree(mapping));
    }
}
