using System.Collections.Generic;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Reliability;

/// <summary>HRD050: a long-running service with no health check in compose nor in the Dockerfile it builds. One-shot
/// services (migrations, init jobs) and an explicit <c>disable: true</c> are not reported.</summary>
public sealed class MissingHealthcheckRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD050", "Service without health check", Categories.Reliability, Severity.Warning,
        "Service '{0}' has no health check{1}, so Docker reports it running while it hangs and dependants cannot wait for it to be ready; add a healthcheck: (e.g. test: [\"CMD\", \"wget\", \"-qO-\", \"http://localhost:8080/health\"]) or a HEALTHCHECK in its Dockerfile.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        foreach (var service in file.Services)
        {
            if (service.IsFragment || service.IsOneShot || Healthchecks.Of(service, stack) != HealthcheckState.None) continue;
            var where = service.Build == null ? ""
                : BuildDockerfiles.Of(service.Build, stack) != null ? " (neither healthcheck: here nor HEALTHCHECK in the Dockerfile it builds)"
                : " (and the Dockerfile it builds is not in the project)";
            yield return Definition.At(service.Key.Location, service.Name, null, service.Name, where);
        }
    }
}
