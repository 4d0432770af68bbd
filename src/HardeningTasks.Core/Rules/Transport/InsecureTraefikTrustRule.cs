using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Traefik;

namespace HardeningTasks.Core.Rules.Transport;

/// <summary>
/// HRD017: Traefik trusting what it should verify — forwarded headers or PROXY protocol accepted from anyone
/// (<c>entryPoints.&lt;e&gt;.forwardedHeaders.insecure</c>, <c>.proxyProtocol.insecure</c>), backend or Docker API certificates
/// not verified (<c>serversTransport.insecureSkipVerify</c>, a dynamic <c>serversTransports.&lt;n&gt;.insecureSkipVerify</c>,
/// <c>providers.docker.tls.insecureSkipVerify</c>), the debug endpoints on (<c>api.debug</c>). From the static source the
/// instance loads (flags, variables or file) and from every dynamic source (files, labels). Only a value that is true.
/// </summary>
public sealed class InsecureTraefikTrustRule : Rule
{
    public static readonly RuleDescriptor Definition = new(
        "HRD017", "Traefik trusts what it should verify", Categories.Transport, Severity.Warning,
        "{0} sets {1}: {2}; {3}.");

    public override RuleDescriptor Descriptor => Definition;

    private sealed record Concern(string Why, string Fix);

    private static readonly Concern ForwardedHeaders = new(
        "every client can forge X-Forwarded-For/-Proto/-Host, so backends log, rate-limit and authorise by an address the client chose",
        "remove it and list the proxies in front of Traefik in forwardedHeaders.trustedIPs");

    private static readonly Concern ProxyProtocol = new(
        "every client can send a PROXY protocol header and pose as any source address",
        "remove it and list the load balancers in proxyProtocol.trustedIPs");

    private static readonly Concern SkipVerify = new(
        "Traefik accepts any certificate from the backends, so anyone on the path between them can read and change the traffic",
        "remove it and give Traefik the backends' CA (serversTransport.rootCAs), or serve the backend over plain HTTP on an internal network");

    private static readonly Concern DockerSkipVerify = new(
        "Traefik accepts any certificate from the Docker API it controls containers through, so a machine in the middle gets that control",
        "remove it and give the provider the daemon's CA (providers.docker.tls.ca)");

    private static readonly Concern Debug = new(
        "the API serves Go's debug and profiling endpoints (/debug/pprof, /debug/vars), which leak memory contents and let anyone load the CPU",
        "remove it outside local debugging");

    public override IEnumerable<Finding> Check(StackFile file, Stack stack)
    {
        if (file is not ComposeProject && file is not TraefikConfigFile) yield break;
        var traefik = stack.Traefik;
        foreach (var instance in traefik.InstancesIn(file).Where(i => !i.IsVersion1))
            foreach (var (setting, concern) in StaticConcerns(instance.Static))
                yield return At(setting, instance.Description, instance.Name, concern);
        foreach (var config in traefik.ConfigsHomedIn(file))
            foreach (var (setting, concern) in DynamicConcerns(config.Settings))
                yield return At(setting, config.Service != null ? $"Service '{config.Service.Name}'" : $"Traefik dynamic file '{config.Origin}'",
                    config.Service?.Name ?? config.Origin, concern);
    }

    private static Finding At(TraefikSetting setting, string who, string subject, Concern concern) =>
        Definition.At(setting.Location, subject, setting.Key, who, TraefikWritten.WithValue(setting), concern.Why, concern.Fix);

    private static IEnumerable<(TraefikSetting, Concern)> StaticConcerns(TraefikSettings settings)
    {
        foreach (var entryPoint in settings.Names("entrypoints"))
        {
            if (True(settings[$"entrypoints.{entryPoint}.forwardedheaders.insecure"]) is { } forwarded) yield return (forwarded, ForwardedHeaders);
            if (True(settings[$"entrypoints.{entryPoint}.proxyprotocol.insecure"]) is { } proxy) yield return (proxy, ProxyProtocol);
        }
        if (True(settings["serverstransport.insecureskipverify"]) is { } skip) yield return (skip, SkipVerify);
        foreach (var provider in new[] { "docker", "swarm" })
            if (True(settings[$"providers.{provider}.tls.insecureskipverify"]) is { } docker) yield return (docker, DockerSkipVerify);
        if (True(settings["api.debug"]) is { } debug) yield return (debug, Debug);
    }

    private static IEnumerable<(TraefikSetting, Concern)> DynamicConcerns(TraefikSettings settings)
    {
        foreach (var transport in settings.Names("http.serverstransports"))
            if (True(settings[$"http.serverstransports.{transport}.insecureskipverify"]) is { } skip) yield return (skip, SkipVerify);
        foreach (var transport in settings.Names("tcp.serverstransports"))
            if (True(settings[$"tcp.serverstransports.{transport}.tls.insecureskipverify"]) is { } skip) yield return (skip, SkipVerify);
    }

    /// <summary>The setting when it is known to be true; a bare flag is true, a value from an unset variable is not judged.</summary>
    private static TraefikSetting? True(TraefikSetting? setting) =>
        setting is { IsKnown: true } && setting.Value.Trim().Length > 0 && setting.AsBoolean() == true ? setting : null;
}
