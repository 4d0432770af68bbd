using System;
using System.Collections.Generic;
using System.Text;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Dockerfile;
using HardeningTasks.Core.Model.Yaml;
using HardeningTasks.Core.Parsing;
using HardeningTasks.Core.Parsing.Dockerfile;
using HardeningTasks.Core.Parsing.Yaml;

namespace HardeningTasks.Core.Fixes;

/// <summary>
/// A file's text exactly as written (line ends, byte order mark and encoding kept, unlike <see cref="SourceText"/>, which
/// normalises line ends for the parsers), with the line table that turns the model's lines and columns into offsets,
/// and the file parsed again as written (no interpolation) for fixes that edit YAML or Dockerfile structure. Line and
/// column numbers are the same in both texts: only the line terminators differ.
/// </summary>
public sealed class FixDocument
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private readonly int[] lineStarts;
    private readonly Lazy<YNode?> yaml;
    private readonly Lazy<DockerfileModel?> dockerfile;

    public FixDocument(string path, string text, byte[]? preamble = null, Encoding? encoding = null)
    {
        Path = path;
        Text = text;
        Preamble = preamble ?? Array.Empty<byte>();
        Encoding = encoding ?? new UTF8Encoding(false);
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            if (text[i] == '\n' || text[i] == '\r') starts.Add(i + 1);
        }
        lineStarts = starts.ToArray();
        var crlf = text.IndexOf("\r\n", StringComparison.Ordinal);
        var lf = text.IndexOf('\n');
        Newline = crlf >= 0 && crlf + 1 == lf ? "\r\n" : "\n";
        var normalized = SourceText.NormalizeLineEnds(text);
        yaml = new Lazy<YNode?>(() => YamlLoader.Load(path, normalized).Root);
        dockerfile = new Lazy<DockerfileModel?>(() => DockerfileParser.Parse(path, normalized).Model);
    }

    public string Path { get; }

    /// <summary>The text, without the byte order mark.</summary>
    public string Text { get; }

    /// <summary>The byte order mark the file starts with (empty for none), written back unchanged.</summary>
    public byte[] Preamble { get; }

    public Encoding Encoding { get; }

    /// <summary>The line terminator the file uses (that of its first line; <c>\n</c> for a one-line file).</summary>
    public string Newline { get; }

    public int LineCount => lineStarts.Length;

    /// <summary>The file as written, parsed as YAML (aliases resolved, merge keys applied); null when it does not parse.</summary>
    public YNode? Yaml => yaml.Value;

    /// <summary>The file parsed as a Dockerfile; null when it does not parse.</summary>
    public DockerfileModel? Dockerfile => dockerfile.Value;

    /// <summary>The text of a line (1-based) without its terminator; empty past the end.</summary>
    public string Line(int line)
    {
        if (line < 1 || line > lineStarts.Length) return "";
        var start = lineStarts[line - 1];
        var end = line < lineStarts.Length ? lineStarts[line] : Text.Length;
        while (end > start && (Text[end - 1] == '\n' || Text[end - 1] == '\r')) end--;
        return Text.Substring(start, end - start);
    }

    /// <summary>True when the line ends with a terminator (every line but maybe the last).</summary>
    public bool HasTerminator(int line) => line < lineStarts.Length;

    /// <summary>The offset of a 1-based line and column, clamped to the line.</summary>
    public int Offset(int line, int column)
    {
        if (line < 1) return 0;
        if (line > lineStarts.Length) return Text.Length;
        return lineStarts[line - 1] + Math.Max(0, Math.Min(column - 1, Line(line).Length));
    }

    /// <summary>The 1-based line and column of an offset.</summary>
    public (int Line, int Column) Position(int offset)
    {
        var index = Array.BinarySearch(lineStarts, offset);
        if (index < 0) index = ~index - 1;
        return (index + 1, offset - lineStarts[index] + 1);
    }

    public string Slice(SourceSpan span)
    {
        var start = Offset(span.Line, span.Column);
        var end = Offset(span.EndLine, span.EndColumn);
        return end > start ? Text.Substring(start, end - start) : "";
    }

    /// <summary>The leading spaces of a line.</summary>
    public int Indent(int line)
    {
        var text = Line(line);
        var i = 0;
        while (i < text.Length && text[i] == ' ') i++;
        return i;
    }

    /// <summary>True for a line that is empty, blank or only a comment.</summary>
    public bool IsBlankOrComment(int line)
    {
        var text = Line(line).Trim();
        return text.Length == 0 || text[0] == '#';
    }

    /// <summary>The document after <paramref name="edits"/>.</summary>
    public string Apply(IEnumerable<TextEdit> edits) => TextEdits.Apply(this, edits);

    /// <summary>Reads a file as written; null when it cannot be read or is not text (no fix is offered for it).</summary>
    public static FixDocument? Read(IFileSystem fileSystem, string path)
    {
        try
        {
            if (!fileSystem.FileExists(path)) return null;
            var bytes = fileSystem.ReadAllBytes(path);
            return FromBytes(path, bytes);
        }
        catch (Exception ex) when (ex is System.IO.IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    public static FixDocument? FromBytes(string path, byte[] bytes)
    {
        try
        {
            if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
                return new FixDocument(path, Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2), new byte[] { 0xFF, 0xFE }, new UnicodeEncoding(false, false));
            if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
                return new FixDocument(path, Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2), new byte[] { 0xFE, 0xFF }, new UnicodeEncoding(true, false));
            var bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
            var start = bom ? 3 : 0;
            if (Array.IndexOf(bytes, (byte)0, start) >= 0) return null;
            return new FixDocument(path, StrictUtf8.GetString(bytes, start, bytes.Length - start), bom ? new byte[] { 0xEF, 0xBB, 0xBF } : null);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>The bytes of <paramref name="text"/> as this file is encoded (its byte order mark first).</summary>
    public byte[] Encode(string text)
    {
        var body = Encoding.GetBytes(text);
        var bytes = new byte[Preamble.Length + body.Length];
        Buffer.BlockCopy(Preamble, 0, bytes, 0, Preamble.Length);
        Buffer.BlockCopy(body, 0, bytes, Preamble.Length, body.Length);
        return bytes;
    }
}
