using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Secrets;

/// <summary>
/// HRD030: a hard-coded secret: an <c>environment:</c> entry, a <c>build.args</c> entry, a line of a committed <c>env_file:</c>,
/// or a <c>--password=</c>-like argument of <c>command:</c>/<c>healthcheck.test</c> whose name looks secret (<see cref="SecretNames"/>)
/// with a literal value; and a password written in a URL's userinfo (<c>postgres://app:s3cret@db/app</c>, any scheme) in any of
/// those values or on a command line, whatever the variable is called. Interpolation, placeholders, switches (<c>0</c>/<c>1</c>/
/// <c>true</c>/<c>off</c>…), secret-file paths and values a shell expands at run time are not.
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
            var written = SecretValues.Environment(service).Concat(SecretValues.BuildArgs(service)).Concat(SecretValues.EnvFiles(service)).ToList();
            var reported = new HashSet<SourceLocation>();
            foreach (var value in written.Where(v => SecretNames.LooksSecret(v.Name)).Concat(SecretValues.Flags(service, source)))
            {
                if (value.Kind != SecretValueKind.Literal) continue;
                reported.Add(value.Location);
                // The value itself stays out of the message and the fingerprint: build logs are not the place for it.
                yield return Definition.At(value.Location, service.Name, value.Name, service.Name, value.Describe(), Advice(value));
            }
            foreach (var url in written.Concat(SecretValues.CommandLines(service)).SelectMany(SecretValues.UrlPasswords))
            {
                // A secret-named variable holding the URL is reported once, at its value.
                if (reported.Contains(url.Value.Location) || !reported.Add(url.Location)) continue;
                yield return Definition.At(url.Location, service.Name, url.Value.Name + "://", service.Name, url.Value.DescribeUrl(),
                    "rotate it, then take the password from a Docker secret or from a variable in an untracked .env file (" + url.Scheme + "://user:${DB_PASSWORD}@host/…)");
            }
        }
    }

    private static string Advice(SecretValue value)
    {
        if (value.Source is SecretSource.Environment or SecretSource.EnvFile && SecretFileVariants.Advice(value.Service, value.Name) is { } variant) return "rotate it, then " + variant;
        return value.Source switch
        {
            SecretSource.Environment => "rotate it, then take it from a Docker secret (secrets:, read from /run/secrets/<name>) or at least from ${" + value.Name + "} in an untracked .env file",
            SecretSource.EnvFile => "rotate it, then take it from a Docker secret (secrets:, read from /run/secrets/<name>), or keep the env file out of Git (.gitignore) and commit an example with placeholders",
            SecretSource.BuildArg => "rotate it, and give it to the build as a build secret instead (build.secrets, read with RUN --mount=type=secret)",
            _ => "rotate it, and let the command read it at run time from a Docker secret (\"$$(cat /run/secrets/<name>)\") or from a config file mounted as a secret",
        };
    }
}
