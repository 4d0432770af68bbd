using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Dockerfile;

namespace HardeningTasks.Core.Rules.Dockerfile;

/// <summary>HRD064: a download run as a script without being verified: <c>curl … | sh</c>, <c>wget -O- … | bash</c>,
/// <c>sh -c "$(curl …)"</c>, <c>bash &lt;(curl …)</c> — in <c>RUN</c>, shell heredocs included.</summary>
public sealed class PipeToShellRule : Rule<DockerfileModel>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD064", "Download piped to a shell", Categories.Dockerfile, Severity.Warning,
        "{0} in {1} runs a script straight from the network ({2}): whatever the server returns that day is executed, unverified; download it to a file, check its sha256 (or signature), then run it.");

    private static readonly HashSet<string> Downloaders = new(StringComparer.Ordinal) { "curl", "wget" };

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(DockerfileModel file, Stack stack)
    {
        foreach (var stage in file.Stages)
            foreach (var run in stage.InstructionsOf("RUN"))
            {
                var commands = ShellCommands.Of(run);
                for (var i = 0; i < commands.Count; i++)
                {
                    var command = commands[i];
                    var where = stage.Description;
                    if (Downloaders.Contains(command.Name ?? "") && command.Terminator == "|")
                    {
                        for (var j = i + 1; j < commands.Count; j++)
                        {
                            if (ShellCommands.IsShell(commands[j].Name))
                            {
                                yield return Definition.At(run.LocationOf(command.Program[0].Span), stage.Name, command.Name,
                                    command.Name, where, $"{command.Name} … | {commands[j].Name}");
                                break;
                            }
                            if (commands[j].Terminator != "|") break;
                        }
                    }
                    if (ShellCommands.IsShell(command.Name))
                    {
                        var substituted = command.Program.Skip(1).FirstOrDefault(w => FetchesInSubstitution(w.Text));
                        if (substituted != null)
                            yield return Definition.At(run.LocationOf(substituted.Span), stage.Name, command.Name,
                                command.Name, where, $"{command.Name} with the output of {(substituted.Text.StartsWith("<(", StringComparison.Ordinal) ? "<(…)" : "$(…)")} from a download");
                    }
                }
            }
    }

    private static bool FetchesInSubstitution(string word)
    {
        foreach (var opener in new[] { "$(", "<(", "`" })
        {
            var at = word.IndexOf(opener, StringComparison.Ordinal);
            if (at < 0) continue;
            var inner = word.Substring(at + opener.Length).TrimStart();
            if (inner.StartsWith("curl ", StringComparison.Ordinal) || inner.StartsWith("wget ", StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
