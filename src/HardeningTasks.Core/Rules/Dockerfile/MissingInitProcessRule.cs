using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Dockerfile;

namespace HardeningTasks.Core.Rules.Dockerfile;

/// <summary>HRD065: the final image does not start an init as PID 1 (<c>tini</c>, <c>dumb-init</c>, <c>s6</c>,
/// <c>catatonit</c>) through its ENTRYPOINT (or, with no ENTRYPOINT, its CMD); not reported when every compose service
/// that builds it sets <c>init: true</c> or runs once and exits (nothing lives long enough to leave zombies).</summary>
public sealed class MissingInitProcessRule : Rule<DockerfileModel>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD065", "No init process", Categories.Dockerfile, Severity.Suggestion,
        "The {0} {1}, so the app runs as PID 1: zombie processes are never reaped and signals without a handler are ignored; start it through an init (ENTRYPOINT [\"tini\", \"--\"], or dumb-init), or set init: true on the compose service.");

    private static readonly HashSet<string> Inits = new(StringComparer.Ordinal)
    {
        "tini", "tini-static", "dumb-init", "catatonit", "docker-init", "s6-svscan", "s6-linux-init", "s6-overlay-suexec",
    };

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(DockerfileModel file, Stack stack)
    {
        foreach (var final in FinalStages.Of(file, stack))
        {
            var entrypoint = final.Stage.Effective("ENTRYPOINT");
            var pid1 = entrypoint ?? final.Stage.Effective("CMD");
            if (pid1 != null && StartsInit(pid1)) continue;
            if (final.AllBuilders(s => s.Scalar("init")?.AsBoolean() == true || s.IsOneShot)) continue;
            var what = entrypoint != null ? $"has an ENTRYPOINT (line {entrypoint.StartLine}) that does not start an init"
                : pid1 != null ? $"has no ENTRYPOINT, and its CMD (line {pid1.StartLine}) does not start an init"
                : "has no ENTRYPOINT or CMD that starts an init";
            // the value names PID 1 without its line, so the fingerprint (an unnamed final stage has no subject) survives moved lines
            var value = entrypoint != null ? "ENTRYPOINT " + entrypoint.Arguments : pid1 != null ? "CMD " + pid1.Arguments : "no ENTRYPOINT or CMD";
            yield return Definition.At(FinalStages.Anchor(final.Stage), final.Stage.Name, value, final.Stage.FinalDisplayName, what);
        }
    }

    private static bool StartsInit(DockerInstruction instruction)
    {
        IReadOnlyList<string> words = instruction.IsJsonForm
            ? instruction.Words.Select(w => w.Text).ToList()
            : ShellCommands.Tokenize(instruction.Arguments, instruction.ArgumentSpan).FirstOrDefault()?.Program.Select(w => w.Text).ToList() ?? new List<string>();
        if (words.Count == 0) return false;
        var first = words[0];
        if (first.Substring(first.LastIndexOf('/') + 1) == "env" && words.Count > 1) first = words[1];
        return first == "/init" || Inits.Contains(first.Substring(first.LastIndexOf('/') + 1));
    }
}
