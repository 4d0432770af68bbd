using System.Collections.Generic;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Container;

/// <summary>HRD020: <c>privileged: true</c> — every capability, every host device, no seccomp/AppArmor confinement.</summary>
public sealed class PrivilegedContainerRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD020", "Privileged container", Categories.Container, Severity.Error,
        "Service '{0}' runs privileged: it gets every capability and every host device with no seccomp or AppArmor confinement, so root in the container is root on the host; remove 'privileged: true' and grant only what it needs (cap_add of one capability, devices: for one device).");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        foreach (var service in file.Services)
            if (service.TrueFlag("privileged") is { } flag)
                yield return Definition.At(flag.Location, service.Name, "privileged", service.Name);
    }
}
