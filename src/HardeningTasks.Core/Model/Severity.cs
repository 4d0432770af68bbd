namespace HardeningTasks.Core.Model;

/// <summary>
/// Roslyn's severity words. <see cref="Suggestion"/> is reported as a message that carries the code;
/// <see cref="Silent"/> and <see cref="None"/> are not reported at all.
/// </summary>
public enum Severity
{
    None = 0,
    Silent = 1,
    Suggestion = 2,
    Warning = 3,
    Error = 4,
}

/// <summary>The words for a severity, in one place: <see cref="ToWord"/> for .editorconfig, the build's findings cache,
/// the CLI's lines and JSON; <see cref="ToSarifLevel"/> for SARIF, which has its own vocabulary.</summary>
public static class SeverityNames
{
    /// <summary>Parses an .editorconfig severity word the way Roslyn does (case-insensitive, <c>info</c>/<c>hidden</c>/<c>refactoring</c> aliases).
    /// <c>default</c> parses to <c>null</c> with a true result: "use the rule's default".</summary>
    public static bool TryParse(string? text, out Severity? severity)
    {
        severity = null;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "error": severity = Severity.Error; return true;
            case "warning": case "warn": severity = Severity.Warning; return true;
            case "suggestion": case "info": severity = Severity.Suggestion; return true;
            case "silent": case "hidden": case "refactoring": severity = Severity.Silent; return true;
            case "none": severity = Severity.None; return true;
            case "default": return true;
            default: return false;
        }
    }

    public static string ToWord(this Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Suggestion => "suggestion",
        Severity.Silent => "silent",
        _ => "none",
    };

    /// <summary>SARIF's <c>level</c> for a severity: <c>error</c>, <c>warning</c>, <c>note</c> (a suggestion) or <c>none</c>.</summary>
    public static string ToSarifLevel(this Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Suggestion => "note",
        _ => "none",
    };

    public static bool IsReported(this Severity severity) => severity >= Severity.Suggestion;
}
