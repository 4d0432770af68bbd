using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Secrets;

/// <summary>
/// HRD031: a secret given to an image that can read it from a file (<see cref="SecretFileVariants"/>) as a plain variable
/// instead: interpolated (<c>${POSTGRES_PASSWORD}</c>), a placeholder, or taken from the shell; and a password on a command line
/// (<see cref="CommandLinePasswords"/>: <c>--requirepass</c>, <c>redis-cli -a</c>, <c>mysqladmin -p…</c>), literal or interpolated, where
/// <c>ps</c> and <c>docker inspect</c> show it. A literal under a secret-looking variable or <c>--flag</c> is HRD030's; a variable whose
/// <c>_FILE</c> twin is set too is HRD032's.
/// </summary>
public sealed class PlainSecretVariableRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD031", "Secret passed as a plain environment variable", Categories.Secrets, Severity.Suggestion,
        "Service '{0}' gets its secret through {1}{2}, where 'docker inspect' and every process in the container can read it; {3}.");

    public override RuleDescriptor Descriptor => Definition;

    private const string RedisConf = "put 'requirepass' in a redis.conf delivered as a Docker secret and start redis-server with that file";

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        var lines = new SourceLines(stack.Sources);
        foreach (var service in file.Services)
        {
            var environment = SecretValues.Environment(service).ToList();
            var names = new HashSet<string>(environment.Select(v => v.Name), StringComparer.Ordinal);
            foreach (var value in environment)
            {
                if (SecretFileVariants.Advice(service, value.Name) is not { } advice) continue;
                if (names.Contains(value.Name + "_FILE") || names.Contains(value.Name + "__FILE")) continue;
                var kind = value.Kind;
                // A literal under a secret-looking name is HRD030's; under another name (RABBITMQ_DEFAULT_PASS) it is reported here.
                if (kind == SecretValueKind.NotASecret || kind == SecretValueKind.Literal && SecretNames.LooksSecret(value.Name)) continue;
                var how = kind switch
                {
                    SecretValueKind.Interpolated => " (interpolated from the environment)",
                    SecretValueKind.Placeholder => " (a placeholder to fill in)",
                    SecretValueKind.FromShell => " (taken from the shell)",
                    _ => "",
                };
                yield return Definition.At(value.Location, service.Name, value.Name, service.Name, "the environment variable " + value.Name, how, advice);
            }
            foreach (var password in CommandLinePasswords.Of(service, lines))
            {
                // A literal --requirepass/--password= of command: or the health check is a hard-coded secret: HRD030 reports it.
                if (password.ReadsAFile) continue;
                if (password.IsLiteral && password.Flag != null && password.Source != SecretSource.Entrypoint && SecretValues.IsSecretFlag(password.Flag)) continue;
                var how = password.IsLiteral ? "" : SecretNames.IsInterpolated(password.Value) ? " (interpolated from the environment)" : " (expanded by the container's shell)";
                yield return Definition.At(password.Location, service.Name, password.Tool, service.Name, $"'{password.Tool}' on {password.Where}", how, Advice(password));
            }
        }
    }

    private static string Advice(CommandLinePassword password)
    {
        if (password.Tool is "--requirepass" or "--masterauth") return RedisConf;
        if (password.Tool.EndsWith(" -a", StringComparison.Ordinal) || password.Tool.EndsWith(" --pass", StringComparison.Ordinal))
            return "let redis-cli read it from the REDISCLI_AUTH variable instead (set from the secret file: REDISCLI_AUTH=\"$$(cat /run/secrets/<name>)\")";
        return "give the client an option file instead (--defaults-extra-file=/run/secrets/<name> holding '[client]' and 'password=…'); a 'mysqladmin ping' health check needs no password at all";
    }
}
