using System;
using System.Collections.Generic;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Container;

/// <summary>HRD027: <c>security_opt</c> turning a confinement off: <c>seccomp:unconfined</c>, <c>apparmor:unconfined</c>,
/// <c>label:disable</c> (with <c>:</c> or <c>=</c>).</summary>
public sealed class UnconfinedSecurityProfileRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD027", "Security profile disabled", Categories.Container, Severity.Warning,
        "Service '{0}' sets security_opt '{1}': {2}; remove it, or {3}.");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        foreach (var service in file.Services)
            foreach (var option in service.Strings("security_opt"))
            {
                var text = option.Value.Trim();
                var separator = text.IndexOfAny(new[] { ':', '=' });
                if (separator < 0) continue;
                var name = text.Substring(0, separator).Trim().ToLowerInvariant();
                var value = text.Substring(separator + 1).Trim().ToLowerInvariant();
                var (risk, instead) = (name, value) switch
                {
                    ("seccomp", "unconfined") => ("every system call is allowed, including the ones Docker's default profile blocks because they let a process attack the kernel",
                        "give it a custom profile that allows the one extra syscall it needs (seccomp=./seccomp.json)"),
                    ("apparmor", "unconfined") => ("AppArmor no longer stops it from writing to /proc and /sys or mounting filesystems",
                        "give it a custom AppArmor profile (apparmor=<profile>)"),
                    ("label", "disable") => ("SELinux labelling is off, so the container's processes are not confined to their own files",
                        "relabel the bind mounts it needs with :z/:Z"),
                    _ => (null, null),
                };
                if (risk == null) continue;
                yield return Definition.At(option.Location, service.Name, text, service.Name, text, risk, instead);
            }
    }
}
