using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
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

    public static void WriteSarif(Stream stream, IReadOnlyList<Finding> findings, string projectDirectory) =>
        SarifWriter.Write(stream, findings, new SarifOptions { RootDirectory = projectDirectory, ToolVersion = Program.Version });

    /// <summary>A plain JSON document for scripts: the findings with their ranges, and the counts. Quotes and non-ASCII
    /// characters are written as they are (it is not meant to be embedded in HTML).</summary>
    public static void WriteJson(Stream stream, IReadOnlyList<Finding> findings, string currentDirectory, int fileCount)
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
            json.WriteNumber("files", fileCount);
            json.WriteNumber("errors", findings.Count(f => f.Severity == Severity.Error));
            json.WriteNumber("warnings", findings.Count(f => f.Severity == Severity.Warning));
            json.WriteNumber("suggestions", findings.Count(f => f.Severity == Severity.Suggestion));
            json.WriteEndObject();
            json.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
    }

    /// <summary><c>hardening: 3 files checked: 1 error, 2 warnings, 0 suggestions.</c></summary>
    public static string Summary(CheckResult result, int fileCount, bool suggestionsHidden) =>
        $"hardening: {Plural(fileCount, "file")} checked: {Plural(result.Errors, "error")}, {Plural(result.Warnings, "warning")}, {Plural(result.Suggestions, "suggestion")}" +
        (suggestionsHidden && result.Suggestions > 0 ? " (shown with --suggestions)." : ".");

    private static string Plural(int count, string noun) => count + " " + noun + (count == 1 ? "" : "s");

    private static string DisplayPath(string path, string currentDirectory) =>
        string.IsNullOrEmpty(path) ? "hardening" : Path.GetRelativePath(currentDirectory, path);
}
