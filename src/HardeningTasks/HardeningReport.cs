using System;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HardeningTasks;

/// <summary>
/// Logs the findings the last scan stored, on every build (so a no-op build shows them again). Errors and warnings
/// carry the code, the full file path, line, column and help link (no subcategory, no end position: the
/// <c>(line,col)</c> form is what the <c>csc</c> problem matcher of GitHub Actions turns into annotations).
/// Suggestions are messages with the same code and location. Then the scan's summary of what it checked (normal
/// verbosity) and skipped (detailed verbosity), so a no-op build says it too. Touches nothing of the engine: a no-op
/// build loads no YAML parser.
/// </summary>
public sealed class HardeningReport : Task
{
    [Required] public string FindingsFile { get; set; } = "";

    /// <summary>Importance of suggestion messages: <c>low</c> (default, like csc's <c>info</c>: detailed verbosity), <c>normal</c> or <c>high</c>.</summary>
    public string? SuggestionImportance { get; set; }

    [Output] public int ErrorCount { get; private set; }
    [Output] public int WarningCount { get; private set; }
    [Output] public int SuggestionCount { get; private set; }

    public override bool Execute()
    {
        try
        {
            var findings = FindingsCache.Read(FindingsFile);
            if (findings == null) return !Log.HasLoggedErrors;
            var importance = ParseImportance(SuggestionImportance);
            foreach (var f in findings)
            {
                string? file = f.File.Length == 0 ? null : f.File;
                string? helpLink = f.HelpLink.Length == 0 ? null : f.HelpLink;
                switch (f.Severity)
                {
                    case "error":
                        Log.LogError(null, f.Code, null, helpLink, file, f.Line, f.Column, 0, 0, f.Message);
                        ErrorCount++;
                        break;
                    case "warning":
                        Log.LogWarning(null, f.Code, null, helpLink, file, f.Line, f.Column, 0, 0, f.Message);
                        WarningCount++;
                        break;
                    case "suggestion":
                        Log.LogMessage(null, f.Code, null, file, f.Line, f.Column, 0, 0, importance, f.Message);
                        SuggestionCount++;
                        break;
                    case FindingsCache.Summary:
                        Log.LogMessage(MessageImportance.Normal, "HardeningTasks: " + f.Message);
                        break;
                    case FindingsCache.Detail:
                        Log.LogMessage(MessageImportance.Low, "HardeningTasks: " + f.Message);
                        break;
                }
            }
        }
        catch (Exception ex)
        {
            Log.LogError(null, "HRD000", null, TaskMessages.HelpLink("HRD000"), null, 0, 0, 0, 0,
                TaskMessages.Crash($"report the findings stored in '{FindingsFile}' (delete it to force a new check)", ex));
            Log.LogMessage(MessageImportance.Low, ex.ToString());
        }
        return !Log.HasLoggedErrors;
    }

    internal static MessageImportance ParseImportance(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "high" => MessageImportance.High,
        "normal" => MessageImportance.Normal,
        _ => MessageImportance.Low,
    };
}
