using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Rules.SupplyChain;

namespace HardeningTasks.Core.Configuration;

/// <summary>
/// hadolint's rules (DLxxxx) that report what one of ours reports, so the <c># hadolint ignore=</c> comments and the
/// <c>.hadolint.yaml</c> <c>ignored:</c> list a repository already has apply to the HRD rule with the same meaning.
/// Only real counterparts are listed: a code that checks something else (DL3008 pins apt versions, which no HRD rule
/// asks for) maps to nothing and is ignored without a word. Where one HRD rule covers several hadolint rules about
/// different things (HRD001 for untagged and latest images; HRD063 for apt, apk, pip, yum and dnf; HRD068 for CMD,
/// ENTRYPOINT and HEALTHCHECK), the code applies only to the findings about its own. <c>docs/migrating-from-hadolint.md</c> lists the same table.
/// </summary>
public static class HadolintRules
{
    /// <summary>A hadolint rule and the HRD rule that reports the same thing.</summary>
    /// <param name="Only">Which findings of the HRD rule it covers when not all of them (for the documentation); null for all.</param>
    public sealed class Counterpart
    {
        private readonly Func<Finding, bool>? applies;

        internal Counterpart(string code, string ruleId, string meaning, string? only = null, Func<Finding, bool>? applies = null)
        {
            Code = code;
            RuleId = ruleId;
            Meaning = meaning;
            Only = only;
            this.applies = applies;
        }

        public string Code { get; }
        public string RuleId { get; }

        /// <summary>What hadolint's rule says, in its words.</summary>
        public string Meaning { get; }

        public string? Only { get; }

        public bool Covers(Finding finding) =>
            string.Equals(finding.RuleId, RuleId, StringComparison.Ordinal) && (applies == null || applies(finding));

        public override string ToString() => Code + " → " + RuleId;
    }

    private static Func<Finding, bool> ValueStartsWith(params string[] programs) =>
        f => f.Value != null && programs.Any(p => f.Value.StartsWith(p + " ", StringComparison.Ordinal));

    public static IReadOnlyList<Counterpart> All { get; } = new[]
    {
        new Counterpart("DL3002", "HRD060", "Last USER should not be root"),
        new Counterpart("DL3004", "HRD067", "Do not use sudo"),
        new Counterpart("DL3006", "HRD001", "Always tag the version of an image explicitly", "images with no tag", UnpinnedImageRule.IsUntagged),
        new Counterpart("DL3007", "HRD001", "Using latest is prone to errors", "images tagged latest", f => !UnpinnedImageRule.IsUntagged(f)),
        new Counterpart("DL3009", "HRD063", "Delete the apt-get lists after installing something", "apt-get/apt install", ValueStartsWith("apt-get", "apt")),
        new Counterpart("DL3012", "HRD068", "Multiple HEALTHCHECK instructions", "HEALTHCHECK", f => f.Value == "HEALTHCHECK"),
        new Counterpart("DL3015", "HRD063", "Avoid additional packages by specifying --no-install-recommends", "apt-get/apt install", ValueStartsWith("apt-get", "apt")),
        new Counterpart("DL3019", "HRD063", "Use the --no-cache switch (apk add)", "apk add", ValueStartsWith("apk")),
        new Counterpart("DL3020", "HRD062", "Use COPY instead of ADD for files and folders", "local sources",
            f => f.Value == null || (f.Value.IndexOf("://", StringComparison.Ordinal) < 0 && !f.Value.StartsWith("git@", StringComparison.Ordinal))),
        new Counterpart("DL3025", "HRD066", "Use arguments JSON notation for CMD and ENTRYPOINT arguments"),
        new Counterpart("DL3026", "HRD004", "Use only an allowed registry in the FROM image"),
        new Counterpart("DL3032", "HRD063", "yum clean all missing after yum command", "yum install", ValueStartsWith("yum")),
        new Counterpart("DL3040", "HRD063", "dnf clean all missing after dnf command", "dnf/microdnf install", ValueStartsWith("dnf", "microdnf")),
        new Counterpart("DL3042", "HRD063", "Avoid cache directory with pip install --no-cache-dir", "pip install",
            f => f.Value != null && (f.Value.StartsWith("pip", StringComparison.Ordinal) || f.Value.StartsWith("python", StringComparison.Ordinal))),
        new Counterpart("DL3057", "HRD061", "HEALTHCHECK instruction missing"),
        new Counterpart("DL3064", "HRD033", "Potentially sensitive data should not be used in the ARG or ENV commands"),
        new Counterpart("DL4003", "HRD068", "Multiple CMD instructions found", "CMD", f => f.Value == "CMD"),
        new Counterpart("DL4004", "HRD068", "Multiple ENTRYPOINT instructions found", "ENTRYPOINT", f => f.Value == "ENTRYPOINT"),
    };

    private static readonly Dictionary<string, Counterpart[]> ByCode =
        All.GroupBy(c => c.Code, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.OrdinalIgnoreCase);

    /// <summary>The counterparts of a hadolint code; empty for a code with none (DL3008, SC2086…).</summary>
    public static IReadOnlyList<Counterpart> Of(string code) =>
        ByCode.TryGetValue(code, out var counterparts) ? counterparts : Array.Empty<Counterpart>();

    /// <summary>True when one of <paramref name="codes"/> reports what <paramref name="finding"/> reports.</summary>
    public static bool AnyCovers(IEnumerable<string> codes, Finding finding) => codes.Any(code => Of(code).Any(c => c.Covers(finding)));

    /// <summary>True for the HRD068 counterparts: hadolint reports the later duplicate, we report the earlier ones
    /// (those have no effect), so a comment on the later one covers the earlier ones of its stage.</summary>
    internal static bool ReportedOnALaterInstruction(string code) => Of(code).Any(c => c.RuleId == "HRD068");
}
