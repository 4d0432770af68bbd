using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Secrets;

/// <summary>
/// HRD030: a hard-coded secret in a compose file: an <c>environment:</c> entry, a <c>build.args</c> entry, or a
/// <c>--password=</c>-like argument of <c>command:</c>/<c>healthcheck.test</c> whose name looks secret (<see cref="SecretNames"/>)
/// with a literal value. Interpolation, placeholders, booleans, secret-file paths and values a shell expands at run time are not.
/// </summary>
public sealed class HardcodedSecretRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD030", "Hard-coded secret", Categories.Secrets, Severity.Warning,
        "Service '{0}' hard-codes a secret in {1}: everyone who can read the repository, and later 'docker inspect', sees it; {2}.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        var source = new SourceLines(stack.Sources);
        foreach (var service in file.Services)
        {
            var values = SecretValues.Environment(service).Concat(SecretValues.BuildArgs(service)).Where(v => SecretNames.LooksSecret(v.Name))
                .Concat(SecretValues.Flags(service, source));
            foreach (var value in values)
            {
                if (value.Kind != SecretValueKind.Literal) continue;
                // The value itself stays out of the message and the fingerprint: build logs are not the place for it.
                yield return Definition.At(value.Location, service.Name, value.Name, service.Name, value.Describe(), Advice(value));
            }
        }
    }

    private static string Advice(SecretValue value)
    {
        if (value.Source != SecretSource.BuildArg && SecretFileVariants.Advice(value.Service, value.Name) is { } variant) return "rotate it, then " + variant;
        return value.Source switch
        {
            SecretSource.Environment => "rotate it, then take it from a Docker secret (secrets:, read from /run/secrets/<name>) or at least from ${" + value.Name + "} in an untracked .env file",
            SecretSource.BuildArg => "rotate it, and give it to the build as a build secret instead (build.secrets, read with RUN --mount=type=secret)",
            _ => "rotate it, and let the command read it at run time from a Docker secret (\"$$(cat /run/secrets/<name>)\") or from a config file mounted as a secret",
        };
    }
}
