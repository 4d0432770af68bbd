using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using HardeningTasks.Core.Configuration;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Parsing;
using HardeningTasks.Core.Rules;

namespace HardeningTasks.Core.Reporting;

/// <summary>
/// What identifies a finding across edits: rule, file (relative to the baseline, forward slashes), subject (service or
/// stage) and offending value; the message only when the rule gives neither subject nor value. Never a line or column,
/// so moving lines, reformatting and reindenting keep matching.
/// </summary>
public readonly record struct BaselineKey(string Rule, string File, string? Subject, string? Value, string? Message)
{
    public static BaselineKey Of(Finding finding, string baselineDirectory) => new(
        finding.RuleId,
        PathText.Relative(baselineDirectory, finding.Location.FilePath),
        finding.Subject,
        finding.Value,
        finding.Subject == null && finding.Value == null ? finding.Message : null);

    /// <summary>The order entries are written in: file, rule, subject, value, message (ordinal; a missing field first).</summary>
    public static int Compare(BaselineKey a, BaselineKey b)
    {
        var c = string.CompareOrdinal(a.File, b.File);
        if (c == 0) c = string.CompareOrdinal(a.Rule, b.Rule);
        if (c == 0) c = string.CompareOrdinal(a.Subject, b.Subject);
        if (c == 0) c = string.CompareOrdinal(a.Value, b.Value);
        if (c == 0) c = string.CompareOrdinal(a.Message, b.Message);
        return c;
    }
}

/// <summary>One accepted fingerprint and how many findings it absorbs.</summary>
public sealed record BaselineEntry(BaselineKey Key, int Count);

/// <summary>The findings after a baseline was applied, and how many accepted findings were not found any more.</summary>
public sealed class BaselineOutcome
{
    public BaselineOutcome(IReadOnlyList<Finding> findings, int stale, Finding? problem, int written)
    {
        Findings = findings;
        Stale = stale;
        Problem = problem;
        Written = written;
    }

    /// <summary>
    /// The findings given, in the same order, each with its <see cref="Finding.BaselineState"/> when a baseline was in use;
    /// those the baseline accepts carry an external <see cref="Finding.Suppression"/> (not reported, kept in SARIF). The
    /// HRD090 of a malformed baseline is appended.
    /// </summary>
    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>Accepted findings (counting multiplicity) that were not found: the baseline can be updated.</summary>
    public int Stale { get; }

    /// <summary>The HRD090 of a malformed baseline (then nothing was filtered), else null.</summary>
    public Finding? Problem { get; }

    /// <summary>How many findings an update wrote (counting multiplicity); -1 when nothing was written.</summary>
    public int Written { get; }
}

/// <summary>
/// The baseline (<c>hardening-baseline.json</c>): the findings a team accepted when it turned the check on, so later
/// builds report only new ones. Applied after analysis, to the combined findings of every <see cref="Engine.Analyze"/>
/// call, as its own step. The file is readable JSON (not hashes) so a review diff shows what was accepted; it is sorted
/// and formatted the same way every time, so regenerating an unchanged baseline gives the same bytes. Matching is a
/// multiset: N identical entries absorb at most N findings. Tool diagnostics (HRD000, HRD090, HRD091) are never baselined.
/// </summary>
public sealed class Baseline
{
    public const int FormatVersion = 1;
    public const string DefaultFileName = "hardening-baseline.json";

    private Baseline(string path, IReadOnlyList<BaselineEntry> entries)
    {
        FilePath = path;
        Entries = entries;
    }

    /// <summary>The full path of the baseline file.</summary>
    public string FilePath { get; }

    /// <summary>The directory entry files are relative to.</summary>
    public string Directory => Path.GetDirectoryName(FilePath) ?? "";

    public IReadOnlyList<BaselineEntry> Entries { get; }

    /// <summary>The reason SARIF gives for a finding this baseline accepts.</summary>
    public string Justification => "accepted in " + Path.GetFileName(FilePath);

    /// <summary>Whether a finding can be baselined: a rule's finding (not a tool diagnostic), not suppressed in the file, reported.</summary>
    public static bool Accepts(Finding finding) =>
        finding.Rule.Category != Categories.Tool && finding.Suppression == null && finding.Severity.IsReported();

    /// <summary>A baseline of <paramref name="findings"/> (those <see cref="Accepts"/> takes) for the file at <paramref name="path"/>.</summary>
    public static Baseline From(string path, IEnumerable<Finding> findings)
    {
        var full = PathText.Full(path);
        var directory = Path.GetDirectoryName(full) ?? "";
        var entries = findings.Where(Accepts)
            .GroupBy(f => BaselineKey.Of(f, directory))
            .Select(g => new BaselineEntry(g.Key, g.Count()))
            .ToList();
        entries.Sort((a, b) => BaselineKey.Compare(a.Key, b.Key));
        return new Baseline(full, entries);
    }

    /// <summary>
    /// Reads the baseline at <paramref name="path"/>. A missing file is no baseline (null, no problem); a malformed one is
    /// null with an HRD090 at the line and column of the first mistake in <paramref name="problem"/>.
    /// </summary>
    public static Baseline? Read(string path, IFileSystem fileSystem, out Finding? problem, long maxBytes = SourceReader.DefaultMaxFileBytes, SettingNames? names = null)
    {
        var update = (names ?? SettingNames.MSBuild).UpdateBaseline;
        problem = null;
        var full = PathText.Full(path);
        if (!fileSystem.FileExists(full)) return null;
        var text = SourceReader.TryRead(fileSystem, full, maxBytes, out var error);
        if (text == null)
        {
            problem = Malformed(full, error?.Span.Line ?? 1, error?.Span.Column ?? 1, error?.Message ?? "The file could not be read.", update);
            return null;
        }
        try
        {
            var root = StrictJsonReader.Parse(text);
            return new Baseline(full, ReadEntries(root));
        }
        catch (JsonSyntaxException ex)
        {
            problem = Malformed(full, ex.Line, ex.Column, ex.Message, update);
            return null;
        }
    }

    private static Finding Malformed(string path, int line, int column, string message, string update) =>
        ToolDiagnostics.ConfigurationProblem.At(new SourceLocation(path, SourceSpan.At(line, column)), null, null,
            $"The baseline is not valid: {message} No finding is filtered by it; fix the file or write it again with {update}.");

    private static List<BaselineEntry> ReadEntries(JsonValue root)
    {
        var document = Expect<JsonObject>(root, "The baseline must be a JSON object");
        var members = Members(document, "version", "tool", "findings");
        if (!members.TryGetValue("version", out var versionValue))
            throw new JsonSyntaxException(document.Line, document.Column, "The baseline has no \"version\".");
        var version = Expect<JsonNumber>(versionValue, "\"version\" must be a number");
        if (!version.TryGetInt32(out var v) || v != FormatVersion)
            throw new JsonSyntaxException(version.Line, version.Column, $"\"version\" is {version.Text}; this version of HardeningTasks reads version {FormatVersion}.");
        if (members.TryGetValue("tool", out var tool)) Expect<JsonString>(tool, "\"tool\" must be a string");
        if (!members.TryGetValue("findings", out var findingsValue))
            throw new JsonSyntaxException(document.Line, document.Column, "The baseline has no \"findings\" array.");
        var findings = Expect<JsonArray>(findingsValue, "\"findings\" must be an array");

        var entries = new List<BaselineEntry>();
        foreach (var item in findings.Items)
        {
            var entry = Expect<JsonObject>(item, "Each finding must be an object");
            var fields = Members(entry, "rule", "file", "subject", "value", "message", "count");
            var rule = RequiredString(entry, fields, "rule");
            var ruleText = ((JsonString)fields["rule"]).Value;
            if (RuleCatalog.Find(ruleText) == null || ToolDiagnostics.All.Any(t => t.Id == ruleText))
                throw new JsonSyntaxException(fields["rule"].Line, fields["rule"].Column, $"\"{ruleText}\" is not a HardeningTasks rule that can be baselined.");
            var file = RequiredString(entry, fields, "file");
            if (file.Length == 0 || file.IndexOf('\\') >= 0)
                throw new JsonSyntaxException(fields["file"].Line, fields["file"].Column, "\"file\" must be a path relative to the baseline, with forward slashes.");
            var count = 1;
            if (fields.TryGetValue("count", out var countValue))
            {
                var number = Expect<JsonNumber>(countValue, "\"count\" must be a number");
                if (!number.TryGetInt32(out count) || count < 1)
                    throw new JsonSyntaxException(number.Line, number.Column, "\"count\" must be a whole number of at least 1.");
            }
            entries.Add(new BaselineEntry(new BaselineKey(rule, file, OptionalString(fields, "subject"), OptionalString(fields, "value"), OptionalString(fields, "message")), count));
        }
        return entries;
    }

    private static T Expect<T>(JsonValue value, string what) where T : JsonValue =>
        value as T ?? throw new JsonSyntaxException(value.Line, value.Column, $"{what}, not {value.Kind}.");

    private static Dictionary<string, JsonValue> Members(JsonObject value, params string[] known)
    {
        var result = new Dictionary<string, JsonValue>(StringComparer.Ordinal);
        foreach (var member in value.Members)
        {
            if (Array.IndexOf(known, member.Name) < 0)
                throw new JsonSyntaxException(member.Line, member.Column, $"Unknown property \"{member.Name}\"; expected {string.Join(", ", known.Select(k => "\"" + k + "\""))}.");
            result[member.Name] = member.Value;
        }
        return result;
    }

    private static string RequiredString(JsonObject entry, Dictionary<string, JsonValue> fields, string name)
    {
        if (!fields.TryGetValue(name, out var value))
            throw new JsonSyntaxException(entry.Line, entry.Column, $"This finding has no \"{name}\".");
        return Expect<JsonString>(value, $"\"{name}\" must be a string").Value;
    }

    private static string? OptionalString(Dictionary<string, JsonValue> fields, string name) =>
        fields.TryGetValue(name, out var value) ? Expect<JsonString>(value, $"\"{name}\" must be a string").Value : null;

    /// <summary>
    /// Marks each finding as new or unchanged. In the order given, each finding whose key still has an unused entry is
    /// unchanged (and suppressed, kind external); the rest are new. Tool diagnostics and inline-suppressed findings are
    /// never matched.
    /// </summary>
    public IReadOnlyList<Finding> Apply(IReadOnlyList<Finding> findings, out int stale)
    {
        var remaining = new Dictionary<BaselineKey, int>();
        foreach (var entry in Entries)
            remaining[entry.Key] = (remaining.TryGetValue(entry.Key, out var n) ? n : 0) + entry.Count;
        var directory = Directory;
        var suppression = new FindingSuppression(SuppressionKind.External, Justification, null);
        var result = new List<Finding>(findings.Count);
        foreach (var finding in findings)
        {
            if (Accepts(finding) && remaining.TryGetValue(BaselineKey.Of(finding, directory), out var left) && left > 0)
            {
                remaining[BaselineKey.Of(finding, directory)] = left - 1;
                result.Add(finding with { BaselineState = BaselineState.Unchanged, Suppression = suppression });
            }
            else
            {
                result.Add(finding.Suppression == null ? finding with { BaselineState = BaselineState.New } : finding);
            }
        }
        stale = remaining.Values.Sum();
        return result;
    }

    /// <summary>The file's text: 2-space indent, <c>\n</c> line ends, a final newline, no timestamp.</summary>
    public string ToJson()
    {
        using var writer = new StringWriter();
        var json = new SarifJsonWriter(writer);
        json.StartObject();
        json.Property("version", FormatVersion);
        json.Property("tool", SarifWriter.ToolName);
        json.Name("findings");
        json.StartArray();
        foreach (var entry in Entries)
        {
            json.StartObject();
            json.Property("rule", entry.Key.Rule);
            json.Property("file", entry.Key.File);
            if (entry.Key.Subject != null) json.Property("subject", entry.Key.Subject);
            if (entry.Key.Value != null) json.Property("value", entry.Key.Value);
            if (entry.Key.Message != null) json.Property("message", entry.Key.Message);
            json.Property("count", entry.Count);
            json.EndObject();
        }
        json.EndArray();
        json.EndObject();
        return writer.ToString();
    }

    /// <summary>Writes <see cref="ToJson"/> to <see cref="FilePath"/> (UTF-8, no byte-order mark), creating the folder.</summary>
    public void Write()
    {
        var directory = Directory;
        if (directory.Length > 0) System.IO.Directory.CreateDirectory(directory);
        File.WriteAllText(FilePath, ToJson(), new UTF8Encoding(false));
    }

    /// <summary>How many findings the baseline accepts (entries times their counts).</summary>
    public int Count => Entries.Sum(e => e.Count);

    /// <summary>
    /// The whole step, as the build and the CLI run it on the combined findings of an analysis. With
    /// <paramref name="update"/>, writes the baseline from <paramref name="findings"/> (a malformed old file is simply
    /// replaced) and applies it; else reads <paramref name="path"/> (missing: no baseline, findings returned as they are;
    /// malformed: HRD090 appended, nothing filtered) and applies it.
    /// </summary>
    public static BaselineOutcome Process(IReadOnlyList<Finding> findings, string path, bool update, IFileSystem fileSystem, SettingNames? names = null)
    {
        Baseline? baseline;
        Finding? problem = null;
        var written = -1;
        if (update)
        {
            baseline = From(path, findings);
            try
            {
                baseline.Write();
                written = baseline.Count;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                problem = ToolDiagnostics.ConfigurationProblem.At(SourceLocation.FileStart(baseline.FilePath), null, null,
                    $"The baseline could not be written: {ex.Message} No finding is filtered.");
                return new BaselineOutcome(findings.Concat(new[] { problem }).ToList(), 0, problem, -1);
            }
        }
        else
        {
            baseline = Read(path, fileSystem, out problem, SourceReader.DefaultMaxFileBytes, names);
        }
        if (baseline == null)
            return new BaselineOutcome(problem == null ? findings : findings.Concat(new[] { problem }).ToList(), 0, problem, written);
        var applied = baseline.Apply(findings, out var stale);
        return new BaselineOutcome(applied, stale, null, written);
    }
}
