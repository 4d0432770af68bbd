using System.Collections.Generic;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Traefik;

namespace HardeningTasks.Core.Rules.Transport;

/// <summary>HRD013: <c>api.insecure</c> serves the API and dashboard with no authentication on the <c>traefik</c> entrypoint.</summary>
public sealed class InsecureApiRule : TraefikInstanceRule
{
    public static readonly RuleDescriptor Definition = new(
        "HRD013", "Traefik API exposed insecurely", Categories.Transport, Severity.Warning,
        "{0} enables the API and dashboard in insecure mode ({1}): they answer without authentication on entrypoint 'traefik' (:8080 by default); remove it and route api@internal through a router with TLS and an authentication middleware.");

    public override RuleDescriptor Descriptor => Definition;

    protected override IEnumerable<Finding> Check(TraefikInstance instance, TraefikStack traefik)
    {
        var insecure = instance.Static["api.insecure"];
        if (insecure is { IsKnown: true } && insecure.AsBoolean() == true)
            yield return Definition.At(insecure.Location, instance.Name, insecure.Value, instance.Description, Written(insecure));
    }

    private static string Written(TraefikSetting setting) => setting.Source switch
    {
        TraefikSource.Command => "--" + setting.WrittenKey + (setting.Node == null ? "" : "=" + setting.Value),
        TraefikSource.Environment => "TRAEFIK_API_INSECURE=" + setting.Value,
        _ => "api.insecure: " + setting.Value,
    };
}
