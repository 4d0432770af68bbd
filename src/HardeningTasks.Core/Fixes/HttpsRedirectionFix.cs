using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Traefik;
using HardeningTasks.Core.Model.Yaml;
using HardeningTasks.Core.Rules.Transport;

namespace HardeningTasks.Core.Fixes;

/// <summary>
/// HRD012: the plain-HTTP entrypoint redirected to the instance's HTTPS entrypoint
/// (<c>http.redirections.entryPoint.to</c> and <c>.scheme=https</c>), written beside its address in the same source and
/// style: two more <c>command:</c> flags, two more <c>TRAEFIK_*</c> variables, an <c>http.redirections</c> block in a YAML
/// static file, or two dotted keys in a TOML one. When the instance serves no HTTPS at all there is nothing to
/// redirect to — that needs a certificate choice only the user can make: no fix.
/// </summary>
internal sealed class HttpsRedirectionFix : MechanicalFix
{
    public override IReadOnlyList<string> RuleIds { get; } = new[] { PlainHttpEntryPointRule.Definition.Id };

    public override CodeFix? Create(Finding finding, FixContext context)
    {
        var document = context.Document(finding.Location.FilePath);
        if (document == null) return null;
        foreach (var stack in context.Stacks)
        {
            var traefik = stack.Traefik;
            foreach (var instance in traefik.Instances)
            {
                var entryPoint = instance.EntryPoints.FirstOrDefault(e => e.Address != null && FixContext.Same(e.Address.Location, finding.Location));
                if (entryPoint == null) continue;
                var https = MissingCertificateSourceRule.HttpsEntryPoints(instance, traefik).FirstOrDefault();
                if (https == null) return null;
                var edit = Edit(document, entryPoint.Address!, https.Name);
                return edit == null ? null : Fix($"Redirect entrypoint '{entryPoint.Name}' to HTTPS on '{https.Name}'", finding, document, edit);
            }
        }
        return null;
    }

    private static TextEdit? Edit(FixDocument document, TraefikSetting address, string target)
    {
        var span = address.Location.Span;
        switch (address.Source)
        {
            case TraefikSource.Command:
            case TraefikSource.Environment:
                return FlagsOrVariables(document, address, target);
            case TraefikSource.File when document.Path.EndsWith(".toml", StringComparison.OrdinalIgnoreCase):
                return Toml(document, span.Line, address, target);
            case TraefikSource.File:
                return YamlFile(document, span, target);
            default:
                return null;
        }
    }

    /// <summary>A <c>--entrypoints.web.address=:80</c> item or flag, a <c>TRAEFIK_ENTRYPOINTS_WEB_ADDRESS</c> entry or item:
    /// the redirection written the same way after it.</summary>
    private static TextEdit? FlagsOrVariables(FixDocument document, TraefikSetting address, string target)
    {
        var span = address.Location.Span;
        var environment = address.Source == TraefikSource.Environment;
        string To(string prefix) => environment ? prefix + "HTTP_REDIRECTIONS_ENTRYPOINT_TO" : prefix + "http.redirections.entryPoint.to";
        string Scheme(string prefix) => environment ? prefix + "HTTP_REDIRECTIONS_ENTRYPOINT_SCHEME" : prefix + "http.redirections.entryPoint.scheme";
        const string separator = "=";

        if (YamlText.ItemAt(document.Yaml, span) is { } item && item.Sequence.Items[item.Index] is YScalar scalar)
        {
            if (!YamlLines.IsWholeItem(document, scalar) || YamlText.IsFlow(document, item.Sequence)) return null;
            var prefix = PrefixBefore(scalar.Value, environment ? "ADDRESS" : "address");
            if (prefix == null) return null;
            var line = document.Line(span.Line);
            var head = line.Substring(0, span.Column - 1);
            var quote = YamlText.Quote(document, scalar);
            return TextEdits.InsertLinesAfter(document, span.Line, new[]
            {
                head + YamlText.Written(To(prefix) + separator + target, quote),
                head + YamlText.Written(Scheme(prefix) + separator + "https", quote),
            });
        }
        if (environment && YamlText.EntryWithKeyAt(document.Yaml, span) is { } entry)
        {
            if (!YamlLines.IsWholeEntry(document, entry.Entry) || YamlText.IsFlow(document, entry.Parent)) return null;
            var prefix = PrefixBefore(entry.Entry.Name, "ADDRESS");
            if (prefix == null) return null;
            var indent = YamlText.Spaces(span.Column - 1);
            return TextEdits.InsertLinesAfter(document, span.Line, new[] { indent + To(prefix) + ": " + target, indent + Scheme(prefix) + ": https" });
        }
        if (environment || span.Line != span.EndLine) return null;

        // a flag inside a one-string command: the two flags right after it
        var text = document.Line(span.Line);
        var start = span.Column - 1;
        var end = start;
        while (end < text.Length && text[end] is not (' ' or '\t' or '"' or '\'')) end++;
        var flag = text.Substring(start, end - start);
        var flagPrefix = PrefixBefore(flag, "address");
        if (flagPrefix == null || !flag.StartsWith("--", StringComparison.Ordinal)) return null;
        return TextEdit.Insert(span.Line, end + 1, " " + To(flagPrefix) + "=" + target + " " + Scheme(flagPrefix) + "=https");
    }

    /// <summary><c>address = ":80"</c> in <c>[entryPoints.web]</c> (or <c>entryPoints.web.address</c> at the top): two dotted
    /// keys after it, unless an <c>[entryPoints.web.http…]</c> table exists (TOML would then define the table twice).</summary>
    private static TextEdit? Toml(FixDocument document, int line, TraefikSetting address, string target)
    {
        var text = document.Line(line);
        var key = text.Split('=')[0];
        var prefix = PrefixBefore(key.Trim(), "address");
        if (prefix == null || text.IndexOf('=') < 0) return null;
        var name = address.Key.Split('.')[1];
        if (document.Text.ToLowerInvariant().Replace(" ", "").Contains("[entrypoints." + name + ".http")) return null;
        var indent = text.Substring(0, text.Length - text.TrimStart().Length);
        return TextEdits.InsertLinesAfter(document, line, new[]
        {
            indent + prefix + "http.redirections.entryPoint.to = \"" + target + "\"",
            indent + prefix + "http.redirections.entryPoint.scheme = \"https\"",
        });
    }

    /// <summary><c>address: ":80"</c> in a YAML static file: an <c>http.redirections</c> block in the entrypoint, inside its
    /// <c>http</c> block when it has one.</summary>
    private static TextEdit? YamlFile(FixDocument document, SourceSpan span, string target)
    {
        if (YamlText.EntryWithKeyAt(document.Yaml, span) is not { } address || YamlText.IsFlow(document, address.Parent)) return null;
        string[] Block(int indent) => new[]
        {
            "redirections:",
            YamlText.Spaces(indent + 2) + "entryPoint:",
            YamlText.Spaces(indent + 4) + "to: " + target,
            YamlText.Spaces(indent + 4) + "scheme: https",
        };
        var http = address.Parent.Entries.FirstOrDefault(e => string.Equals(e.Name, "http", StringComparison.OrdinalIgnoreCase));
        if (http != null)
        {
            if (http.Value is not YMapping body || body.Entries.Count == 0 || YamlText.IsFlow(document, body)
                || body.Entries.Any(e => string.Equals(e.Name, "redirections", StringComparison.OrdinalIgnoreCase))) return null;
            var first = body.Entries[0].Key.Location.Span;
            return TextEdit.Insert(first.Line, first.Column, string.Join(document.Newline, Block(first.Column - 1)) + document.Newline + YamlText.Spaces(first.Column - 1));
        }
        var column = span.Column - 1;
        var lines = new List<string> { "http:" };
        lines.AddRange(Block(column + 2).Select((l, i) => i == 0 ? YamlText.Spaces(column + 2) + l : l));
        return TextEdit.Insert(span.Line, span.Column, string.Join(document.Newline, lines) + document.Newline + YamlText.Spaces(column));
    }

    /// <summary>What precedes the last <paramref name="word"/> in <paramref name="key"/> (case-insensitive), when the key ends with it (before any '=').</summary>
    private static string? PrefixBefore(string key, string word)
    {
        var name = key.Split('=')[0].Trim();
        if (!name.EndsWith(word, StringComparison.OrdinalIgnoreCase)) return null;
        return name.Substring(0, name.Length - word.Length);
    }
}
