using System;
using System.Collections.Generic;
using System.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.IO;

namespace HardeningTasks.Core.Rules.Secrets;

/// <summary>HRD034: a top-level <c>secrets:</c> entry whose <c>file:</c> resolves inside the project directory (likely committed
/// with the repository), or that is a directory (the container fails to start). Reported on the <c>file:</c> value.</summary>
public sealed class SecretFileInProjectRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD034", "Secret file inside the project or a directory", Categories.Secrets, Severity.Warning,
        "Secret '{0}' {1}; {2}.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        foreach (var secret in stack.FactsOf(file).SecretFiles)
        {
            var (value, written) = (secret.Value, secret.Written);
            if (secret.IsDirectory)
                yield return Definition.At(value.Location, secret.Name, written, secret.Name,
                    $"reads '{written}', which is a directory: a secret must be a file, and the service that uses it fails to start",
                    "point file: at the file that holds the secret (a bind-mounted path that did not exist may have been created as a directory by Docker: remove it and create the file)");
            else if (IsInside(secret.Path, stack.ProjectDirectory))
                yield return Definition.At(value.Location, secret.Name, written, secret.Name,
                    $"reads '{written}', inside the project directory, so the secret is likely committed with the repository",
                    "keep secret files outside the repository (file: ../.secrets/" + secret.Name + ", or a path set through a variable) and create them on the host at deploy time");
        }
    }

    private static bool IsInside(string path, string directory)
    {
        if (string.IsNullOrEmpty(directory)) return false;
        var root = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return path.Equals(root, PathText.Comparison) || path.StartsWith(root + Path.DirectorySeparatorChar, PathText.Comparison);
    }
}
