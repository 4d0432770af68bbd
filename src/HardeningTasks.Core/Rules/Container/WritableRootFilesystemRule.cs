using System.Collections.Generic;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Container;

/// <summary>HRD025: a service whose root filesystem is writable (no <c>read_only: true</c>). Reported on the service's key.</summary>
public sealed class WritableRootFilesystemRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD025", "Root filesystem not read-only", Categories.Container, Severity.Suggestion,
        "Service '{0}' {1}: an intruder can modify its binaries and persist there; set read_only: true and give the paths it writes a tmpfs (/tmp, /run) or a volume.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        foreach (var service in file.Services)
        {
            if (service.IsFragment) continue;
            var readOnly = service.Scalar("read_only");
            if (readOnly is { IsFullyResolved: false }) continue;
            if (readOnly?.AsBoolean() == true) continue;
            yield return Definition.At(service.Key.Location, service.Name, null, service.Name,
                readOnly?.AsBoolean() == false ? "sets read_only: false, so its root filesystem is writable" : "has a writable root filesystem");
        }
    }
}
