using System.Collections.Generic;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Rules.Reliability;

/// <summary>HRD055: the <c>json-file</c> logging driver (Docker's default, used when <c>logging:</c> is absent) with no
/// <c>max-size</c>: the log file grows until the disk is full. The <c>local</c> driver rotates by default (20 MB × 5) and
/// other drivers ship logs elsewhere, so they are not reported.</summary>
public sealed class UnboundedLogsRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD055", "Unbounded container logs", Categories.Reliability, Severity.Suggestion,
        "Service '{0}' {1}: its log file grows until the disk is full; add logging: {{driver: json-file, options: {{max-size: \"10m\", max-file: \"3\"}}}} (or use the local driver).");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        foreach (var service in file.Services)
        {
            if (service.IsFragment || service.IsOneShot) continue;
            var logging = service["logging"] as YMapping;
            var driver = logging?["driver"] as YScalar;
            if (driver is { IsNull: false } && (!driver.IsFullyResolved || driver.Value.Trim() != "json-file")) continue;
            if ((logging?["options"] as YMapping)?["max-size"] is YScalar { IsNull: false } maxSize && (!maxSize.IsFullyResolved || maxSize.Value.Trim().Length > 0)) continue;
            var what = logging == null ? "has no logging: section, so Docker's default json-file driver keeps its logs with no size limit"
                : driver is { IsNull: false } ? "logs with json-file and no max-size option"
                : "sets logging: without a driver (json-file by default) and no max-size option";
            yield return Definition.At(service.Key.Location, service.Name, null, service.Name, what);
        }
    }
}
