using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Rules;

/// <summary>Every rule in this assembly, and every descriptor (rules plus the tool's own diagnostics), in ID order.</summary>
public static class RuleCatalog
{
    private static readonly Lazy<IReadOnlyList<Rule>> LazyRules = new(() =>
        typeof(Rule).Assembly.GetTypes()
            .Where(t => typeof(Rule).IsAssignableFrom(t) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) != null)
            .Select(t => (Rule)Activator.CreateInstance(t)!)
            .OrderBy(r => r.Descriptor.Id, StringComparer.Ordinal)
            .ToList());

    public static IReadOnlyList<Rule> Rules => LazyRules.Value;

    public static IReadOnlyList<RuleDescriptor> Descriptors =>
        Rules.Select(r => r.Descriptor).Concat(ToolDiagnostics.All).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();

    public static RuleDescriptor? Find(string id) =>
        Descriptors.FirstOrDefault(d => string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase));

    private static readonly Lazy<RuleNames> LazyNames = new(() => new RuleNames(Descriptors));

    /// <summary>The rule IDs and categories, to tell a misspelled one in a configuration.</summary>
    public static RuleNames Names => LazyNames.Value;
}
