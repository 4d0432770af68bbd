using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Configuration;
using HardeningTasks.Core.Parsing;

namespace HardeningTasks.Core.Checking;

/// <summary>
/// The package's MSBuild property values, read from their text as the build reads them — by the task, or by an editor
/// that takes its settings from the project. A value that cannot be read is a problem (HRD090, through
/// <see cref="CheckRequest.SettingProblems"/>) naming the property, and the default is used.
/// </summary>
public static class PropertyText
{
    /// <summary>The entries of an MSBuild <c>;</c>-list, trimmed (paths and values may hold spaces).</summary>
    public static IEnumerable<string> Entries(string? list) => (list ?? "").Split(';').Select(e => e.Trim()).Where(e => e.Length > 0);

    /// <summary>HardeningVariables: <c>A=1;B=2</c>.</summary>
    public static Dictionary<string, string> Variables(string? text, ICollection<string> problems)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Entries(text))
        {
            var eq = entry.IndexOf('=');
            if (eq > 0 && entry.Substring(0, eq).Trim().Length > 0) variables[entry.Substring(0, eq).Trim()] = entry.Substring(eq + 1).Trim();
            else problems.Add($"HardeningVariables: '{entry}' is not NAME=value; it is ignored.");
        }
        return variables;
    }

    /// <summary>HardeningMaxFileSize: bytes, or with KB or MB.</summary>
    public static long MaxFileBytes(string? text, ICollection<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return SourceReader.DefaultMaxFileBytes;
        if (SourceReader.TryParseSize(text!, out var bytes)) return bytes;
        problems.Add($"HardeningMaxFileSize: '{text}' is not a size in bytes (e.g. 10485760, 512KB, 10MB); the default {SourceReader.DefaultMaxFileBytes / (1024 * 1024)} MB is used.");
        return SourceReader.DefaultMaxFileBytes;
    }

    /// <summary>HardeningAnalysisMode: a preset's name.</summary>
    public static AnalysisMode Mode(string? text, ICollection<string> problems)
    {
        if (AnalysisModes.TryParse(text, out var mode)) return mode;
        problems.Add($"HardeningAnalysisMode: '{text}' is not a preset; use {AnalysisModes.Expected}. Default is used.");
        return AnalysisMode.Default;
    }
}
