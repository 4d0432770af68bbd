using System;
using System.IO;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Linking;

/// <summary>
/// Which compose projects Docker takes for one project. Compose names a project after its directory unless <c>name:</c> says
/// otherwise, and the compose files of one directory named by the convention (<c>compose.yaml</c>,
/// <c>docker-compose.backup.yml</c>, <c>compose.monitoring.yaml</c>: the files run together with <c>-f</c>) run under that one
/// name, each seeing the others' containers as its own. Any other file (a template among hundreds in one folder, a
/// <c>stack.yml</c>) is a project of its own unless its <c>name:</c> matches. Two scopes never share project facts.
/// </summary>
internal static class ComposeProjectScopes
{
    /// <summary>The scope of <paramref name="project"/>: equal strings, one Docker project.</summary>
    public static string Of(ComposeProject project)
    {
        string? name = null;
        if (project.Root["name"] is YScalar { IsNull: false } written)
            name = written.IsFullyResolved ? written.Value.Trim() : "${unresolved}";
        var file = Path.GetFileName(project.Path).ToLowerInvariant();
        var conventional = file.StartsWith("compose", StringComparison.Ordinal) || file.StartsWith("docker-compose", StringComparison.Ordinal);
        if (!conventional && name == null) return "file:" + Normalize(PathText.Full(project.Path));
        return "dir:" + Normalize(PathText.Full(project.Directory)) + "|" + name;
    }

    private static string Normalize(string path) => PathText.Comparer == StringComparer.Ordinal ? path : path.ToUpperInvariant();
}
