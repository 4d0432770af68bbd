using System;
using System.Text;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Parsing;

/// <summary>
/// Turns a file's bytes into text the parsers can trust: BOMs honoured (UTF-8, UTF-16 LE/BE), line ends
/// normalised to <c>\n</c> (so every parser counts lines alike), and binary or mis-encoded files refused
/// with the position of the first bad byte.
/// </summary>
public static class SourceText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string? Decode(byte[] bytes, out LoadError? error, bool allowNul = false)
    {
        error = null;
        string text;
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
            text = Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        else if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
            text = Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        else
        {
            var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            var nul = allowNul ? -1 : Array.IndexOf(bytes, (byte)0, start);
            if (nul >= 0)
            {
                error = new LoadError("The file contains NUL bytes: it looks binary, not text. Exclude it from the checked items or fix its encoding.", SpanOfByte(bytes, start, nul));
                return null;
            }
            try
            {
                text = StrictUtf8.GetString(bytes, start, bytes.Length - start);
            }
            catch (DecoderFallbackException ex)
            {
                _ = ex;
                var bad = start + FindInvalidUtf8(bytes, start);
                error = new LoadError("The file is not valid UTF-8 (an invalid byte sequence). Save it as UTF-8.", SpanOfByte(bytes, start, bad));
                return null;
            }
        }
        return NormalizeLineEnds(text);
    }

    public static string NormalizeLineEnds(string text)
    {
        if (text.IndexOf('\r') < 0) return text;
        return text.Replace("\r\n", "\n").Replace('\r', '\n');
    }

    /// <summary>Offset (relative to <paramref name="start"/>) of the first byte that starts an invalid UTF-8 sequence.</summary>
    private static int FindInvalidUtf8(byte[] bytes, int start)
    {
        var i = start;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            var need = b < 0x80 ? 0 : (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 : (b & 0xF8) == 0xF0 ? 3 : -1;
            if (need < 0) return i - start;
            for (var k = 1; k <= need; k++)
                if (i + k >= bytes.Length || (bytes[i + k] & 0xC0) != 0x80) return i - start;
            i += need + 1;
        }
        return 0;
    }

    private static SourceSpan SpanOfByte(byte[] bytes, int start, int offset)
    {
        // Count lines and (character) columns up to the offending byte, treating continuation bytes as part of a character.
        int line = 1, column = 1;
        for (var i = start; i < offset && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n') { line++; column = 1; }
            else if ((bytes[i] & 0xC0) != 0x80) column++;
        }
        return SourceSpan.At(line, column);
    }
}
