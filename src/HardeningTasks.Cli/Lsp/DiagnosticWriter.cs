using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HardeningTasks.Core.Fixes;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Cli.Lsp;

/// <summary>
/// Findings as LSP diagnostics: <c>code</c> the rule ID, <c>codeDescription.href</c> its page, <c>source</c>
/// <c>hardening</c>, severities error/warning/information (a suggestion is information; silent and none are never
/// sent), and <c>relatedInformation</c> where the finding's value came from somewhere else: an overlay or an anchor
/// merged into a service, a variable set in the project's <c>.env</c>.
/// </summary>
internal static class DiagnosticWriter
{
    private static readonly Regex Variable = new(@"\$\{?([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant);
    private static readonly ConditionalWeakTable<Stack, StackIndex> Indexes = new();

    public static int? Severity(Severity severity) => severity switch
    {
        Core.Model.Severity.Error => 1,
        Core.Model.Severity.Warning => 2,
        Core.Model.Severity.Suggestion => 3,
        _ => null,
    };

    public static JsonObject Range(SourceSpan span, FixDocument? document)
    {
        var (endLine, endColumn) = (span.EndLine, span.EndColumn);
        if (endLine < span.Line || (endLine == span.Line && endColumn <= span.Column))
        {
            // a finding about a whole file or a missing key: the rest of its line, so an editor has something to underline
            (endLine, endColumn) = (span.Line, document != null ? Math.Max(span.Column, document.Line(span.Line).Length + 1) : span.Column);
        }
        return new JsonObject
        {
            ["start"] = Position(span.Line, span.Column),
            ["end"] = Position(endLine, endColumn),
        };
    }

    public static JsonObject Position(int line, int column) => new() { ["line"] = Math.Max(0, line - 1), ["character"] = Math.Max(0, column - 1) };

    public static JsonObject? Diagnostic(Finding finding, FixDocument? document, IEnumerable<Stack> stacks, IFileSystem fileSystem)
    {
        if (Severity(finding.Severity) is not { } severity) return null;
        var diagnostic = new JsonObject
        {
            ["range"] = Range(finding.Location.Span, document),
            ["severity"] = severity,
            ["code"] = finding.RuleId,
            ["codeDescription"] = new JsonObject { ["href"] = finding.Rule.HelpLink },
            ["source"] = "hardening",
            ["message"] = finding.Message,
        };
        var related = new JsonArray();
        foreach (var (location, message) in Related(finding, stacks, fileSystem))
            related.Add((JsonNode)new JsonObject
            {
                ["location"] = new JsonObject { ["uri"] = DocumentUri.FromPath(location.FilePath), ["range"] = Range(location.Span, null) },
                ["message"] = message,
            });
        if (related.Count > 0) diagnostic["relatedInformation"] = related;
        return diagnostic;
    }

    /// <summary>Where else the finding's value is at home: the service it was merged into (from an overlay, an included or
    /// extended file, or an anchor written before the service), and the <c>.env</c> line of each variable it was interpolated from.</summary>
    private static IEnumerable<(SourceLocation Location, string Message)> Related(Finding finding, IEnumerable<Stack> stacks, IFileSystem fileSystem)
    {
        foreach (var stack in stacks)
        {
            var index = Indexes.GetValue(stack, s => new StackIndex(s));
            if (finding.Subject != null && index.Services.TryGetValue(finding.Subject, out var services))
            {
                foreach (var (project, service) in services)
                {
                    if (!project.Files.Contains(finding.Location.FilePath, PathText.Comparer)) continue;
                    var key = service.Key.Location;
                    if (!PathText.Comparer.Equals(key.FilePath, finding.Location.FilePath))
                        yield return (key, $"merged into service '{service.Name}' of {Path.GetFileName(project.Path)} from {Path.GetFileName(finding.Location.FilePath)}");
                    else if (finding.Location.Line < key.Line)
                        yield return (key, $"service '{service.Name}' takes this value through a YAML anchor");
                }
            }
            if (index.Interpolated.TryGetValue((finding.Location.FilePath, finding.Location.Line, finding.Location.Column), out var scalar))
            {
                var envFile = Path.Combine(Path.GetDirectoryName(finding.Location.FilePath) ?? "", ".env");
                var env = FixDocument.Read(fileSystem, envFile);
                if (env == null) continue;
                foreach (var name in Variable.Matches(scalar.RawValue!).Cast<Match>().Select(m => m.Groups[1].Value).Distinct())
                    for (var line = 1; line <= env.LineCount; line++)
                    {
                        var text = env.Line(line).TrimStart();
                        if (text.StartsWith("export ", StringComparison.Ordinal)) text = text.Substring(7).TrimStart();
                        if (!text.StartsWith(name, StringComparison.Ordinal) || text.Length == name.Length || text.Substring(name.Length).TrimStart()[0] != '=') continue;
                        yield return (new SourceLocation(envFile, new SourceSpan(line, 1, line, env.Line(line).Length + 1)), $"{name} is set here");
                    }
            }
        }
    }

    /// <summary>Per stack, built once: services by name, and the interpolated scalars by where they are written.</summary>
    private sealed class StackIndex
    {
        public StackIndex(Stack stack)
        {
            foreach (var project in stack.FilesOf<ComposeProject>())
            {
                foreach (var service in project.Services)
                {
                    if (!Services.TryGetValue(service.Name, out var list)) Services[service.Name] = list = new List<(ComposeProject, ComposeService)>();
                    list.Add((project, service));
                    foreach (var node in Scalars(service.Node))
                        if (node.RawValue != null)
                            Interpolated[(node.Location.FilePath, node.Location.Line, node.Location.Column)] = node;
                }
            }
        }

        public Dictionary<string, List<(ComposeProject Project, ComposeService Service)>> Services { get; } = new(StringComparer.Ordinal);
        public Dictionary<(string, int, int), YScalar> Interpolated { get; } = new();

        private static IEnumerable<YScalar> Scalars(YNode node)
        {
            var pending = new Stack<YNode>();
            pending.Push(node);
            while (pending.Count > 0)
            {
                switch (pending.Pop())
                {
                    case YScalar s: yield return s; break;
                    case YMapping m: foreach (var e in m.Entries) pending.Push(e.Value); break;
                    case YSequence q: foreach (var i in q.Items) pending.Push(i); break;
                }
            }
        }
    }
}
