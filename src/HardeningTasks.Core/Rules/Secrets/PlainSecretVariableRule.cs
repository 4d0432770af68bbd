using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Secrets;

/// <summary>
/// HRD031: a secret given to an image that can read it from a file (<see cref="SecretFileVariants"/>) as a plain variable
/// instead: interpolated (<c>${POSTGRES_PASSWORD}</c>), a placeholder, or taken from the shell — or on the redis command line
/// (<c>--requirepass ${REDIS_PASSWORD}</c>). Literal secrets are HRD030's; a variable whose <c>_FILE</c> twin is set too is HRD032's.
/// </summary>
public sealed class PlainSecretVariableRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD031", "Secret passed as a plain environment variable", Categories.Secrets, Severity.Suggestion,
        "Service '{0}' gets its secret through {1}{2}, where 'docker inspect' and every process in the container can read it; {3}.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        var source = new SourceLines(stack.Sources);
        foreach (var service in file.Services)
        {
            var environment = SecretValues.Environment(service).ToList();
            var names = new HashSet<string>(environment.Select(v => v.Name), StringComparer.Ordinal);
            foreach (var value in environment.Concat(SecretValues.Flags(service, source).Where(f => f.Source == SecretSource.Command)))
            {
                if (SecretFileVariants.Advice(service, value.Name) is not { } advice) continue;
                if (names.Contains(value.Name + "_FILE") || names.Contains(value.Name + "__FILE")) continue;
                var kind = value.Kind;
                // A literal under a secret-looking name is HRD030's; under another name (RABBITMQ_DEFAULT_PASS) it is reported here.
                var literalElsewhere = kind == SecretValueKind.Literal && (value.Source != SecretSource.Environment || SecretNames.LooksSecret(value.Name));
                if (kind == SecretValueKind.NotASecret || literalElsewhere) continue;
                var how = kind switch
                {
                    SecretValueKind.Interpolated => " (interpolated from the environment)",
                    SecretValueKind.Placeholder => " (a placeholder to fill in)",
                    SecretValueKind.FromShell => " (taken from the shell)",
                    _ => "",
                };
                var where = value.Source == SecretSource.Command ? "--" + value.Name + " on its command line" : "the environment variable " + value.Name;
                yield return Definition.At(value.Location, service.Name, value.Name, service.Name, where, how, advice);
            }
        }
    }
}
