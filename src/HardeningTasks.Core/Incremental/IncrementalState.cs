using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Rules;

namespace HardeningTasks.Core.Incremental;

/// <summary>
/// One analysis unit as the last scan left it: the top-level inputs it covers (<see cref="Seeds"/>), every question it
/// asked the file system with the answer, the keys that couple it to other units, and its findings (final: severities applied; those a <c># hardening-ignore</c>
/// accepted carry their <see cref="Finding.Suppression"/>, for SARIF).
/// </summary>
public sealed class UnitRecord
{
    public UnitRecord(IReadOnlyList<string> seeds, IReadOnlyList<Observation> observations, IReadOnlyList<string> keys,
        IReadOnlyList<Finding> findings, CheckSummary summary)
    {
        Summary = summary;
        Seeds = seeds;
        Observations = observations;
        Keys = keys;
        Findings = findings;
    }

    public IReadOnlyList<string> Seeds { get; }
    public IReadOnlyList<Observation> Observations { get; }
    public IReadOnlyList<string> Keys { get; }
    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>What the unit checked (its skipped files are the whole scan's, decided before the units).</summary>
    public CheckSummary Summary { get; }
}

/// <summary>
/// The per-unit cache of an incremental scan (in the build, <c>obj/hardening/&lt;project&gt;.units.txt</c>). The
/// <see cref="Fingerprint"/> covers everything that is not a file (options, variables, the engine build): when it
/// differs, nothing is reused. Stored as tab-separated lines with <c>\</c>, tab, CR and LF escaped; a file this version
/// cannot read is treated as absent (a full analysis), never as an error.
/// </summary>
public sealed class IncrementalState
{
    public const string Header = "#HardeningTasks units v4";

    public IncrementalState(string fingerprint, IReadOnlyList<UnitRecord> units)
    {
        Fingerprint = fingerprint;
        Units = units;
    }

    public string Fingerprint { get; }
    public IReadOnlyList<UnitRecord> Units { get; }

    public string Serialize()
    {
        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        Line(text, "fingerprint", Fingerprint);
        foreach (var unit in Units)
        {
            Line(text, "unit");
            foreach (var seed in unit.Seeds) Line(text, "seed", seed);
            foreach (var o in unit.Observations) Line(text, "obs", ((int)o.Kind).ToString(CultureInfo.InvariantCulture), o.Path, o.Answer);
            foreach (var key in unit.Keys) Line(text, "key", key);
            foreach (var path in unit.Summary.ComposeFiles) Line(text, "checked", "compose", path);
            foreach (var path in unit.Summary.ComposeProjects) Line(text, "checked", "project", path);
            foreach (var variant in unit.Summary.ComposeVariants) Line(text, "checked", "variant", variant);
            foreach (var path in unit.Summary.Dockerfiles) Line(text, "checked", "dockerfile", path);
            foreach (var path in unit.Summary.TraefikFiles) Line(text, "checked", "traefik", path);
            foreach (var name in unit.Summary.UnsetVariables) Line(text, "unset", name);
            foreach (var f in unit.Findings)
                Line(text, "finding", f.RuleId, ((int)f.Severity).ToString(CultureInfo.InvariantCulture), f.Location.FilePath,
                    Int(f.Location.Span.Line), Int(f.Location.Span.Column), Int(f.Location.Span.EndLine), Int(f.Location.Span.EndColumn),
                    f.Message, Nullable(f.Subject), Nullable(f.Value), Suppression(f.Suppression));
            Line(text, "end");
        }
        return text.ToString();
    }

    /// <summary>The state in <paramref name="text"/>, or null when it is not a state this version wrote.</summary>
    public static IncrementalState? Parse(string text)
    {
        var lines = text.Split('\n');
        if (lines.Length < 2 || lines[0] != Header) return null;
        var descriptors = RuleCatalog.Descriptors.ToDictionary(d => d.Id, StringComparer.Ordinal);
        string? fingerprint = null;
        var units = new List<UnitRecord>();
        List<string>? seeds = null, keys = null;
        List<Observation>? observations = null;
        List<Finding>? findings = null;
        Dictionary<string, List<string>>? summary = null;
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var f = lines[i].Split('\t').Select(TabSeparatedText.Unescape).ToArray();
            switch (f[0])
            {
                case "fingerprint" when f.Length == 2 && fingerprint == null:
                    fingerprint = f[1];
                    break;
                case "unit" when seeds == null:
                    seeds = new List<string>();
                    keys = new List<string>();
                    observations = new List<Observation>();
                    findings = new List<Finding>();
                    summary = new[] { "compose", "project", "variant", "dockerfile", "traefik", "unset" }.ToDictionary(k => k, _ => new List<string>(), StringComparer.Ordinal);
                    break;
                case "seed" when f.Length == 2 && seeds != null:
                    seeds.Add(f[1]);
                    break;
                case "obs" when f.Length == 4 && observations != null && int.TryParse(f[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kind)
                                && Enum.IsDefined(typeof(ObservationKind), kind):
                    observations.Add(new Observation((ObservationKind)kind, f[2], f[3]));
                    break;
                case "key" when f.Length == 2 && keys != null:
                    keys.Add(f[1]);
                    break;
                case "checked" when f.Length == 3 && summary != null && f[1] != "unset" && summary.TryGetValue(f[1], out var paths):
                    paths.Add(f[2]);
                    break;
                case "unset" when f.Length == 2 && summary != null:
                    summary["unset"].Add(f[1]);
                    break;
                case "finding" when f.Length == 12 && findings != null && TryParseSuppression(f[11], out var suppression) && descriptors.TryGetValue(f[1], out var rule)
                                    && int.TryParse(f[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var severity)
                                    && TryInt(f[4], out var line) && TryInt(f[5], out var column) && TryInt(f[6], out var endLine) && TryInt(f[7], out var endColumn):
                    findings.Add(new Finding(rule, new SourceLocation(f[3], new SourceSpan(line, column, endLine, endColumn)), f[8], ParseNullable(f[9]), ParseNullable(f[10]))
                    {
                        Severity = (Severity)severity,
                        Suppression = suppression,
                    });
                    break;
                case "end" when seeds != null && summary != null:
                    units.Add(new UnitRecord(seeds, observations!, keys!, findings!,
                        new CheckSummary(summary["compose"], summary["project"], summary["dockerfile"], summary["traefik"], Array.Empty<SkippedInput>(), summary["unset"], summary["variant"])));
                    seeds = null;
                    break;
                default:
                    return null;
            }
        }
        return fingerprint == null || seeds != null ? null : new IncrementalState(fingerprint, units);
    }

    /// <summary>The state stored at <paramref name="path"/>, or null when there is none this version can use.</summary>
    public static IncrementalState? Load(string path)
    {
        try
        {
            return File.Exists(path) ? Parse(File.ReadAllText(path, Encoding.UTF8)) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void Line(StringBuilder text, string tag, params string[] fields)
    {
        text.Append(tag);
        foreach (var field in fields) text.Append('\t').Append(TabSeparatedText.Escape(field));
        text.Append('\n');
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static bool TryInt(string text, out int value) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    // kind, justification and the comment's place in one field (its parts separated by U+001F, which neither has)
    private static string Suppression(FindingSuppression? s) => s == null ? "" : string.Join("\u001f",
        ((int)s.Kind).ToString(CultureInfo.InvariantCulture), s.Justification, s.Location?.FilePath ?? "",
        Int(s.Location?.Span.Line ?? 0), Int(s.Location?.Span.Column ?? 0), Int(s.Location?.Span.EndLine ?? 0), Int(s.Location?.Span.EndColumn ?? 0));

    private static bool TryParseSuppression(string text, out FindingSuppression? suppression)
    {
        suppression = null;
        if (text.Length == 0) return true;
        var p = text.Split('\u001f');
        if (p.Length != 7 || !TryInt(p[0], out var kind) || !Enum.IsDefined(typeof(SuppressionKind), kind)
            || !TryInt(p[3], out var line) || !TryInt(p[4], out var column) || !TryInt(p[5], out var endLine) || !TryInt(p[6], out var endColumn))
            return false;
        var location = p[2].Length == 0 ? null : new SourceLocation(p[2], new SourceSpan(line, column, endLine, endColumn));
        suppression = new FindingSuppression((SuppressionKind)kind, p[1], location);
        return true;
    }

    // null and "" must differ: a null field is empty, a present one starts with '='
    private static string Nullable(string? value) => value == null ? "" : "=" + value;

    private static string? ParseNullable(string text) => text.Length == 0 ? null : text.Substring(1);
}
