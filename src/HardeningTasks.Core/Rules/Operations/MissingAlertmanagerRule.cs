using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Rules.Operations;

/// <summary>
/// HRD081: Prometheus with nowhere to send alerts: no Alertmanager service in its project, and the configuration it runs
/// (<see cref="ProjectFacts.PrometheusConfigOf"/>: the file mounted at its <c>--config.file</c>, by default
/// <c>/etc/prometheus/prometheus.yml</c>, or the image's own default) has no <c>alerting.alertmanagers</c> entry with a
/// target. A configuration the repository does not hold (a named volume, a path outside the project, a file baked into a
/// built image) is not judged.
/// </summary>
public sealed class MissingAlertmanagerRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD081", "Prometheus without Alertmanager", Categories.Operations, Severity.Suggestion,
        "Prometheus service '{0}' collects metrics but nothing alerts on them: {1}. Add an Alertmanager service (prom/alertmanager) with a receiver, point alerting.alertmanagers at it, and load alert rules (rule_files).");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        var facts = stack.FactsOf(file);
        if (facts.HasAlertmanager) yield break;
        foreach (var service in file.Services)
            if (facts.PrometheusConfigOf(service) is { } config && Judge(config) is { } why)
                yield return Definition.At(service.Key.Location, service.Name, null, service.Name, why);
    }

    /// <summary>Why the configuration sends no alerts, or null when it does.</summary>
    private static string? Judge(PrometheusConfig config) => config.Source switch
    {
        PrometheusConfigSource.ImageDefault =>
            "there is no Alertmanager service in the project, and it runs the image's default prometheus.yml, which sends alerts nowhere",
        PrometheusConfigSource.Inline when !HasAlertmanager(config.Root!) =>
            "there is no Alertmanager service in the project, and the prometheus.yml written inline in its volume has no alerting.alertmanagers target",
        PrometheusConfigSource.RepositoryFile when !HasAlertmanager(config.Root!) =>
            $"there is no Alertmanager service in the project, and its configuration '{config.RelativePath}' has no alerting.alertmanagers target",
        _ => null,
    };

    /// <summary><c>alerting.alertmanagers</c> with at least one entry that has static targets or a service discovery.</summary>
    private static bool HasAlertmanager(YMapping config)
    {
        if ((config["alerting"] as YMapping)?["alertmanagers"] is not YSequence managers) return false;
        foreach (var manager in managers.Items.OfType<YMapping>())
            foreach (var entry in manager.Entries)
            {
                if (entry.Name == "static_configs" && entry.Value is YSequence statics
                    && statics.Items.OfType<YMapping>().Any(s => s["targets"] is YSequence { Items.Count: > 0 }))
                    return true;
                if (entry.Name.EndsWith("_sd_configs", StringComparison.Ordinal) && entry.Value is YSequence { Items.Count: > 0 })
                    return true;
            }
        return false;
    }
}
