using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Dockerignore;

namespace HardeningTasks.Core.Rules.BuildContext;

/// <summary>
/// HRD071: the <c>.dockerignore</c> a build uses does not keep <c>.git</c> and <c>.env</c> out of the context — nor, when the
/// context has them at its top level, other <c>.env</c> files, <c>*.pem</c>/<c>*.key</c> files, <c>node_modules</c> or
/// <c>.venv</c>. Patterns are evaluated as Docker does (last match wins, <c>!</c> exceptions re-include).
/// </summary>
public sealed class IncompleteDockerignoreRule : Rule
{
    public static readonly RuleDescriptor Definition = new(
        "HRD071", ".dockerignore misses sensitive paths", Categories.BuildContext, Severity.Warning,
        "This .dockerignore (used by the build of {0}) does not exclude {1}, so {2} sent to the builder and can be copied into the image; add {3}.");

    public override RuleDescriptor Descriptor => Definition;

    private static readonly string[] EnvTemplates = { "example", "sample", "template", "dist", "defaults", "tpl", "default" };

    public override IEnumerable<Finding> Check(StackFile file, Stack stack)
    {
        foreach (var build in stack.Builds.LocalBuildsOf(file))
        {
            if (build.DockerignorePath is not { } path) continue;
            if (build.Dockerignore is not { } ignore)
            {
                yield return ToolDiagnostics.FileNotLoaded.At(new SourceLocation(path, build.DockerignoreError!.Span), null, null, build.DockerignoreError.Message);
                continue;
            }
            foreach (var problem in ignore.Problems)
                yield return ToolDiagnostics.FileNotLoaded.At(new SourceLocation(path, SourceSpan.At(problem.Line, 1)), null, null, problem.Message);
            if (ignore.Problems.Count > 0) continue;

            var missing = new List<(string Path, string Suggestion, bool Directory)>();
            if (!ignore.ExcludesDirectory(".git")) missing.Add((".git", ".git", true));
            if (!ignore.Excludes(".env")) missing.Add((".env", "**/.env", false));
            foreach (var present in SensitiveFiles(build.ContextFiles))
                if (!ignore.Excludes(present.Name)) missing.Add((present.Name, present.Suggestion, false));
            foreach (var directory in build.DependencyDirectories)
                if (!ignore.ExcludesDirectory(directory))
                    missing.Add((directory, directory, true));
            if (missing.Count == 0) continue;

            var names = string.Join(", ", missing.Select(m => Describe(ignore, m.Path)));
            var suggestions = string.Join(", ", missing.Select(m => $"'{m.Suggestion}'").Distinct());
            yield return Definition.At(SourceLocation.FileStart(path), build.Subject, string.Join(",", missing.Select(m => m.Path)),
                build.Subject, names, missing.Count == 1 ? "it is" : "they are", (missing.Count == 1 ? "the line " : "the lines ") + suggestions);
        }
    }

    /// <summary>The path, and the exception that re-includes it when there is one.</summary>
    private static string Describe(DockerignoreFile ignore, string path)
    {
        var exception = ignore.Patterns.LastOrDefault(p => p.IsException && (p.Matches(path) || p.Matches(path + "/\u2400any-file")));
        return exception == null ? path : $"{path} (re-included by '!{exception.Pattern}' on line {exception.Line})";
    }

    /// <summary>Secret-looking files at the top of the context: <c>.env.*</c> and <c>*.env</c> (not templates such as
    /// <c>.env.example</c>), <c>*.pem</c>, <c>*.key</c>.</summary>
    private static IEnumerable<(string Name, string Suggestion)> SensitiveFiles(IReadOnlyList<string> contextFiles)
    {
        foreach (var full in contextFiles)
        {
            var name = Path.GetFileName(full);
            if (name == ".env") continue;
            var dotEnv = name.StartsWith(".env.", StringComparison.Ordinal);
            if (dotEnv || name.EndsWith(".env", StringComparison.Ordinal))
            {
                var parts = name.ToLowerInvariant().Split('.');
                if (!parts.Any(p => EnvTemplates.Contains(p))) yield return (name, dotEnv ? "**/.env*" : "**/*.env");
            }
            else if (name.EndsWith(".pem", StringComparison.OrdinalIgnoreCase)) yield return (name, "**/*.pem");
            else if (name.EndsWith(".key", StringComparison.OrdinalIgnoreCase)) yield return (name, "**/*.key");
        }
    }
}
