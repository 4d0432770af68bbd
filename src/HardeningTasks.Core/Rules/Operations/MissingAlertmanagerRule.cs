using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Parsing.Traefik;
using HardeningTasks.Core.Parsing.Yaml;

namespace HardeningTasks.Core.Rules.Operations;

/// <summary>
/// HRD081: Prometheus with nowhere to send alerts: no Alertmanager service in the project, and the configuration it runs
/// (the file mounted at its <c>--config.file</c>, by default <c>/etc/prometheus/prometheus.yml</c>, or the image's own
/// default) has no <c>alerting.alertmanagers</c> entry with a target. A configuration the repository does not hold (a
/// named volume, a path outside the project, a file baked into a built image) is not judged.
/// </summary>
public sealed class MissingAlertmanagerRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD081", "Prometheus without Alertmanager", Categories.Operations, Severity.Suggestion,
        "Prometheus service '{0}' collects metrics but nothing alerts on them: {1}. Add an Alertmanager service (prom/alertmanager) with a receiver, point alerting.alertmanagers at it, and load alert rules (rule_files).");

    public override RuleDescriptor Descriptor => Definition;

    private const string DefaultConfig = "/etc/prometheus/prometheus.yml";

    /// <summary>Whether the stack runs an Alertmanager, once per stack: asked per compose file, it scanned every service of every file.</summary>
    private static readonly ConditionalWeakTable<Stack, Lazy<bool>> Alerting = new();

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        var prometheus = file.Services.Where(s => s.Build == null && ServiceRoles.IsPrometheus(ServiceRoles.ImageOf(s, stack))).ToList();
        if (prometheus.Count == 0) yield break;
        if (stack.Outside.AlertmanagerService || Alerting.GetValue(stack, s => new Lazy<bool>(() => s.FilesOf<ComposeProject>().SelectMany(p => p.Services).Any(service => IsAlertmanager(service, s)))).Value) yield break;
        foreach (var service in prometheus)
            if (Judge(service, stack) is { } why)
                yield return Definition.At(service.Key.Location, service.Name, null, service.Name, why);
    }

    /// <summary>True when the service runs Alertmanager; one such service anywhere in the stack silences this rule.</summary>
    internal static bool IsAlertmanager(ComposeService service, Stack stack) => ServiceRoles.IsAlertmanager(ServiceRoles.ImageOf(service, stack));

    /// <summary>Why the service sends no alerts, or null when it does or that cannot be known from the repository.</summary>
    private static string? Judge(ComposeService service, Stack stack)
    {
        var configPath = ConfigFile(service);
        if (configPath == null) return null;
        var mounts = ComposeAccess.Mounts(service);
        var best = mounts.Where(m => configPath == m.Target || configPath.StartsWith(m.Target.TrimEnd('/') + "/", StringComparison.Ordinal))
            .OrderByDescending(m => m.Target.Length).FirstOrDefault();
        if (best == null)
            return configPath == DefaultConfig
                ? "there is no Alertmanager service in the project, and it runs the image's default prometheus.yml, which sends alerts nowhere"
                : null;
        if (best.Node is YMapping { } longSyntax && longSyntax["content"] is YScalar { IsNull: false } content && configPath == best.Target)
            return YamlLoader.Load(best.Node.Location.FilePath, content.Value).Root is YMapping inline && !HasAlertmanager(inline)
                ? "there is no Alertmanager service in the project, and the prometheus.yml written inline in its volume has no alerting.alertmanagers target"
                : null;
        if (!best.IsBind || best.HostPath == null) return null;
        var rest = configPath.Length > best.Target.Length ? configPath.Substring(best.Target.TrimEnd('/').Length + 1) : "";
        var host = rest.Length == 0 ? best.HostPath : System.IO.Path.Combine(best.HostPath, rest.Replace('/', System.IO.Path.DirectorySeparatorChar));
        if (!stack.FileSystem.FileExists(host)) return null;
        var text = SourceReader.TryRead(stack.FileSystem, host, SourceReader.DefaultMaxFileBytes, out _);
        if (text == null || YamlLoader.Load(host, text).Root is not YMapping root) return null;
        if (HasAlertmanager(root)) return null;
        var relative = stack.ProjectDirectory.Length > 0 && host.StartsWith(stack.ProjectDirectory.TrimEnd('/', '\\') + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? host.Substring(stack.ProjectDirectory.TrimEnd('/', '\\').Length + 1).Replace('\\', '/')
            : host;
        return $"there is no Alertmanager service in the project, and its configuration '{relative}' has no alerting.alertmanagers target";
    }

    /// <summary>The container path of the configuration: <c>--config.file=…</c> (or <c>--config.file …</c>) in <c>command:</c>, else the image's default.
    /// Null when the value comes from a variable with no value.</summary>
    private static string? ConfigFile(ComposeService service)
    {
        var words = ComposeAccess.Words(service["command"]).Select(w => w.Text).ToList();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            foreach (var flag in new[] { "--config.file=", "-config.file=" })
                if (word.StartsWith(flag, StringComparison.Ordinal))
                    return Normalize(word.Substring(flag.Length));
            if ((word == "--config.file" || word == "-config.file") && i + 1 < words.Count) return Normalize(words[i + 1]);
        }
        // A command replaces the image's CMD (which passes --config.file=/etc/prometheus/prometheus.yml); without the flag
        // Prometheus reads prometheus.yml in its working directory.
        return words.Count == 0 ? DefaultConfig : "/prometheus/prometheus.yml";
    }

    private static string? Normalize(string path) =>
        path.Length == 0 || path.IndexOf('$') >= 0 ? null
        : path.StartsWith("/", StringComparison.Ordinal) ? ComposeAccess.NormalizeContainerPath(path)
        : ComposeAccess.NormalizeContainerPath("/prometheus/" + path); // the image's working directory

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
