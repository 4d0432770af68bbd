using System.Collections.Generic;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Reliability;

/// <summary>HRD052: a long-running service with no <c>restart:</c> nor <c>deploy.restart_policy</c>: after a crash or a
/// host reboot it stays down. One-shot services and fragments are not reported, nor a Swarm stack's services (Swarm restarts
/// them by default: its restart policy is <c>any</c>).</summary>
public sealed class MissingRestartPolicyRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD052", "No restart policy", Categories.Reliability, Severity.Suggestion,
        "Service '{0}' has no restart policy, so it stays down after a crash or a host reboot; add restart: unless-stopped (or deploy.restart_policy for Swarm).");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        if (file.IsSwarmStack) yield break;
        foreach (var service in file.Services)
            if (service.RestartPolicy == null && !service.IsFragment && !service.IsOneShot)
                yield return Definition.At(service.Key.Location, service.Name, null, service.Name);
    }
}
