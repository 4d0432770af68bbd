using System.Collections.Generic;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Rules.BuildContext;

/// <summary>HRD070: a build context with no <c>.dockerignore</c> (neither <c>&lt;context&gt;/.dockerignore</c> nor
/// <c>&lt;Dockerfile&gt;.dockerignore</c>): the whole directory, <c>.git</c>, <c>.env</c> and all, is sent to the builder.</summary>
public sealed class MissingDockerignoreRule : Rule
{
    public static readonly RuleDescriptor Definition = new(
        "HRD070", "Build context without .dockerignore", Categories.BuildContext, Severity.Warning,
        "The build of {0} sends the context '{1}' with no .dockerignore, so .git, .env files, local virtualenvs and node_modules go to the builder and can end up in the image; add a .dockerignore there listing at least .git and .env.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(StackFile file, Stack stack)
    {
        foreach (var build in stack.Builds.LocalBuildsOf(file))
            if (build.DockerignorePath == null)
            {
                // the value is the context relative to the project (not the full path): a fingerprint must be the same on every machine
                var context = PathText.InProject(stack.ProjectDirectory, build.ContextDirectory);
                yield return Definition.At(build.Location, build.Subject, context, build.Subject, context);
            }
    }
}
