using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace HardeningTasks.Core.Parsing.Dockerfile;

/// <summary>
/// The exec-form test BuildKit makes (<c>parseJSON</c>): the arguments start with <c>[</c> and the first JSON value
/// decodes (text after it is ignored, as Go's json.Decoder ignores it). A valid array with a non-string element is an
/// error; anything that is not valid JSON is the shell form.
/// </summary>
internal static class JsonStringArray
{
    internal enum Outcome { ShellForm, Strings, NotStrings }

    /// <summary>A decoded element and the offsets of its literal (quotes included) in the parsed text.</summary>
    internal readonly record struct Element(string Value, int Start, int End);

    public static Outcome TryParse(string text, out List<Element> elements)
    {
        elements = new List<Element>();
        var reader = new Reader(text);
        reader.SkipWhitespace();
        if (reader.Peek != '[') return Outcome.ShellForm;
        var allStrings = true;
        if (!reader.Array(elements, ref allStrings, top: true)) return Outcome.ShellForm;
        return allStrings ? Outcome.Strings : Outcome.NotStrings;
    }

    private sealed class Reader
    {
        private readonly string s;
        private int pos;
        private int depth;

        public Reader(string s) => this.s = s;

        public char Peek => pos < s.Length ? s[pos] : '\0';

        public void SkipWhitespace()
        {
            while (pos < s.Length && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r')) pos++;
        }

        public bool Array(List<Element> elements, ref bool allStrings, bool top)
        {
            if (++depth > 64) return false;
            pos++; // [
            SkipWhitespace();
            if (Peek == ']')
            {
                pos++;
                depth--;
                return true;
            }
            while (true)
            {
                SkipWhitespace();
                if (Peek == '"')
                {
                    var start = pos;
                    var value = String();
                    if (value == null) return false;
                    if (top) elements.Add(new Element(value, start, pos));
                }
                else
                {
                    if (top) allStrings = false;
                    if (!Value()) return false;
                }
                SkipWhitespace();
                if (Peek == ',') { pos++; continue; }
                if (Peek == ']') { pos++; depth--; return true; }
                return false;
            }
        }

        private bool Value()
        {
            var ignored = true;
            switch (Peek)
            {
                case '"': return String() != null;
                case '[': return Array(new List<Element>(), ref ignored, top: false);
                case '{': return Object();
                case 't': return Literal("true");
                case 'f': return Literal("false");
                case 'n': return Literal("null");
                default: return Number();
            }
        }

        private bool Object()
        {
            if (++depth > 64) return false;
            pos++; // {
            SkipWhitespace();
            if (Peek == '}') { pos++; depth--; return true; }
            while (true)
            {
                SkipWhitespace();
                if (Peek != '"' || String() == null) return false;
                SkipWhitespace();
                if (Peek != ':') return false;
                pos++;
                SkipWhitespace();
                if (!Value()) return false;
                SkipWhitespace();
                if (Peek == ',') { pos++; continue; }
                if (Peek == '}') { pos++; depth--; return true; }
                return false;
            }
        }

        private bool Literal(string word)
        {
            if (string.CompareOrdinal(s, pos, word, 0, word.Length) != 0) return false;
            pos += word.Length;
            return true;
        }

        private bool Number()
        {
            var start = pos;
            if (Peek == '-') pos++;
            if (Peek == '0') pos++;
            else if (Peek >= '1' && Peek <= '9') while (Peek >= '0' && Peek <= '9') pos++;
            else return false;
            if (Peek == '.')
            {
                pos++;
                if (!(Peek >= '0' && Peek <= '9')) return false;
                while (Peek >= '0' && Peek <= '9') pos++;
            }
            if (Peek == 'e' || Peek == 'E')
            {
                pos++;
                if (Peek == '+' || Peek == '-') pos++;
                if (!(Peek >= '0' && Peek <= '9')) return false;
                while (Peek >= '0' && Peek <= '9') pos++;
            }
            return pos > start;
        }

        private string? String()
        {
            pos++; // "
            var sb = new StringBuilder();
            while (pos < s.Length)
            {
                var c = s[pos++];
                if (c == '"') return sb.ToString();
                if (c < 0x20) return null;
                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }
                if (pos >= s.Length) return null;
                var e = s[pos++];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (pos + 4 > s.Length || !int.TryParse(s.Substring(pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)) return null;
                        sb.Append((char)code);
                        pos += 4;
                        break;
                    default: return null;
                }
            }
            return null;
        }
    }
}
