using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace HardeningTasks;

/// <summary>One finding as the scan stored it and the report replays it. Plain strings only: the report
/// step must not load the engine (HardeningTasks.Core, YamlDotNet) on a no-op build.</summary>
internal sealed class CachedFinding
{
    public CachedFinding(string severity, string code, string file, int line, int column, string helpLink, string message)
    {
        Severity = severity;
        Code = code;
        File = file;
        Line = line;
        Column = column;
        HelpLink = helpLink;
        Message = message;
    }

    /// <summary><c>error</c>, <c>warning</c> or <c>suggestion</c>; <c>summary</c> for the run's summary line and <c>detail</c>
    /// for a line of its detailed part (only <see cref="Message"/> is set).</summary>
    public string Severity { get; }
    public string Code { get; }

    /// <summary>Full path, or empty for a finding about the build itself (MSBuild then points at the project file).</summary>
    public string File { get; }
    public int Line { get; }
    public int Column { get; }
    public string HelpLink { get; }
    public string Message { get; }
}

/// <summary>
/// The findings of the last scan, one per line, tab-separated (severity, code, file, line, column, help link, message),
/// with <c>\</c>, tab, CR and LF escaped. The first line names the format so a file from another version is ignored
/// rather than misread (the scan re-runs anyway: the task assembly path is part of the inputs hash).
/// </summary>
internal static class FindingsCache
{
    public const string Header = "#HardeningTasks findings v1";

    /// <summary>The record of the summary line (normal verbosity), and of each line of its detail (detailed verbosity).</summary>
    public const string Summary = "summary";
    public const string Detail = "detail";

    public static CachedFinding SummaryLine(string kind, string message) => new(kind, "", "", 0, 0, "", message);

    public static void Write(string path, IEnumerable<CachedFinding> findings)
    {
        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        foreach (var f in findings)
        {
            text.Append(TabSeparatedText.Escape(f.Severity)).Append('\t')
                .Append(TabSeparatedText.Escape(f.Code)).Append('\t')
                .Append(TabSeparatedText.Escape(f.File)).Append('\t')
                .Append(f.Line.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(f.Column.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(TabSeparatedText.Escape(f.HelpLink)).Append('\t')
                .Append(TabSeparatedText.Escape(f.Message)).Append('\n');
        }
        WriteAllText(path, text.ToString());
    }

    /// <summary>Reads the cache; null when it is missing. Throws <see cref="InvalidDataException"/> on a file this version did not write.</summary>
    public static List<CachedFinding>? Read(string path)
    {
        if (!System.IO.File.Exists(path)) return null;
        var lines = System.IO.File.ReadAllLines(path, Encoding.UTF8);
        if (lines.Length == 0 || lines[0] != Header)
            throw new InvalidDataException($"'{path}' is not a findings cache of this version of HardeningTasks.");
        var result = new List<CachedFinding>(lines.Length - 1);
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var fields = lines[i].Split('\t');
            if (fields.Length != 7
                || !int.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var line)
                || !int.TryParse(fields[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out var column))
                throw new InvalidDataException($"'{path}' line {i + 1} is not a finding.");
            result.Add(new CachedFinding(TabSeparatedText.Unescape(fields[0]), TabSeparatedText.Unescape(fields[1]), TabSeparatedText.Unescape(fields[2]), line, column, TabSeparatedText.Unescape(fields[5]), TabSeparatedText.Unescape(fields[6])));
        }
        return result;
    }

    /// <summary>Writes UTF-8 without BOM, creating the folder; atomically (<see cref="AtomicFile"/>), so the report step
    /// of a concurrent build of the same project never reads half a cache.</summary>
    public static void WriteAllText(string path, string text)
    {
        var bytes = new UTF8Encoding(false).GetBytes(text);
        AtomicFile.Write(path, stream => stream.Write(bytes, 0, bytes.Length));
    }
}
