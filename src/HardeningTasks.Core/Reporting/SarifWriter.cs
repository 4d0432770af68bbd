using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Rules;
using HardeningTasks.Core.IO;

namespace HardeningTasks.Core.Reporting;

/// <summary>How a SARIF log is written.</summary>
public sealed record SarifOptions
{
    /// <summary>
    /// The directory result locations are relative to (<c>uriBaseId</c> <c>%SRCROOT%</c>): for GitHub code scanning,
    /// the repository root. Files outside it, or every file when this is empty, get absolute <c>file:</c> URIs.
    /// </summary>
    public string RootDirectory { get; init; } = "";

    /// <summary>The tool's <c>semanticVersion</c>; empty for the version of HardeningTasks.Core.</summary>
    public string ToolVersion { get; init; } = "";

    /// <summary>
    /// The run's category (<c>automationDetails.id</c> is this followed by <c>/</c>): GitHub keeps the alerts of each
    /// category apart, so two uploads for one commit need two categories.
    /// </summary>
    public string Category { get; init; } = "hardening";

    /// <summary>What the run checked: written as <c>invocations[0].toolExecutionNotifications</c> (the summary line, then
    /// one note per skipped file at that file), so code scanning's tool status shows what was not looked at. None when null.</summary>
    public CheckSummary? Summary { get; init; }
}

/// <summary>
/// Writes findings as one SARIF 2.1.0 run, in the shape GitHub code scanning reads: every rule of the catalog as a
/// reporting descriptor, every finding as a result with a repository-relative location, its full range and a
/// fingerprint that survives moved lines. The same findings and options always give the same bytes.
/// </summary>
public static class SarifWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string ToolName = "HardeningTasks";
    public const string InformationUri = "https://github.com/HardeningTasks/HardeningTasks";
    public const string SourceRootBaseId = "%SRCROOT%";

    /// <summary>The partial fingerprint this tool defines: a hash of rule, file, subject and value, without line numbers.</summary>
    public const string FingerprintName = "hardeningFingerprint/v1";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes the log to <paramref name="stream"/> as UTF-8 without a byte-order mark; the stream is left open.</summary>
    public static void Write(Stream stream, IReadOnlyList<Finding> findings, SarifOptions options)
    {
        using var writer = new StreamWriter(stream, Utf8NoBom, 4096, leaveOpen: true);
        Write(writer, findings, options);
        writer.Flush();
    }

    public static void Write(TextWriter writer, IReadOnlyList<Finding> findings, SarifOptions options)
    {
        if (writer == null) throw new ArgumentNullException(nameof(writer));
        if (findings == null) throw new ArgumentNullException(nameof(findings));
        options ??= new SarifOptions();

        var rules = RuleCatalog.Descriptors.ToList();
        foreach (var rule in findings.Select(f => f.Rule).Distinct())
            if (!rules.Any(r => r.Id == rule.Id))
                rules.Add(rule);
        var ruleIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++) ruleIndex[rules[i].Id] = i;

        var root = NormalizeRoot(options.RootDirectory);
        var results = findings
            .Select(f => new Result(f, SarifArtifactUri.For(f.Location.FilePath, root)))
            .OrderBy(r => r.Uri.Uri, StringComparer.Ordinal)
            .ThenBy(r => r.Region.Line)
            .ThenBy(r => r.Region.Column)
            .ThenBy(r => r.Finding.RuleId, StringComparer.Ordinal)
            .ThenBy(r => r.Finding.Message, StringComparer.Ordinal)
            .ToList();

        var json = new SarifJsonWriter(writer);
        json.StartObject();
        json.Property("$schema", SchemaUri);
        json.Property("version", "2.1.0");
        json.Name("runs");
        json.StartArray();
        json.StartObject();
        WriteTool(json, rules, string.IsNullOrWhiteSpace(options.ToolVersion) ? CoreVersion() : options.ToolVersion.Trim());

        json.Name("automationDetails");
        json.StartObject();
        json.Property("id", (string.IsNullOrWhiteSpace(options.Category) ? "hardening" : options.Category.Trim()) + "/");
        json.EndObject();

        if (root != null)
        {
            json.Name("originalUriBaseIds");
            json.StartObject();
            json.Name(SourceRootBaseId);
            json.StartObject();
            json.Property("uri", SarifArtifactUri.Absolute(root, directory: true));
            json.EndObject();
            json.EndObject();
        }

        json.Property("columnKind", "utf16CodeUnits");

        if (options.Summary is { } summary) WriteInvocation(json, summary, root);

        json.Name("results");
        json.StartArray();
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            var hash = Fingerprint(result.Finding.RuleId, result.Uri.Uri, result.Finding.Subject, result.Finding.Value);
            occurrences[hash] = occurrences.TryGetValue(hash, out var seen) ? seen + 1 : 1;
            WriteResult(json, result, ruleIndex[result.Finding.RuleId], hash, occurrences[hash], root);
        }
        json.EndArray();

        json.EndObject();
        json.EndArray();
        json.EndObject();
    }

    /// <summary>The log as a string (what <see cref="Write(TextWriter, IReadOnlyList{Finding}, SarifOptions)"/> writes).</summary>
    public static string ToJson(IReadOnlyList<Finding> findings, SarifOptions options)
    {
        using var writer = new StringWriter();
        Write(writer, findings, options);
        return writer.ToString();
    }

    /// <summary>
    /// The stable identity of a finding: 16 hex digits of a 64-bit FNV-1a hash of the rule ID, the file's URI relative to
    /// the root, the subject and the value. No line or column, so it follows the finding when lines move.
    /// </summary>
    public static string Fingerprint(string ruleId, string relativeUri, string? subject, string? value)
    {
        var text = string.Join("\u001f", ruleId, relativeUri, subject ?? "", value ?? "");
        const ulong offset = 14695981039346656037UL, prime = 1099511628211UL;
        var hash = offset;
        foreach (var b in Utf8NoBom.GetBytes(text))
        {
            hash ^= b;
            hash *= prime;
        }
        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The descriptor's title in PascalCase (<c>"ADD where COPY would do"</c> → <c>AddWhereCopyWouldDo</c>): SARIF's rule <c>name</c>.</summary>
    public static string RuleName(RuleDescriptor descriptor)
    {
        var name = new StringBuilder();
        var startOfWord = true;
        foreach (var c in descriptor.Title)
        {
            if (!char.IsLetterOrDigit(c))
            {
                startOfWord = true;
                continue;
            }
            name.Append(startOfWord ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
            startOfWord = false;
        }
        return name.ToString();
    }

    private static void WriteTool(SarifJsonWriter json, IReadOnlyList<RuleDescriptor> rules, string version)
    {
        json.Name("tool");
        json.StartObject();
        json.Name("driver");
        json.StartObject();
        json.Property("name", ToolName);
        json.Property("semanticVersion", version);
        json.Property("informationUri", InformationUri);
        json.Name("rules");
        json.StartArray();
        foreach (var rule in rules) WriteRule(json, rule);
        json.EndArray();
        json.EndObject();
        json.EndObject();
    }

    private static void WriteRule(SarifJsonWriter json, RuleDescriptor rule)
    {
        var category = rule.Category.StartsWith("Hardening.", StringComparison.Ordinal) ? rule.Category.Substring("Hardening.".Length) : rule.Category;
        json.StartObject();
        json.Property("id", rule.Id);
        json.Property("name", RuleName(rule));
        json.TextObject("shortDescription", rule.Title + ".");
        json.TextObject("fullDescription",
            $"{rule.Title}. A {category} rule of HardeningTasks, reported as {rule.DefaultSeverity.ToWord()} by default; {rule.HelpLink} explains what it checks, why it matters and how to fix it.");
        json.Property("helpUri", rule.HelpLink);
        json.Name("help");
        json.StartObject();
        json.Property("text",
            $"{rule.Title}. See {rule.HelpLink} for a bad and a good example. Change the severity in .editorconfig (dotnet_diagnostic.{rule.Id}.severity = error, warning, suggestion or none), " +
            $"or accept one occurrence with a comment on the line before it: # hardening-ignore {rule.Id} <reason>.");
        json.Property("markdown",
            $"**{rule.Title}.** See [{rule.Id}]({rule.HelpLink}) for a bad and a good example. Change the severity in `.editorconfig` (`dotnet_diagnostic.{rule.Id}.severity = error`, `warning`, `suggestion` or `none`), " +
            $"or accept one occurrence with a comment on the line before it: `# hardening-ignore {rule.Id} <reason>`.");
        json.EndObject();
        json.Name("defaultConfiguration");
        json.StartObject();
        json.Property("level", rule.DefaultSeverity.ToSarifLevel());
        json.EndObject();
        json.Name("properties");
        json.StartObject();
        json.Property("category", rule.Category);
        json.Name("tags");
        json.StartArray();
        json.String(rule.Category);
        json.EndArray();
        json.EndObject();
        json.EndObject();
    }

    private static void WriteResult(SarifJsonWriter json, Result result, int ruleIndex, string hash, int occurrence, string? root)
    {
        var finding = result.Finding;
        json.StartObject();
        json.Property("ruleId", finding.RuleId);
        json.Property("ruleIndex", ruleIndex);
        json.Property("level", finding.Severity.ToSarifLevel());
        json.TextObject("message", finding.Message);
        if (result.Uri.Uri.Length > 0)
        {
            json.Name("locations");
            json.StartArray();
            WriteLocation(json, result.Uri, result.Region);
            json.EndArray();
        }
        json.Name("partialFingerprints");
        json.StartObject();
        json.Property(FingerprintName, hash);
        json.Property("primaryLocationLineHash", hash + ":" + occurrence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        json.EndObject();
        if (finding.BaselineState != BaselineState.None)
            json.Property("baselineState", finding.BaselineState == BaselineState.Unchanged ? "unchanged" : "new");
        if (finding.Suppression is { } suppression)
        {
            // As Roslyn writes suppressed diagnostics: still a result, with why and (for a comment) where it was accepted.
            json.Name("suppressions");
            json.StartArray();
            json.StartObject();
            json.Property("kind", suppression.Kind == SuppressionKind.InSource ? "inSource" : "external");
            if (suppression.Justification.Length > 0) json.Property("justification", suppression.Justification);
            if (suppression.Location != null)
            {
                var uri = SarifArtifactUri.For(suppression.Location.FilePath, root);
                if (uri.Uri.Length > 0)
                {
                    json.Name("location");
                    WriteLocation(json, uri, Region(suppression.Location.Span));
                }
            }
            json.EndObject();
            json.EndArray();
        }
        json.EndObject();
    }

    /// <summary>The run's one invocation: it succeeded (findings are results, not failures), and what it checked and skipped.</summary>
    private static void WriteInvocation(SarifJsonWriter json, CheckSummary summary, string? root)
    {
        json.Name("invocations");
        json.StartArray();
        json.StartObject();
        json.Property("executionSuccessful", true);
        json.Name("toolExecutionNotifications");
        json.StartArray();
        WriteNotification(json, "summary", summary.Describe(), null);
        foreach (var skipped in summary.Skipped)
            WriteNotification(json, "skipped", "Not checked: " + CheckSummary.Reason(skipped.Reason) + ".", SarifArtifactUri.For(skipped.Path, root));
        if (summary.UnsetVariables.Count > 0)
            WriteNotification(json, "unset-variables", "Variables no .env, .env example or build variable sets: " + string.Join(", ", summary.UnsetVariables) + ".", null);
        json.EndArray();
        json.EndObject();
        json.EndArray();
    }

    private static void WriteNotification(SarifJsonWriter json, string id, string message, SarifArtifactUri? uri)
    {
        json.StartObject();
        json.Name("descriptor");
        json.StartObject();
        json.Property("id", id);
        json.EndObject();
        json.Property("level", "note");
        json.TextObject("message", message);
        if (uri is { Uri.Length: > 0 } at)
        {
            json.Name("locations");
            json.StartArray();
            json.StartObject();
            json.Name("physicalLocation");
            json.StartObject();
            WriteArtifactLocation(json, at);
            json.EndObject();
            json.EndObject();
            json.EndArray();
        }
        json.EndObject();
    }

    private static void WriteArtifactLocation(SarifJsonWriter json, SarifArtifactUri uri)
    {
        json.Name("artifactLocation");
        json.StartObject();
        json.Property("uri", uri.Uri);
        if (uri.Relative) json.Property("uriBaseId", SourceRootBaseId);
        json.EndObject();
    }

    private static void WriteLocation(SarifJsonWriter json, SarifArtifactUri uri, SourceSpan region)
    {
        json.StartObject();
        json.Name("physicalLocation");
        json.StartObject();
        WriteArtifactLocation(json, uri);
        json.Name("region");
        json.StartObject();
        json.Property("startLine", region.Line);
        json.Property("startColumn", region.Column);
        json.Property("endLine", region.EndLine);
        json.Property("endColumn", region.EndColumn);
        json.EndObject();
        json.EndObject();
        json.EndObject();
    }

    /// <summary>A valid SARIF region: lines and columns at least 1, and a non-empty range (an empty span covers one character).</summary>
    internal static SourceSpan Region(SourceSpan span)
    {
        var line = Math.Max(1, span.Line);
        var column = Math.Max(1, span.Column);
        var endLine = span.EndLine;
        var endColumn = span.EndColumn;
        if (endLine < line || (endLine == line && endColumn <= column))
        {
            endLine = line;
            endColumn = column + 1;
        }
        return new SourceSpan(line, column, endLine, Math.Max(1, endColumn));
    }

    private static string? NormalizeRoot(string? root)
    {
        if (string.IsNullOrWhiteSpace(root)) return null;
        var full = Path.GetFullPath(root!.Trim());
        return full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
    }

    private static string CoreVersion()
    {
        var assembly = typeof(SarifWriter).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return string.IsNullOrEmpty(informational) ? assembly.GetName().Version?.ToString(3) ?? "0.0.0" : informational!;
    }

    private sealed class Result
    {
        public Result(Finding finding, SarifArtifactUri uri)
        {
            Finding = finding;
            Uri = uri;
            Region = SarifWriter.Region(finding.Location.Span);
        }

        public Finding Finding { get; }
        public SarifArtifactUri Uri { get; }
        public SourceSpan Region { get; }
    }
}

/// <summary>A file's SARIF URI: relative to the root (forward slashes, each segment percent-encoded) or an absolute <c>file:</c> URI.</summary>
internal readonly struct SarifArtifactUri
{
    private SarifArtifactUri(string uri, bool relative)
    {
        Uri = uri;
        Relative = relative;
    }

    public string Uri { get; }
    public bool Relative { get; }

    public static SarifArtifactUri For(string filePath, string? root)
    {
        if (string.IsNullOrWhiteSpace(filePath)) return new SarifArtifactUri("", false);
        string full;
        try
        {
            full = Path.GetFullPath(filePath);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return new SarifArtifactUri(EscapePath(filePath.Replace('\\', '/')), false);
        }
        if (root != null)
        {
            var prefix = root + Path.DirectorySeparatorChar;
            if (full.StartsWith(prefix, PathText.Comparison) && full.Length > prefix.Length)
                return new SarifArtifactUri(EscapePath(full.Substring(prefix.Length).Replace('\\', '/')), true);
        }
        return new SarifArtifactUri(Absolute(full, directory: false), false);
    }

    /// <summary><c>/home/a b/x</c> → <c>file:///home/a%20b/x</c>; <c>C:\x</c> → <c>file:///C:/x</c>; <c>\\server\share\x</c> → <c>file://server/share/x</c>.</summary>
    public static string Absolute(string fullPath, bool directory)
    {
        var path = fullPath.Replace('\\', '/');
        string uri;
        if (path.StartsWith("//", StringComparison.Ordinal))
        {
            var rest = path.Substring(2);
            var slash = rest.IndexOf('/');
            uri = slash < 0 ? "file://" + rest : "file://" + rest.Substring(0, slash) + EscapePath(rest.Substring(slash));
        }
        else if (path.Length >= 2 && path[1] == ':' && char.IsLetter(path[0]))
        {
            uri = "file:///" + path.Substring(0, 2) + EscapePath(path.Substring(2));
        }
        else
        {
            uri = "file://" + (path.StartsWith("/", StringComparison.Ordinal) ? "" : "/") + EscapePath(path);
        }
        return directory && !uri.EndsWith("/", StringComparison.Ordinal) ? uri + "/" : uri;
    }

    /// <summary>Percent-encodes every byte of each segment's UTF-8 but the unreserved characters of RFC 3986; <c>/</c> stays.</summary>
    public static string EscapePath(string path)
    {
        var result = new StringBuilder(path.Length);
        foreach (var b in Encoding.UTF8.GetBytes(path))
        {
            var c = (char)b;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c is '-' or '.' or '_' or '~' or '/')
                result.Append(c);
            else
                result.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return result.ToString();
    }
}
