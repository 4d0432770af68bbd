using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Dockerfile;

namespace HardeningTasks.Core.Rules.Dockerfile;

/// <summary>
/// HRD069: download verification switched off — TLS certificate checks (<c>curl -k</c>, <c>wget --no-check-certificate</c>,
/// <c>git -c http.sslVerify=false</c>, <c>GIT_SSL_NO_VERIFY</c>, <c>NODE_TLS_REJECT_UNAUTHORIZED=0</c>, <c>pip --trusted-host</c>…)
/// or package signature checks (<c>apt-get --allow-unauthenticated</c>, <c>[trusted=yes]</c> sources, <c>apk --allow-untrusted</c>,
/// <c>--nogpgcheck</c>, <c>gpgcheck=0</c>, <c>rpm --nosignature</c>…). Read from the commands a <c>RUN</c> executes (shell form,
/// <c>sh -c</c>, heredocs the shell runs), the configuration a <c>RUN</c> or <c>COPY</c> heredoc writes, <c>ENV</c>/<c>ARG</c>
/// values and compose <c>environment:</c>. <see cref="VerificationSwitches"/> knows the tools.
/// </summary>
public sealed class DisabledDownloadVerificationRule : Rule
{
    public static readonly RuleDescriptor Definition = new(
        "HRD069", "Download verification switched off", Categories.Dockerfile, Severity.Warning,
        "{0} switches off {1}: {2}; {3}.");

    public override RuleDescriptor Descriptor => Definition;

    private const string BuildTls = "whoever sits on the network path (a proxy, a poisoned DNS answer, a hijacked mirror) can hand the build other bytes and nothing notices";
    private const string RuntimeTls = "HTTPS connections accept any certificate, so whoever sits on the network path can read and change the traffic";
    private const string Signatures = "packages are installed whether or not the repository's key signed them, so a mirror or anyone on the path can substitute them";

    public override IEnumerable<Finding> Check(StackFile file, Stack stack) => file switch
    {
        DockerfileModel dockerfile => Check(dockerfile),
        ComposeProject project => Check(project),
        _ => Enumerable.Empty<Finding>(),
    };

    private static IEnumerable<Finding> Check(DockerfileModel file)
    {
        foreach (var instruction in file.Instructions)
        {
            var where = instruction.Stage == null ? "before the first FROM" : "in " + instruction.Stage.Description;
            var subject = instruction.Stage?.Name;
            if (instruction.Is("RUN"))
            {
                var commands = ShellCommands.Of(instruction);
                for (var i = 0; i < commands.Count; i++)
                    foreach (var hit in VerificationSwitches.OfCommand(commands[i], i + 1 < commands.Count ? commands[i + 1] : null))
                        yield return Report(instruction.LocationOf(hit.Word.Span), subject, hit.Switch,
                            $"'{hit.Switch.Written}'{(hit.Via == null ? "" : " " + hit.Via)} in a RUN {where}", runtime: false);
                foreach (var finding in WrittenHeredocs(instruction, commands, subject, where)) yield return finding;
            }
            else if (instruction.Is("COPY") || instruction.Is("ADD"))
            {
                foreach (var heredoc in instruction.Heredocs)
                    foreach (var finding in InHeredoc(instruction, heredoc, subject, $"in a file {instruction.Keyword} writes {where}"))
                        yield return finding;
            }
            else if (instruction.Is("ENV") || instruction.Is("ARG"))
            {
                foreach (var kv in instruction.KeyValues)
                {
                    if (kv.RawValue == null) continue; // an ARG without a default sets nothing
                    var value = instruction.Stage?.Expand(kv.RawValue, instruction) ?? file.ExpandGlobal(kv.RawValue);
                    if (!value.IsFullyResolved || VerificationSwitches.OfVariable(kv.Name, value.Value) is not { } found) continue;
                    yield return Report(instruction.LocationOf(kv.Key.Span), subject, found,
                        $"{instruction.Keyword} {found.Written} {where}", runtime: instruction.Is("ENV"));
                }
            }
        }
    }

    /// <summary>Heredoc bodies a <c>RUN</c> writes to a file (<c>cat &lt;&lt;EOF &gt; /etc/apt/sources.list.d/x.list</c>,
    /// <c>tee /etc/yum.repos.d/x.repo &lt;&lt;EOF</c>): configuration, not commands.</summary>
    private static IEnumerable<Finding> WrittenHeredocs(DockerInstruction run, IReadOnlyList<ShellCommand> commands, string? subject, string where)
    {
        for (var i = 0; i < commands.Count; i++)
        {
            var command = commands[i];
            if (command.Heredocs.Count == 0) continue;
            var writes = command.Name == "tee" || (command.Name == "cat" && VerificationSwitches.WritesToFile(command, i + 1 < commands.Count ? commands[i + 1] : null));
            if (!writes) continue;
            foreach (var heredoc in run.Heredocs.Where(h => command.Heredocs.Contains(h.Name)))
                foreach (var finding in InHeredoc(run, heredoc, subject, $"in a file a RUN writes {where}"))
                    yield return finding;
        }
    }

    private static IEnumerable<Finding> InHeredoc(DockerInstruction instruction, DockerHeredoc heredoc, string? subject, string where)
    {
        foreach (var line in heredoc.Lines)
            foreach (var hit in VerificationSwitches.OfConfigText(line.EffectiveText))
                yield return Report(instruction.LocationOf(line.Span(hit.Offset, hit.Length)), subject, hit.Switch, $"'{hit.Switch.Written}' {where}", runtime: false);
    }

    private static IEnumerable<Finding> Check(ComposeProject project)
    {
        foreach (var service in project.Services)
            foreach (var entry in service.Environment)
            {
                if (entry.Value == null || !entry.IsFullyResolved) continue;
                if (VerificationSwitches.OfVariable(entry.Name, entry.Value) is not { } found) continue;
                yield return Report(entry.Location, service.Name, found, $"Service '{service.Name}' setting {found.Written}", runtime: true);
            }
    }

    private static Finding Report(SourceLocation location, string? subject, VerificationSwitch found, string what, bool runtime) =>
        Definition.At(location, subject, found.Written, what,
            found.Kind == Verification.Tls ? "TLS certificate verification" : "package signature verification",
            found.Kind == Verification.Signature ? Signatures : runtime ? RuntimeTls : BuildTls,
            found.Fix);
}
