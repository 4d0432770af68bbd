using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Rules.Reliability;

/// <summary>Whether a service has a health check: its compose <c>healthcheck:</c>, else the <c>HEALTHCHECK</c> of the Dockerfile it builds.</summary>
internal enum HealthcheckState
{
    /// <summary>Neither compose nor the Dockerfile of its build defines one.</summary>
    None,

    /// <summary><c>healthcheck: {disable: true}</c>, <c>test: ["NONE"]</c>, <c>HEALTHCHECK NONE</c>, or Coolify's <c>exclude_from_hc: true</c>: deliberately none.</summary>
    Disabled,

    /// <summary>A compose <c>healthcheck:</c> (its test may come from the image), a <c>HEALTHCHECK</c> in the built Dockerfile, or an image known to ship one.</summary>
    Defined,
}

internal static class Healthchecks
{
    public static HealthcheckState Of(ComposeService service, Stack stack)
    {
        if (service.Healthcheck != null) return service.HealthcheckDisabled ? HealthcheckState.Disabled : HealthcheckState.Defined;
        if (service.Build is { } build && BuildDockerfiles.Healthcheck(build, stack) is { } instruction)
            return BuildDockerfiles.IsNone(instruction) ? HealthcheckState.Disabled : HealthcheckState.Defined;
        if (ServiceRoles.ImageHasHealthcheck(service, stack)) return HealthcheckState.Defined;
        if (service["exclude_from_hc"] is YScalar exclude && exclude.AsBoolean() == true) return HealthcheckState.Disabled;
        return HealthcheckState.None;
    }
}
