using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Traefik;

namespace HardeningTasks.Core.Rules.Transport;

/// <summary>
/// HRD015: static configuration written where Traefik does not read it. Traefik loads exactly one static source — a static
/// file when it finds one, else its command-line flags, else its <c>TRAEFIK_*</c> variables — and ignores the others
/// (paerser stops at the first loader that finds its source), so a resolver or an entrypoint "configured" in flags beside a
/// mounted <c>traefik.yml</c> does not exist at run time. Reported once per instance, at the first ignored flag or variable;
/// <c>--configFile</c> itself is read.
/// </summary>
public sealed class IgnoredTraefikConfigurationRule : TraefikInstanceRule
{
    public static readonly RuleDescriptor Definition = new(
        "HRD015", "Traefik configuration that Traefik ignores", Categories.Transport, Severity.Warning,
        "{0} loads its static configuration from {1}, so Traefik ignores {2}; {3}. Traefik reads exactly one static source: a static file, else command-line flags, else TRAEFIK_* variables.");

    public override RuleDescriptor Descriptor => Definition;

    protected override IEnumerable<Finding> Check(TraefikInstance instance, TraefikStack traefik)
    {
        var ignored = instance.IgnoredSettings;
        if (ignored.Count == 0) yield break;
        var first = ignored.OrderBy(s => s.Location.FilePath, System.StringComparer.Ordinal).ThenBy(s => s.Location.Line).ThenBy(s => s.Location.Column).First();
        var flags = ignored.Count(s => s.Source == TraefikSource.Command);
        var variables = ignored.Count - flags;
        var key = TraefikWritten.Key(first);
        var what = ignored.Count == 1
            ? $"its {(flags == 1 ? "command-line flag" : "TRAEFIK_* variable")} '{key}'"
            : string.Join(" and ", new[] { Count(flags, "command-line flag"), Count(variables, "TRAEFIK_* variable") }.Where(p => p.Length > 0)) + $", starting with '{key}'";
        var them = ignored.Count == 1 ? "it sets" : "they set";
        var advice = instance.StaticSource == TraefikStaticSource.File
            ? $"move what {them} into '{instance.StaticFile!.FileName}' (or stop mounting the file to run on {(flags > 0 ? "flags" : "variables")})"
            : $"move what {them} into flags";
        yield return Definition.At(first.Location, instance.Name, key, instance.Description, instance.StaticSourceDescription, what, advice);
    }

    private static string Count(int count, string noun) => count == 0 ? "" : count == 1 ? $"one {noun}" : $"its {count} {noun}s";
}
