using System;
using System.Collections.Generic;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Traefik;
using HardeningTasks.Core.Parsing.Yaml;
using HardeningTasks.Core.Rules;

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
