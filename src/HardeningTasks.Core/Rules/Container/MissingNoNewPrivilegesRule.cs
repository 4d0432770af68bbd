using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Container;

/// <summary>HRD022: a service without <c>security_opt: [no-new-privileges:true]</c> (<c>no-new-privileges</c> and
/// <c>no-new-privileges=true</c> count too). Reported on the service's key.</summary>
public sealed class MissingNoNewPrivilegesRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD022", "no-new-privileges not set", Categories.Container, Severity.Warning,
        "Service '{0}' {1}: a process in it can still gain privileges through setuid/setgid binaries or file capabilities; add security_opt: [\"no-new-privileges:true\"].");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        foreach (var service in file.Services)
        {
            if (service.IsFragment) continue;
            var options = service.Strings("security_opt");
            if (options.Any(o => !o.IsFullyResolved)) continue;
            bool? setting = null;
            foreach (var option in options)
                if (Parse(option.Value) is { } value) setting = value;
            if (setting == true) continue;
            yield return Definition.At(service.Key.Location, service.Name, null, service.Name,
                setting == false ? "turns no-new-privileges off explicitly" : "does not set no-new-privileges");
        }
    }

    /// <summary>The value of a <c>no-new-privileges[:|=]bool</c> option, or null when the option is another one.</summary>
    internal static bool? Parse(string option)
    {
        var text = option.Trim();
        const string name = "no-new-privileges";
        if (!text.StartsWith(name, StringComparison.OrdinalIgnoreCase)) return null;
        var rest = text.Substring(name.Length).Trim();
        if (rest.Length == 0) return true;
        if (rest[0] != ':' && rest[0] != '=') return null;
        return rest.Substring(1).Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "t" => true,
            "false" or "0" or "f" => false,
            _ => null,
        };
    }
}
