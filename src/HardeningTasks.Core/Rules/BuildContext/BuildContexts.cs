using System.Collections.Generic;
using System.IO;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Dockerfile;

namespace HardeningTasks.Core.Rules.BuildContext;

/// <summary>
/// A local build: its context directory, its Dockerfile, the <c>.dockerignore</c> BuildKit uses for it, and where findings
/// about it point (RULES.md HRD070): the compose <c>context:</c> value, or the <c>build:</c> key when there is none; line 1 of
/// a Dockerfile that no compose file builds.
/// </summary>
internal sealed class LocalBuild
{
    public LocalBuild(string subject, string contextDirectory, string? dockerfilePath, SourceLocation location, string? dockerignorePath)
    {
        Subject = subject;
        ContextDirectory = contextDirectory;
        DockerfilePath = dockerfilePath;
        Location = location;
        DockerignorePath = dockerignorePath;
    }

    /// <summary>How messages name the build: <c>service 'api'</c>, <c>Dockerfile 'docker/app.Dockerfile'</c>.</summary>
    public string Subject { get; }

    public string ContextDirectory { get; }
    public string? DockerfilePath { get; }
    public SourceLocation Location { get; }

    /// <summary>The ignore file in effect: <c>&lt;Dockerfile&gt;.dockerignore</c> when it exists, else <c>&lt;context&gt;/.dockerignore</c>; null when neither does.</summary>
    public string? DockerignorePath { get; }
}

internal static class BuildContexts
{
    /// <summary>The local builds a file defines: the <c>build:</c> of each compose service (remote contexts and contexts that do not
    /// exist are left out); for a Dockerfile no compose file of the project builds, a build of its own directory, or of the
    /// nearest directory up to the project directory that holds a <c>.dockerignore</c> (<c>docker build -f docker/Dockerfile .</c>).</summary>
    public static IEnumerable<LocalBuild> Of(StackFile file, Stack stack)
    {
        var fs = stack.FileSystem;
        if (file is ComposeProject project)
        {
            foreach (var service in project.Services)
            {
                if (service.Build is not { IsRemote: false } build || !fs.DirectoryExists(build.ContextDirectory)) continue;
                var location = build.Context is { } context && build.Node != null ? context.Location : build.Entry.Key.Location;
                var dockerfile = build.DockerfilePath;
                yield return new LocalBuild($"service '{service.Name}'", build.ContextDirectory, dockerfile, location, IgnoreFileFor(stack, build.ContextDirectory, dockerfile));
            }
        }
        else if (file is DockerfileModel dockerfile)
        {
            if (BuiltByCompose(dockerfile, stack)) yield break;
            var directory = Path.GetDirectoryName(dockerfile.Path) ?? "";
            var context = directory;
            var root = Path.GetFullPath(stack.ProjectDirectory.Length > 0 ? stack.ProjectDirectory : directory);
            string? ignore = IgnoreFileFor(stack, directory, dockerfile.Path);
            for (var candidate = directory; ignore == null && candidate != null && IsWithin(candidate, root); candidate = Path.GetDirectoryName(candidate))
            {
                var path = Path.Combine(candidate, ".dockerignore");
                if (fs.FileExists(path))
                {
                    ignore = path;
                    context = candidate;
                }
            }
            yield return new LocalBuild($"Dockerfile '{Relative(stack, dockerfile.Path)}'", context, dockerfile.Path, SourceLocation.FileStart(dockerfile.Path), ignore);
        }
    }

    private static string? IgnoreFileFor(Stack stack, string contextDirectory, string? dockerfilePath)
    {
        if (dockerfilePath != null && stack.FileSystem.FileExists(dockerfilePath + ".dockerignore")) return dockerfilePath + ".dockerignore";
        var atContext = Path.Combine(contextDirectory, ".dockerignore");
        return stack.FileSystem.FileExists(atContext) ? atContext : null;
    }

    private static bool BuiltByCompose(DockerfileModel dockerfile, Stack stack) => BuildDockerfiles.BuildersOf(dockerfile.Path, stack).Any();

    private static bool IsWithin(string directory, string root)
    {
        var full = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar);
        var top = root.TrimEnd(Path.DirectorySeparatorChar);
        return full == top || full.StartsWith(top + Path.DirectorySeparatorChar, System.StringComparison.Ordinal);
    }

    /// <summary>A path as messages show it: relative to the project directory (<c>.</c> for the directory itself), else absolute.</summary>
    public static string Relative(Stack stack, string path)
    {
        var full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        if (stack.ProjectDirectory.Length == 0) return full;
        var root = Path.GetFullPath(stack.ProjectDirectory).TrimEnd(Path.DirectorySeparatorChar);
        if (full == root) return ".";
        return full.StartsWith(root + Path.DirectorySeparatorChar, System.StringComparison.Ordinal)
            ? full.Substring(root.Length + 1).Replace('\\', '/')
            : full;
    }
}
