namespace HardeningTasks.Core.Model;

/// <summary>The tool's own diagnostics (category Hardening.Tool): they are raised by the engine, not by a rule class.</summary>
public static class ToolDiagnostics
{
    public static readonly RuleDescriptor FileNotLoaded = new(
        "HRD000", "File cannot be read or parsed", Categories.Tool, Severity.Error,
        "{0}", ignoresAllRulesKey: true);

    public static readonly RuleDescriptor ConfigurationProblem = new(
        "HRD090", "Configuration problem", Categories.Tool, Severity.Warning,
        "{0}");

    public static readonly RuleDescriptor StaleSuppression = new(
        "HRD091", "Suppression that suppresses nothing", Categories.Tool, Severity.Suggestion,
        "{0}");

    public static RuleDescriptor[] All => new[] { FileNotLoaded, ConfigurationProblem, StaleSuppression };
}
