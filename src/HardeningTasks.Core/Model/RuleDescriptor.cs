using System;
using System.Globalization;

namespace HardeningTasks.Core.Model;

/// <summary>
/// What a rule is: the single source of truth for its ID, title, category, default severity,
/// help link and message. Docs, the README table and the package's rule-ID list are checked against these.
/// </summary>
public sealed class RuleDescriptor
{
    /// <summary>Where the rule pages live; the help link of every diagnostic.</summary>
    public const string HelpLinkBase = "https://github.com/HardeningTasks/HardeningTasks/blob/main/docs/rules/";

    public RuleDescriptor(string id, string title, string category, Severity defaultSeverity, string messageFormat, bool ignoresAllRulesKey = false)
    {
        IgnoresAllRulesKey = ignoresAllRulesKey;
        Id = id;
        Title = title;
        Category = category;
        DefaultSeverity = defaultSeverity;
        MessageFormat = messageFormat;
    }

    public string Id { get; }
    public string Title { get; }

    /// <summary>The <c>dotnet_analyzer_diagnostic.category-&lt;Category&gt;.severity</c> key, e.g. <c>Hardening.SupplyChain</c>.</summary>
    public string Category { get; }

    public Severity DefaultSeverity { get; }

    /// <summary>A composite format string; <see cref="Format"/> fills it.</summary>
    public string MessageFormat { get; }

    /// <summary>
    /// True when <c>dotnet_analyzer_diagnostic.severity</c> (every rule at once) does not reach this rule, only its ID and
    /// category keys do. Roslyn never lets bulk keys touch compiler errors; HRD000 is ours ("this file was not
    /// checked"), so a repository that writes <c>dotnet_analyzer_diagnostic.severity = none</c> to opt rules in one by
    /// one does not silently stop hearing about files it cannot read.
    /// </summary>
    public bool IgnoresAllRulesKey { get; }

    public string HelpLink => HelpLinkBase + Id + ".md";

    public string Format(params object?[] args) => string.Format(CultureInfo.InvariantCulture, MessageFormat, args);

    /// <summary>A finding of this rule at <paramref name="location"/>.</summary>
    /// <param name="subject">The service or stage it is about (part of the baseline fingerprint).</param>
    /// <param name="value">The offending value (part of the baseline fingerprint).</param>
    public Finding At(SourceLocation location, string? subject, string? value, params object?[] messageArgs) =>
        new(this, location, Format(messageArgs), subject, value);

    public override string ToString() => Id;
}

/// <summary>The category names of RULES.md.</summary>
public static class Categories
{
    public const string SupplyChain = "Hardening.SupplyChain";
    public const string Transport = "Hardening.Transport";
    public const string Container = "Hardening.Container";
    public const string Secrets = "Hardening.Secrets";
    public const string Network = "Hardening.Network";
    public const string Reliability = "Hardening.Reliability";
    public const string Dockerfile = "Hardening.Dockerfile";
    public const string BuildContext = "Hardening.BuildContext";
    public const string Operations = "Hardening.Operations";
    public const string Tool = "Hardening.Tool";
}
