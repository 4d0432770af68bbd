using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using HardeningTasks.Core;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Reporting;

namespace HardeningTasks.Cli;

/// <summary>The three report formats. Every one is written with <c>\n</c> line ends, UTF-8 without a byte-order mark.</summary>
internal static class Reports
{
    public static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary><c>path(line,col): warning HRD001: message</c>, the compiler's line, suggestions as <c>info</c>; paths relative to <paramref name="currentDirectory"/>.</summary>
    public static void WriteText(Stream stream, IReadOnlyList<Finding> findings, string currentDirectory)
    {
        using var writer = new StreamWriter(stream, Utf8NoBom, 4096, leaveOpen: true) { NewLine = "\n" };
        foreach (var finding in findings)
            writer.WriteLine(TextLine(finding, currentDirectory));
    }

    public static string TextLine(Finding finding, string currentDirectory) =>
        $"{DisplayPath(finding.Location.FilePath, currentDirectory)}({finding.Location.Line},{finding.Location.Column}): {Word(finding.Severity)} {finding.RuleId}: {finding.Message}";

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
            var counts = Count(findings);
            json.WriteStartObject("summary");
            json.WriteNumber("files", checkedFiles.ComposeFiles.Count + checkedFiles.Dockerfiles.Count + checkedFiles.TraefikFiles.Count);
            json.WriteNumber("errors", counts.Errors);
            json.WriteNumber("warnings", counts.Warnings);
            json.WriteNumber("suggestions", counts.Suggestions);
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

    public static (int Errors, int Warnings, int Suggestions) Count(IReadOnlyList<Finding> findings)
    {
        int errors = 0, warnings = 0, suggestions = 0;
        foreach (var finding in findings)
        {
            if (finding.Severity == Severity.Error) errors++;
            else if (finding.Severity == Severity.Warning) warnings++;
            else if (finding.Severity == Severity.Suggestion) suggestions++;
        }
        return (errors, warnings, suggestions);
    }

    private static void WritePaths(Utf8JsonWriter json, string name, IReadOnlyList<string> paths, string currentDirectory)
    {
        json.WriteStartArray(name);
        foreach (var path in paths) json.WriteStringValue(DisplayPath(path, currentDirectory).Replace('\\', '/'));
        json.WriteEndArray();
    }

    /// <summary>The run's one line, <see cref="CheckSummary.Describe"/> and the counts: <c>hardening: checked 2 compose files (1 project),
    /// 1 Dockerfile; skipped 1 YAML file (not compose or Traefik): 1 error, 2 warnings, 0 suggestions.</c></summary>
    public static string Summary(IReadOnlyList<Finding> findings, CheckSummary summary)
    {
        var (errors, warnings, suggestions) = Count(findings);
        return $"hardening: {summary.Describe()}: {Plural(errors, "error")}, {Plural(warnings, "warning")}, {Plural(suggestions, "suggestion")}.";
    }

    private static string Plural(int count, string noun) => count + " " + noun + (count == 1 ? "" : "s");

    private static string Word(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "info",
    };

    private static string DisplayPath(string path, string currentDirectory) =>
        string.IsNullOrEmpty(path) ? "hardening" : Path.GetRelativePath(currentDirectory, path);
}
