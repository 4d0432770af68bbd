using System.Collections.Generic;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Reliability;

/// <summary>HRD054: no CPU limit (<c>deploy.resources.limits.cpus</c>, <c>cpus</c>, or <c>cpu_quota</c>).</summary>
public sealed class MissingCpuLimitRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD054", "No CPU limit", Categories.Reliability, Severity.Suggestion,
        "Service '{0}' has no CPU limit, so one busy container can starve the others on the host; set deploy.resources.limits.cpus (e.g. '1.0') or cpus.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        foreach (var service in file.Services)
            if (!service.IsFragment && !service.IsOneShot && !Limits.IsSet(service.CpuLimit) && !Limits.IsSet(service.Scalar("cpu_quota")))
                yield return Definition.At(service.Key.Location, service.Name, null, service.Name);
    }
}
