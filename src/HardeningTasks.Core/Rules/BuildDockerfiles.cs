using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Dockerfile;

namespace HardeningTasks.Core.Rules;

/// <summary>What rules ask about the Dockerfile behind a compose <c>build:</c>, answered from the linked <see cref="Stack.Builds"/>.</summary>
public static class BuildDockerfiles
{
    /// <summary>The Dockerfile <paramref name="build"/> uses, when the repository holds it.</summary>
    public static DockerfileModel? Of(ComposeBuild build, Stack stack) => stack.Builds.DockerfileOf(build);

    /// <summary>The compose services (of every compose project in the stack, in order) whose <c>build:</c> uses the Dockerfile at <paramref name="dockerfilePath"/>.</summary>
    public static IEnumerable<ComposeService> BuildersOf(string dockerfilePath, Stack stack) => stack.Builds.BuildersOf(dockerfilePath);

    /// <summary>The stage a build produces: its <c>target:</c> when that names a stage, else the last stage.</summary>
    public static DockerStage? BuiltStage(ComposeBuild build, Stack stack) => stack.Builds.BuiltStageOf(build);

    /// <summary>The <c>HEALTHCHECK</c> the built image gets from its Dockerfile (own stage or the stages it is built <c>FROM</c>), or null.</summary>
    public static DockerInstruction? Healthcheck(ComposeBuild build, Stack stack) => BuiltStage(build, stack)?.Effective("HEALTHCHECK");

    /// <summary>True for <c>HEALTHCHECK NONE</c>: the image explicitly has no health check.</summary>
    public static bool IsNone(DockerInstruction healthcheck) =>
        healthcheck.Arguments.Trim().Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() is { } first
        && string.Equals(first, "NONE", StringComparison.OrdinalIgnoreCase);
}
