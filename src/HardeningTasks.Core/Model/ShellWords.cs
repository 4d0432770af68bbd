using System.Collections.Generic;
using System.Text;

namespace HardeningTasks.Core.Model;

/// <summary>One word of a string-form <c>command:</c>, with where it starts in the string and whether it was written
/// exactly as its text (no quotes or escapes), so positions inside it map one to one onto the source.</summary>
public readonly record struct ShellWord(string Text, int Offset, bool IsVerbatim);

/// <summary>
/// Splits a string-form <c>command:</c>/<c>entrypoint:</c> the way Docker Compose does (shell words: blanks separate,
/// single quotes are literal, double quotes allow <c>\"</c> and <c>\\</c>, a backslash outside quotes escapes the next character).
/// </summary>
public static class ShellWords
{
    public static IReadOnlyList<ShellWord> Split(string text)
    {
        var words = new List<ShellWord>();
        var current = new StringBuilder();
        var start = -1;
        var verbatim = true;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                Flush();
                i++;
                continue;
            }
            if (start < 0) start = i;
            switch (c)
            {
                case '\'':
                    verbatim = false;
                    i++;
                    while (i < text.Length && text[i] != '\'') current.Append(text[i++]);
                    i++;
                    break;
                case '"':
                    verbatim = false;
                    i++;
                    while (i < text.Length && text[i] != '"')
                    {
                        if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`') i++;
                        current.Append(text[i++]);
                    }
                    i++;
                    break;
                case '\\' when i + 1 < text.Length:
                    verbatim = false;
                    current.Append(text[i + 1]);
                    i += 2;
                    break;
                default:
                    current.Append(c);
                    i++;
                    break;
            }
        }
        Flush();
        return words;

        void Flush()
        {
            if (start < 0) return;
            words.Add(new ShellWord(current.ToString(), start, verbatim));
            current.Clear();
            start = -1;
            verbatim = true;
        }
    }
}
