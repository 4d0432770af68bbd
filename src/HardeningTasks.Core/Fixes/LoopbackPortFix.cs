using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Yaml;
using HardeningTasks.Core.Rules.Network;

namespace HardeningTasks.Core.Fixes;

/// <summary>HRD040, HRD041: the published port bound to <c>127.0.0.1</c> — the short syntax gets (or has its
/// <c>0.0.0.0</c>/<c>::</c> replaced by) the address, keeping the host port, a random host port and any variables as
/// written; the long syntax gets <c>host_ip: 127.0.0.1</c>. A host address given by a variable is left alone, and so is a
/// Swarm stack's port (the ingress mesh ignores the address).</summary>
internal sealed class LoopbackPortFix : MechanicalFix
{
    private const string Loopback = "127.0.0.1";

    public override IReadOnlyList<string> RuleIds { get; } = new[] { PublicDataPortRule.Definition.Id, PublicPortRule.Definition.Id };

    public override CodeFix? Create(Finding finding, FixContext context)
    {
        // A Swarm stack publishes through the ingress mesh, which ignores the host address: 127.0.0.1 would change nothing.
        if (InSwarmStack(finding.Location.FilePath, context)) return null;
        var document = context.Document(finding.Location.FilePath);
        if (document == null || YamlText.ItemAt(document.Yaml, finding.Location.Span) is not { } item) return null;
        var title = $"Bind port {finding.Value} to {Loopback}";
        var node = item.Sequence.Items[item.Index];
        if (node is YScalar scalar)
        {
            if (scalar.Location.Span.Line != scalar.Location.Span.EndLine || Bound(scalar.Value) is not { } bound) return null;
            return Fix(title, finding, document, new TextEdit(scalar.Location.Span,
                YamlText.Written(bound, YamlText.Quote(document, scalar), YamlText.IsFlow(document, item.Sequence))));
        }
        if (node is not YMapping map) return null;
        if (map.Entry("host_ip") is { } hostIp)
        {
            if (hostIp.Value is not YScalar ip || ip.Value.IndexOf('$') >= 0 || ip.Location.Span.Line != ip.Location.Span.EndLine) return null;
            return Fix(title, finding, document, new TextEdit(ip.Location.Span, YamlText.Written(Loopback, YamlText.Quote(document, ip))));
        }
        if (map.Entries.Count == 0) return null;
        var first = map.Entries[0].Key.Location.Span;
        if (YamlText.IsFlow(document, map))
            return Fix(title, finding, document, TextEdit.Insert(first.Line, first.Column, "host_ip: " + Loopback + ", "));
        return Fix(title, finding, document, TextEdit.Insert(first.Line, first.Column, "host_ip: " + Loopback + document.Newline + YamlText.Spaces(first.Column - 1)));
    }

    private static bool InSwarmStack(string path, FixContext context)
    {
        foreach (var stack in context.Stacks)
            foreach (var project in stack.FilesOf<ComposeProject>())
                if (project.IsSwarmStack && project.Files.Any(f => string.Equals(f, path, IO.PathText.Comparison))) return true;
        return false;
    }

    /// <summary>The short syntax bound to the loopback address, or null when its host address is not a literal "every interface".</summary>
    internal static string? Bound(string written)
    {
        var value = written.Trim();
        // ${PORT:-8080} holds a ':' that is not a separator: parse a copy with the variables masked (same length)
        var masked = MaskVariables(value);
        var parsed = PortMapping.ParseShort(masked, new YScalar(masked, true, SourceLocation.FileStart("")));
        if (parsed == null) return null;
        if (parsed.HostIp == null)
            return Loopback + ":" + (parsed.Published == null ? ":" : "") + value;
        if (parsed.HostIp.IndexOf('$') >= 0 || !parsed.IsOnAllInterfaces) return null;
        // the address is what comes before the host port: "0.0.0.0:8080:80", "[::]:8080:80", ":::8080:80"
        var rest = value.StartsWith("[", System.StringComparison.Ordinal) ? value.Substring(value.IndexOf(']') + 1) : value.Substring(parsed.HostIp.Length);
        return Loopback + rest;
    }

    private static string MaskVariables(string value)
    {
        var chars = value.ToCharArray();
        for (var i = 0; i + 1 < chars.Length; i++)
        {
            if (chars[i] != '$' || chars[i + 1] != '{') continue;
            var depth = 0;
            for (var j = i + 1; j < chars.Length; j++)
            {
                if (value[j] == '{') depth++;
                else if (value[j] == '}' && --depth == 0) break;
                chars[j] = 'v';
            }
        }
        return new string(chars);
    }
}
