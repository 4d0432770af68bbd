using System;
using System.Collections.Generic;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Configuration;

/// <summary>A property together with the file it was written in (for locating problems).</summary>
internal readonly record struct ConfigEntry(EditorConfigFile File, ConfigProperty Property);

/// <summary>The option keys that carry severities.</summary>
internal static class SeverityKeys
{
    private const string DiagnosticPrefix = "dotnet_diagnostic.";
    private const string BulkPrefix = "dotnet_analyzer_diagnostic.";
    private const string CategoryPrefix = BulkPrefix + "category-";
    private const string Suffix = ".severity";

    public const string AllRules = BulkPrefix + "severity";

    public static string ForCategory(string category) => CategoryPrefix + category + Suffix;

    /// <summary>Roslyn's test on the lowercased key: prefix and suffix present, the ID is what lies between (even
    /// empty). <c>dotnet_diagnostic.severity</c> is too short for both and is a plain option.</summary>
    public static bool TryGetDiagnosticId(ConfigProperty property, out string id)
    {
        var key = property.Key;
        var length = key.Length - DiagnosticPrefix.Length - Suffix.Length;
        if (length >= 0 && key.StartsWith(DiagnosticPrefix, StringComparison.Ordinal) && key.EndsWith(Suffix, StringComparison.Ordinal))
        {
            // Lowercasing keeps the length, so the ID can be cut from the key as written (for messages).
            id = property.KeyAsWritten.Substring(DiagnosticPrefix.Length, length);
            return true;
        }
        id = "";
        return false;
    }

    /// <summary>The category of a <c>dotnet_analyzer_diagnostic.category-&lt;Category&gt;.severity</c> key, as written.</summary>
    public static bool TryGetCategory(ConfigProperty property, out string category)
    {
        var key = property.Key;
        category = "";
        if (key.Length <= CategoryPrefix.Length + Suffix.Length || !key.StartsWith(CategoryPrefix, StringComparison.Ordinal) || !key.EndsWith(Suffix, StringComparison.Ordinal)) return false;
        category = property.KeyAsWritten.Substring(CategoryPrefix.Length, key.Length - CategoryPrefix.Length - Suffix.Length);
        return true;
    }

    /// <summary>What a bulk key's invalid value is reported as: "the category 'X'" or "all rules"; null for other keys.</summary>
    public static string? DescribeBulkKey(ConfigProperty property)
    {
        if (string.Equals(property.Key, AllRules, StringComparison.Ordinal)) return "The setting for all rules (" + property.KeyAsWritten + ")";
        var key = property.Key;
        if (key.Length > CategoryPrefix.Length + Suffix.Length && key.StartsWith(CategoryPrefix, StringComparison.Ordinal) && key.EndsWith(Suffix, StringComparison.Ordinal))
            return "The category '" + property.KeyAsWritten.Substring(CategoryPrefix.Length, key.Length - CategoryPrefix.Length - Suffix.Length) + "'";
        return null;
    }
}

/// <summary>
/// The options in force for one file, built the way <c>AnalyzerConfigSet</c> builds them: properties are applied in
/// order and a later one replaces an earlier one. <c>dotnet_diagnostic.&lt;ID&gt;.severity</c> keys become
/// <see cref="Severities"/> (Roslyn's "tree options"; an invalid word is reported and does not replace anything);
/// every other key, the bulk keys included, stays a raw string in <see cref="Values"/> (Roslyn's "analyzer options").
/// </summary>
internal sealed class ConfigOptions
{
    public Dictionary<string, Severity?> Severities { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, string> Values { get; } = new(StringComparer.OrdinalIgnoreCase);

    public void Apply(ConfigEntry entry, Action<ConfigurationProblem> report)
    {
        var property = entry.Property;
        if (SeverityKeys.TryGetDiagnosticId(property, out var id))
        {
            if (SeverityWords.TryParse(property.Value, out var severity))
                Severities[id] = severity;
            else
                report(InvalidSeverity("The diagnostic '" + id + "'", entry));
            return;
        }

        Values[property.Key] = property.Value;
        // Roslyn says nothing about a bad word in a bulk key (the key is simply not used); we say what it says for IDs.
        var bulk = SeverityKeys.DescribeBulkKey(property);
        if (bulk is not null && !SeverityWords.TryParse(property.Value, out _))
            report(InvalidSeverity(bulk, entry));
    }

    private static ConfigurationProblem InvalidSeverity(string subject, ConfigEntry entry)
    {
        var p = entry.Property;
        var message = subject + " was given an invalid severity '" + p.Value + "' in " + System.IO.Path.GetFileName(entry.File.Path) + "; " + SeverityWords.Expected + ".";
        return new ConfigurationProblem(message, new SourceLocation(entry.File.Path, new SourceSpan(p.Line, p.Column, p.Line, p.EndColumn)));
    }
}
