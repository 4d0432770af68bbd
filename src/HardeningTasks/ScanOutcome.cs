using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace HardeningTasks;

/// <summary>What a scan tells the build besides the files it wrote (findings cache, SARIF, inputs, units): how many
/// findings, the notes to log and at which importance, and an error about a path the user chose. The task logs it the
/// same way whichever process ran the scan; the native engine returns it as a file (<see cref="Write"/>, <see cref="Read"/>).</summary>
internal sealed class ScanOutcome
{
    public const string Header = "#HardeningTasks scan outcome v1";

    public int FindingCount { get; set; }

    /// <summary>In order: <see cref="ScanNote.Importance"/> is <c>high</c>, <c>normal</c> or <c>low</c>, or <c>error</c> for
    /// an HRD000 error (<see cref="ScanNote.Detail"/>: the exception, logged at low importance after it).</summary>
    public List<ScanNote> Notes { get; } = new();

    public string Serialize()
    {
        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        text.Append("findings\t").Append(FindingCount.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var note in Notes)
            text.Append("note\t").Append(TabSeparatedText.Escape(note.Importance)).Append('\t')
                .Append(TabSeparatedText.Escape(note.Text)).Append('\t').Append(TabSeparatedText.Escape(note.Detail)).Append('\n');
        return text.ToString();
    }

    public void Write(string path) => File.WriteAllText(path, Serialize(), new UTF8Encoding(false));

    /// <summary>Reads an outcome; throws <see cref="InvalidDataException"/> on anything this version did not write.</summary>
    public static ScanOutcome Read(string path)
    {
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        if (lines.Length < 2 || lines[0] != Header)
            throw new InvalidDataException($"'{path}' is not a scan outcome of this version of HardeningTasks.");
        var outcome = new ScanOutcome();
        var counted = false;
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var fields = lines[i].Split('\t').Select(TabSeparatedText.Unescape).ToArray();
            if (fields[0] == "findings" && fields.Length == 2 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                outcome.FindingCount = count;
                counted = true;
            }
            else if (fields[0] == "note" && fields.Length == 4)
                outcome.Notes.Add(new ScanNote(fields[1], fields[2], fields[3]));
            else
                throw new InvalidDataException($"'{path}' line {(i + 1).ToString(CultureInfo.InvariantCulture)} is not a scan outcome entry.");
        }
        if (!counted) throw new InvalidDataException($"'{path}' has no finding count.");
        return outcome;
    }
}

/// <summary>One message of a scan for the build log.</summary>
internal sealed class ScanNote
{
    public const string High = "high";
    public const string Normal = "normal";
    public const string Low = "low";
    public const string Error = "error";

    public ScanNote(string importance, string text, string detail = "")
    {
        Importance = importance;
        Text = text;
        Detail = detail;
    }

    public string Importance { get; }
    public string Text { get; }
    public string Detail { get; }
}
