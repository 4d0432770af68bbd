using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Secrets;

/// <summary>HRD032: <c>X</c> and <c>X_FILE</c> both set on one service. The official images' <c>file_env</c> (postgres, mysql,
/// mariadb, mongo, wordpress, nextcloud, …) refuses to start when both are non-empty. Reported on the plain <c>X</c> entry.
/// Not when <c>X</c> is known to be empty, nor for Grafana's <c>X__FILE</c> (which simply overrides).</summary>
public sealed class BothSecretAndFileRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD032", "Both a variable and its _FILE variant set", Categories.Secrets, Severity.Error,
        "Service '{0}' sets both {1} and {1}_FILE: the official images' entrypoints stop with 'both {1} and {1}_FILE are set (but are exclusive)'; remove {1} and keep {1}_FILE.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        foreach (var service in file.Services)
        {
            var environment = service.Environment;
            foreach (var fileEntry in environment)
            {
                const string suffix = "_FILE";
                var name = fileEntry.Name;
                if (name.Length <= suffix.Length || !name.EndsWith(suffix, StringComparison.Ordinal) || name[name.Length - suffix.Length - 1] == '_') continue;
                if (IsKnownEmpty(fileEntry)) continue;
                var plainName = name.Substring(0, name.Length - suffix.Length);
                var plain = environment.FirstOrDefault(e => e.Name == plainName);
                if (plain == null || IsKnownEmpty(plain)) continue;
                yield return Definition.At(plain.Location, service.Name, plainName, service.Name, plainName);
            }
        }
    }

    /// <summary>An explicit empty value (<c>X: ""</c>, <c>X=</c>, or a variable known to be empty): the entrypoint treats it as unset.
    /// A key with no value takes the shell's, which may be set.</summary>
    private static bool IsKnownEmpty(KeyValueEntry entry) => entry.Value != null && entry.IsFullyResolved && entry.Value.Length == 0;
}
