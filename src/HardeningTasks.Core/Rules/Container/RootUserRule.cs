using System;
using System.Collections.Generic;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Container;

/// <summary>HRD029: a service explicitly running as root: <c>user: root</c>, <c>"0"</c>, <c>"0:0"</c> (any group).</summary>
public sealed class RootUserRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD029", "Service runs as root", Categories.Container, Severity.Warning,
        "Service '{0}' runs as root (user: {1}), overriding any USER of its image; run it as an unprivileged user (user: \"1000:1000\") and give that user ownership of the paths it writes.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        foreach (var service in file.Services)
        {
            if (service.Scalar("user") is not { IsFullyResolved: true } user) continue;
            var text = user.Value.Trim();
            var colon = text.IndexOf(':');
            var name = colon < 0 ? text : text.Substring(0, colon);
            if (name is "root" or "0")
                yield return Definition.At(user.Location, service.Name, text, service.Name, text);
        }
    }
}
