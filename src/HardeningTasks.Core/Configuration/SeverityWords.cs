using System;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Configuration;

/// <summary>
/// The severity words an .editorconfig accepts, exactly Roslyn's <c>AnalyzerConfigSet.TryParseSeverity</c>:
/// <c>error</c>, <c>warning</c>, <c>suggestion</c>, <c>silent</c> (alias <c>refactoring</c>), <c>none</c> and <c>default</c>,
/// compared ordinally ignoring case. Roslyn rejects the ReportDiagnostic spellings <c>warn</c>, <c>info</c> and <c>hidden</c>
/// that <see cref="SeverityNames.TryParse"/> also accepts, so the word is checked here before it is mapped there.
/// </summary>
internal static class SeverityWords
{
    private static readonly string[] Words = { "error", "warning", "suggestion", "silent", "refactoring", "none", "default" };

    public const string Expected = "use error, warning, suggestion, silent, none or default";

    /// <summary>True for a valid word; <paramref name="severity"/> is null for <c>default</c> ("the rule's own").</summary>
    public static bool TryParse(string value, out Severity? severity)
    {
        foreach (var word in Words)
        {
            if (string.Equals(value, word, StringComparison.OrdinalIgnoreCase))
                return SeverityNames.TryParse(word, out severity);
        }
        severity = null;
        return false;
    }
}
