using System.Collections.Generic;
using System.Globalization;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Rules.Reliability;

/// <summary>HRD053: no memory limit (<c>deploy.resources.limits.memory</c> or <c>mem_limit</c>; <c>0</c> means none).</summary>
public sealed class MissingMemoryLimitRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD053", "No memory limit", Categories.Reliability, Severity.Warning,
        "Service '{0}' has no memory limit, so a leak or a runaway query can take all the host's memory and get other containers OOM-killed; set deploy.resources.limits.memory (e.g. 512M) or mem_limit.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        foreach (var service in file.Services)
            if (!service.IsFragment && !service.IsOneShot && !Limits.IsSet(service.MemoryLimit))
                yield return Definition.At(service.Key.Location, service.Name, null, service.Name);
    }
}

internal static class Limits
{
    /// <summary>A limit is set when written with a value other than 0 (a value from an unset variable may be anything: it counts).</summary>
    public static bool IsSet(YScalar? limit)
    {
        if (limit == null) return false;
        if (!limit.IsFullyResolved) return true;
        var number = limit.Value.Trim().TrimEnd('b', 'B', 'k', 'K', 'm', 'M', 'g', 'G');
        return number.Length > 0 && !(double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value == 0);
    }
}
