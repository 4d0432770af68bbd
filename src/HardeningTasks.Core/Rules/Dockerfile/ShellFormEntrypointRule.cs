using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Dockerfile;

namespace HardeningTasks.Core.Rules.Dockerfile;

/// <summary>HRD066: the final image's <c>CMD</c>/<c>ENTRYPOINT</c> in shell form (<c>/bin/sh -c</c> becomes PID 1 and does
/// not forward SIGTERM). A shell form that starts with <c>exec</c> hands PID 1 to the program and is not reported; a
/// CMD is not reported when a shell-form ENTRYPOINT ignores it; <c># check=skip=JSONArgsRecommended</c> turns the rule off for the file.</summary>
public sealed class ShellFormEntrypointRule : Rule<DockerfileModel>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD066", "Shell-form CMD or ENTRYPOINT", Categories.Dockerfile, Severity.Suggestion,
        "Shell-form {0} in the {1}: Docker runs it as /bin/sh -c, so the shell is PID 1 and does not pass SIGTERM on, and the app is killed at the stop timeout instead of shutting down cleanly; {2}");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(DockerfileModel file, Stack stack)
    {
        if (file.SkipsBuildCheck("JSONArgsRecommended")) yield break;
        foreach (var final in FinalStages.Of(file, stack))
        {
            var entrypoint = final.Stage.Effective("ENTRYPOINT");
            var cmd = final.Stage.Effective("CMD");
            if (entrypoint != null && IsShellForm(entrypoint))
                yield return Report(entrypoint, final.Stage);
            else if (cmd != null && IsShellForm(cmd))
                yield return Report(cmd, final.Stage);
        }
    }

    private static bool IsShellForm(DockerInstruction instruction) =>
        !instruction.IsJsonForm && instruction.Arguments.Length > 0
        && !instruction.Arguments.StartsWith("exec ", StringComparison.Ordinal);

    private static Finding Report(DockerInstruction instruction, DockerStage stage)
    {
        var commands = ShellCommands.Tokenize(instruction.Arguments, instruction.ArgumentSpan);
        var simple = commands.Count == 1 && commands[0].Terminator == null && commands[0].Words.All(w => w.Raw.IndexOf('$') < 0);
        var fix = simple
            ? $"use the exec form: {instruction.Keyword} [{string.Join(", ", commands[0].Words.Select(w => "\"" + w.Text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\""))}]."
            : $"use the exec form ({instruction.Keyword} [\"executable\", \"arg\"]), with a script as the executable if it needs the shell, or prefix the command with exec.";
        return Definition.At(instruction.Location, stage.Name, instruction.Arguments, instruction.Keyword, stage.FinalDisplayName, fix);
    }
}
