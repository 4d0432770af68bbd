using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Dockerfile;

namespace HardeningTasks.Core.Rules.Dockerfile;

/// <summary>HRD067: <c>sudo</c> run as a command in a <c>RUN</c> (not <c>apt-get install sudo</c>, not text in a file a heredoc writes).</summary>
public sealed class SudoInRunRule : Rule<DockerfileModel>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD067", "sudo in RUN", Categories.Dockerfile, Severity.Warning,
        "sudo in a RUN of {0}: build steps already run as the current USER, and sudo in an image means a privilege escalation path is installed; switch with USER root … USER app around the step instead (or gosu/su-exec in an entrypoint).");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(DockerfileModel file, Stack stack)
    {
        foreach (var stage in file.Stages)
            foreach (var run in stage.InstructionsOf("RUN"))
                foreach (var command in ShellCommands.Of(run))
                {
                    var sudo = command.Command.TakeWhile(w => w.BaseName is "sudo" or "exec" or "env" or "nice" or "nohup" or "command" || ShellCommand.IsAssignment(w.Text))
                        .FirstOrDefault(w => w.BaseName == "sudo");
                    if (sudo != null)
                        yield return Definition.At(run.LocationOf(sudo.Span), stage.Name, "sudo", stage.Description);
                }
    }
}
