using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using HardeningTasks.Core;
using HardeningTasks.Core.Checking;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Reporting;

namespace HardeningTasks.Cli;

/// <summary>The three report formats. Every one is written with <c>\n</c> line ends, UTF-8 without a byte-order mark.</summary>
internal static class Reports
{
    public static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary><c>path(line,col): warning HRD001: message</c>, the compiler's line with the severity's word; paths relative to <paramref name="currentDirectory"/>.</summary>
    public static void WriteText(Stream stream, IReadOnlyList<Finding> findings, string currentDirectory)
    {
        using var writer = new StreamWriter(stream, Utf8NoBom, 4096, leaveOpen: true) { NewLine = "\n" };
        foreach (var finding in findings)
            writer.WriteLine(TextLine(finding, currentDirectory));
    }

    public static string TextLine(Finding finding, string currentDirectory) =>
        $"{DisplayPath(finding.Location.FilePath, currentDirectory)}({finding.Location.Line},{finding.Location.Column}): {finding.Severity.ToWord()} {finding.RuleId}: {finding.Message}";

    public static void WriteSarif(Stream stream, IReadOnlyList<Finding> findings, string projectDirectory, CheckSummary summary) =>
        SarifWriter.Write(stream, findings, new SarifOptions { RootDirectory = projectDirectory, ToolVersion = Program.Version, Summary = summary });

    /// <summary>A plain JSON document for scripts: the findings with their ranges, the counts, and what was checked and
    /// skipped. Quotes and non-ASCII characters are written as they are (it is not meant to be embedded in HTML).</summary>
    public static void WriteJson(Stream stream, IReadOnlyList<Finding> findings, string currentDirectory, CheckSummary checkedFiles)
    {
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartObject("tool");
            json.WriteString("name", SarifWriter.ToolName);
            json.WriteString("version", Program.Version);
            json.WriteEndObject();
            json.WriteStartArray("findings");
            foreach (var finding in findings)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", finding.RuleId);
                json.WriteString("severity", finding.Severity.ToWord());
                json.WriteString("message", finding.Message);
                json.WriteString("path", DisplayPath(finding.Location.FilePath, currentDirectory).Replace('\\', '/'));
                json.WriteString("fullPath", finding.Location.FilePath);
                json.WriteNumber("line", finding.Location.Span.Line);
                json.WriteNumber("column", finding.Location.Span.Column);
                json.WriteNumber("endLine", finding.Location.Span.EndLine);
                json.WriteNumber("endColumn", finding.Location.Span.EndColumn);
                json.WriteString("category", finding.Rule.Category);
                json.WriteString("helpUri", finding.Rule.HelpLink);
                if (finding.Subject != null) json.WriteString("subject", finding.Subject);
                if (finding.Value != null) json.WriteString("value", finding.Value);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartObject("summary");
            json.WriteNumber("files", checkedFiles.ComposeFiles.Count + checkedFiles.Dockerfiles.Count + checkedFiles.TraefikFiles.Count);
            json.WriteNumber("errors", findings.Count(f => f.Severity == Severity.Error));
            json.WriteNumber("warnings", findings.Count(f => f.Severity == Severity.Warning));
            json.WriteNumber("suggestions", findings.Count(f => f.Severity == Severity.Suggestion));
            json.WriteString("text", checkedFiles.Describe());
            WritePaths(json, "composeFiles", checkedFiles.ComposeFiles, currentDirectory);
            WritePaths(json, "composeProjects", checkedFiles.ComposeProjects, currentDirectory);
            json.WriteNumber("composeVariants", checkedFiles.ComposeVariants.Count);
            WritePaths(json, "dockerfiles", checkedFiles.Dockerfiles, currentDirectory);
            WritePaths(json, "traefikFiles", checkedFiles.TraefikFiles, currentDirectory);
            json.WriteStartArray("skipped");
            foreach (var skipped in checkedFiles.Skipped)
            {
                json.WriteStartObject();
                json.WriteString("path", DisplayPath(skipped.Path, currentDirectory).Replace('\\', '/'));
                json.WriteString("reason", CheckSummary.Reason(skipped.Reason));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("unsetVariables");
            foreach (var name in checkedFiles.UnsetVariables) json.WriteStringValue(name);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
    }

    /// <summary>
    /// Checkstyle XML, as hadolint and ESLint write it for Jenkins' Warnings plugin, reviewdog and Danger: one
    /// <c>file</c> per path (relative to <paramref name="currentDirectory"/>), one <c>error</c> per finding with its
    /// line, column, severity (<c>error</c>, <c>warning</c>, <c>info</c>), message and the rule as <c>source</c>.
    /// </summary>
    public static void WriteCheckstyle(Stream stream, IReadOnlyList<Finding> findings, string currentDirectory)
    {
        var settings = new System.Xml.XmlWriterSettings { Encoding = Utf8NoBom, Indent = true, NewLineChars = "\n" };
        using (var xml = System.Xml.XmlWriter.Create(stream, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("checkstyle");
            xml.WriteAttributeString("version", "4.3");
            foreach (var file in findings.GroupBy(f => DisplayPath(f.Location.FilePath, currentDirectory).Replace('\\', '/')))
            {
                xml.WriteStartElement("file");
                xml.WriteAttributeString("name", file.Key);
                foreach (var finding in file)
                {
                    xml.WriteStartElement("error");
                    xml.WriteAttributeString("line", finding.Location.Line.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    xml.WriteAttributeString("column", finding.Location.Column.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    xml.WriteAttributeString("severity", finding.Severity == Severity.Error ? "error" : finding.Severity == Severity.Warning ? "warning" : "info");
                    xml.WriteAttributeString("message", finding.Message);
                    xml.WriteAttributeString("source", finding.RuleId);
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }
        stream.WriteByte((byte)'\n');
    }

    /// <summary>
    /// GitLab Code Quality JSON (<c>artifacts:reports:codequality</c>): an array of issues with the rule as
    /// <c>check_name</c>, a fingerprint that ignores line numbers (the SARIF one, made unique per occurrence), a severity
    /// (error critical, warning major, suggestion info) and the repository-relative path (relative to <paramref name="projectDirectory"/>).
    /// </summary>
    public static void WriteGitlab(Stream stream, IReadOnlyList<Finding> findings, string projectDirectory)
    {
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var finding in findings)
            {
                var path = string.IsNullOrEmpty(finding.Location.FilePath) ? "" : Path.GetRelativePath(projectDirectory, finding.Location.FilePath).Replace('\\', '/');
                var hash = SarifWriter.Fingerprint(finding.RuleId, path, finding.Subject, finding.Value);
                occurrences[hash] = occurrences.TryGetValue(hash, out var seen) ? seen + 1 : 1;
                json.WriteStartObject();
                json.WriteString("description", finding.Message);
                json.WriteString("check_name", finding.RuleId);
                json.WriteString("fingerprint", hash + "-" + occurrences[hash].ToString(System.Globalization.CultureInfo.InvariantCulture));
                json.WriteString("severity", finding.Severity == Severity.Error ? "critical" : finding.Severity == Severity.Warning ? "major" : "info");
                json.WriteStartArray("categories");
                json.WriteStringValue("Security");
                json.WriteEndArray();
                json.WriteStartObject("location");
                json.WriteString("path", path);
                json.WriteStartObject("lines");
                json.WriteNumber("begin", Math.Max(1, finding.Location.Line));
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        stream.WriteByte((byte)'\n');
    }

    /// <summary><c>hardening rules</c>: every rule, one per line (ID, default severity, category, title).</summary>
    public static string RuleList()
    {
        var text = new StringBuilder();
        foreach (var rule in Core.Rules.RuleCatalog.Descriptors.Concat(Core.Model.ToolDiagnostics.All).GroupBy(r => r.Id).Select(g => g.First()).OrderBy(r => r.Id, StringComparer.Ordinal))
            text.Append($"{rule.Id}  {rule.DefaultSeverity.ToWord(),-10}  {rule.Category,-26}  {rule.Title}\n");
        return text.ToString();
    }

    /// <summary><c>hardening explain HRD010</c>: the rule's page (docs/rules/HRD010.md, embedded in the tool), or null for an unknown ID.</summary>
    public static string? RulePage(string ruleId)
    {
        var id = ruleId.Trim().ToUpperInvariant();
        using var stream = typeof(Reports).Assembly.GetManifestResourceStream("rules/" + id + ".md");
        if (stream == null) return null;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var page = reader.ReadToEnd().Replace("\r\n", "\n");
        return page.EndsWith("\n", StringComparison.Ordinal) ? page : page + "\n";
    }

    private static void WritePaths(Utf8JsonWriter json, string name, IReadOnlyList<string> paths, string currentDirectory)
    {
        json.WriteStartArray(name);
        foreach (var path in paths) json.WriteStringValue(DisplayPath(path, currentDirectory).Replace('\\', '/'));
        json.WriteEndArray();
    }

    /// <summary>The run's one line, <see cref="CheckSummary.Describe"/> and the counts: <c>hardening: checked 2 compose files (1 project),
    /// 1 Dockerfile; skipped 1 YAML file (not compose or Traefik): 1 error, 2 warnings, 0 suggestions.</c></summary>
    public static string Summary(CheckResult result, bool suggestionsHidden) =>
        $"hardening: {result.Summary.Describe()}: {Plural(result.Errors, "error")}, {Plural(result.Warnings, "warning")}, {Plural(result.Suggestions, "suggestion")}" +
        (suggestionsHidden && result.Suggestions > 0 ? " (shown with --suggestions)." : ".");

    private static string Plural(int count, string noun) => count + " " + noun + (count == 1 ? "" : "s");

    private static string DisplayPath(string path, string currentDirectory) =>
        string.IsNullOrEmpty(path) ? "hardening" : Path.GetRelativePath(currentDirectory, path);
}
