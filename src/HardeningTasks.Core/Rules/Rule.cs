using System.Collections.Generic;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Rules;

/// <summary>
/// A rule: one descriptor and one pure check from the model to findings. Every concrete rule is listed in
/// <see cref="RuleCatalog"/> (a test fails when one is missing), so adding a rule is adding its file and that line.
/// </summary>
public abstract class Rule
{
    public abstract RuleDescriptor Descriptor { get; }

    /// <summary>Checks one part of the stack. <paramref name="stack"/> gives the rest of it, for cross-file reasoning.</summary>
    public abstract IEnumerable<Finding> Check(StackFile file, Stack stack);
}

/// <summary>A rule that only looks at files of one kind.</summary>
public abstract class Rule<TFile> : Rule where TFile : StackFile
{
    public sealed override IEnumerable<Finding> Check(StackFile file, Stack stack) =>
        file is TFile typed ? Check(typed, stack) : System.Linq.Enumerable.Empty<Finding>();

    public abstract IEnumerable<Finding> Check(TFile file, Stack stack);
}
