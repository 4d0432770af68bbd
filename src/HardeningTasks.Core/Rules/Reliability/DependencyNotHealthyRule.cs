using System.Collections.Generic;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Reliability;

/// <summary>HRD051: <c>depends_on</c> a service that has a health check, without <c>condition: service_healthy</c>: the
/// dependant starts as soon as the container starts, not when it is ready.</summary>
public sealed class DependencyNotHealthyRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD051", "Dependency not awaited healthy", Categories.Reliability, Severity.Warning,
        "Service '{0}' depends on '{1}' with {2}, so it starts before '{1}' is ready although '{1}' has a health check; use the long syntax with condition: service_healthy.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        foreach (var service in file.Services)
            foreach (var dependency in service.DependsOn)
            {
                if (dependency.Condition != "service_started") continue;
                if (file.Service(dependency.Service) is not { } target || Healthchecks.Of(target, stack) != HealthcheckState.Defined) continue;
                var how = service["depends_on"] is Model.Yaml.YSequence ? "the short syntax (condition service_started)" : "condition: service_started";
                yield return Definition.At(dependency.Location, service.Name, dependency.Service, service.Name, dependency.Service, how);
            }
    }
}
