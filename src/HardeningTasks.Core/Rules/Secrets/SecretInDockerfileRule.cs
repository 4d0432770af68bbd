using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
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

    /// <summary>Key parts that make a name secret-looking (as whole parts of a name split on <c>_ - .</c> and camelCase;
    /// single-part names also when a part ends with them: <c>DBPASSWORD</c>, <c>AUTHTOKEN</c>).</summary>
    private static readonly string[] Single = { "PASSWORD", "PASSWORDS", "PASSWD", "SECRET", "SECRETS", "TOKEN", "TOKENS", "APIKEY", "CREDENTIALS", "CREDENTIAL" };
    private static readonly string[][] Pairs = { new[] { "API", "KEY" }, new[] { "PRIVATE", "KEY" }, new[] { "ACCESS", "KEY" } };

    /// <summary>A last part that makes the name describe the secret rather than hold it (<c>PASSWORD_FILE</c>, <c>TOKEN_URL</c>, <c>ACCESS_KEY_ID</c>).</summary>
    private static readonly HashSet<string> NotTheSecret = new(StringComparer.Ordinal)
    {
        "FILE", "PATH", "DIR", "URL", "URI", "ENDPOINT", "HOST", "PORT", "ID", "NAME", "LENGTH", "TTL", "TIMEOUT", "EXPIRY", "HEADER",
    };

    private static readonly Regex PartSplit = new("[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])", RegexOptions.CultureInvariant);

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(DockerfileModel file, Stack stack)
    {
        foreach (var instruction in file.Instructions)
        {
            if (!instruction.Is("ENV") && !instruction.Is("ARG")) continue;
            foreach (var kv in instruction.KeyValues)
            {
                if (!LooksSecret(kv.Name)) continue;
                var where = instruction.Stage == null ? "(before the first FROM)" : "in " + instruction.Stage.Description;
                var why = instruction.Is("ENV")
                    ? "ENV values are stored in the image configuration, visible to anyone who can pull the image (docker inspect)"
                    : kv.HasValue ? "its default is baked into the build and shows in the image history" : "a value passed with --build-arg shows in the image history (docker history)";
                yield return Definition.At(instruction.LocationOf(kv.Key.Span), instruction.Stage?.Name, kv.Name,
                    instruction.Keyword, kv.Name, where, why, kv.Name.ToLowerInvariant());
            }
        }
    }

    private static string StageName(DockerStage stage) => stage.Description;

    /// <summary>True when a variable name looks like it holds a secret.</summary>
    internal static bool LooksSecret(string name)
    {
        var parts = PartSplit.Split(name).Where(p => p.Length > 0).Select(p => p.ToUpperInvariant()).ToList();
        if (parts.Count == 0 || NotTheSecret.Contains(parts[parts.Count - 1])) return false;
        for (var i = 0; i < parts.Count; i++)
        {
            if (Single.Contains(parts[i])) return true;
            if (parts[i].Length > 6 && (parts[i].EndsWith("PASSWORD", StringComparison.Ordinal) || parts[i].EndsWith("PASSWD", StringComparison.Ordinal)
                || parts[i].EndsWith("SECRET", StringComparison.Ordinal) || parts[i].EndsWith("TOKEN", StringComparison.Ordinal))) return true;
            foreach (var pair in Pairs)
                if (i + 1 < parts.Count && parts[i] == pair[0] && parts[i + 1] == pair[1]) return true;
        }
        return false;
    }
}
