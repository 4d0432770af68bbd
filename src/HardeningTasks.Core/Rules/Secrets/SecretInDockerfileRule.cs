using System.Collections.Generic;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Dockerfile;

namespace HardeningTasks.Core.Rules.Secrets;

/// <summary>HRD033: an <c>ENV</c> or <c>ARG</c> whose name looks like a secret (the HRD030 key pattern), with or without a
/// value: ENV values are stored in the image config, ARG values in the build history.</summary>
public sealed class SecretInDockerfileRule : Rule<DockerfileModel>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD033", "Secret in a Dockerfile ENV or ARG", Categories.Secrets, Severity.Warning,
        "{0} '{1}' {2} looks like a secret: {3}; pass it to the RUN that needs it with RUN --mount=type=secret,id={4} (docker build --secret), and give it to the container at run time through a secret file.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(DockerfileModel file, Stack stack)
    {
        foreach (var instruction in file.Instructions)
        {
            if (!instruction.Is("ENV") && !instruction.Is("ARG")) continue;
            foreach (var kv in instruction.KeyValues)
            {
                if (!SecretNames.LooksSecret(kv.Name)) continue;
                var where = instruction.Stage == null ? "(before the first FROM)" : "in " + instruction.Stage.Description;
                var why = instruction.Is("ENV")
                    ? "ENV values are stored in the image configuration, visible to anyone who can pull the image (docker inspect)"
                    : kv.HasValue ? "its default is baked into the build and shows in the image history" : "a value passed with --build-arg shows in the image history (docker history)";
                yield return Definition.At(instruction.LocationOf(kv.Key.Span), instruction.Stage?.Name, kv.Name,
                    instruction.Keyword, kv.Name, where, why, kv.Name.ToLowerInvariant());
            }
        }
    }
}
