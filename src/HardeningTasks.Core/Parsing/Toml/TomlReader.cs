using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Parsing.Toml;

/// <summary>The document of a TOML file as a mapping (empty for an empty file), or why it could not be read.</summary>
public sealed record TomlLoadResult(YMapping? Root, LoadError? Error);

/// <summary>
/// A TOML 1.0 reader for configuration files (Traefik's <c>traefik.toml</c> and dynamic files): tables, arrays of
/// tables, dotted and quoted keys, inline tables, arrays, basic/literal/multi-line strings, integers, floats, booleans
/// and date-times (kept as text), comments. It produces the same <see cref="YNode"/> tree the YAML loader does, with the
/// line and column of every key and value, so one flattening serves both formats; strings are non-plain scalars,
/// every other value a plain scalar in its canonical text (integers in decimal, <c>true</c>/<c>false</c>).
/// Malformed input is refused with the exact position of the problem, and definitions TOML forbids (a key or a table
/// defined twice, appending to an inline table or a static array) are refused as TOML parsers do.
/// </summary>
/// <remarks>
/// Written here rather than taken from a package: the TOML library available to this build (Tomlyn) brings
/// System.Text.Json into the .NET Framework task folder, and none of them reports positions for values.
/// </remarks>
public static class TomlReader
{
    public const int MaxDepth = 128;

    public static TomlLoadResult Load(string path, string text)
    {
        try
        {
            var parser = new Parser(path, text);
            return new TomlLoadResult(parser.ParseDocument(), null);
        }
        catch (TomlException ex)
        {
            return new TomlLoadResult(null, new LoadError("Invalid TOML: " + ex.Message, SourceSpan.At(ex.Line, ex.Column)));
        }
    }

    private sealed class TomlException : Exception
    {
        public TomlException(string message, int line, int column) : base(message)
        {
            Line = line;
            Column = column;
        }

        public int Line { get; }
        public int Column { get; }
    }

    private enum TableKind
    {
        /// <summary>Created as a parent of a <c>[a.b]</c> header; may be defined later by its own header.</summary>
        Implicit,

        /// <summary>Defined by a <c>[header]</c> (or as an element of an array of tables).</summary>
        Header,

        /// <summary>Created by a dotted key (<c>a.b = 1</c>); more dotted keys may add to it.</summary>
        Dotted,

        /// <summary>An inline table: closed once written.</summary>
        Inline,
    }

    private abstract class Value
    {
        protected Value(int start, int end)
        {
            Start = start;
            End = end;
        }

        public int Start { get; }
        public int End { get; set; }
    }

    private sealed class ScalarValue : Value
    {
        public ScalarValue(string text, bool isString, int start, int end) : base(start, end)
        {
            Text = text;
            IsString = isString;
        }

        public string Text { get; }
        public bool IsString { get; }
    }

    private sealed class ArrayValue : Value
    {
        public ArrayValue(bool isTableArray, int start, int end) : base(start, end) => IsTableArray = isTableArray;

        public List<Value> Items { get; } = new();

        /// <summary>An array of tables (<c>[[x]]</c>) may be appended to; an array written as a value may not.</summary>
        public bool IsTableArray { get; }
    }

    private sealed class TableValue : Value
    {
        public TableValue(TableKind kind, int start, int end) : base(start, end) => Kind = kind;

        public TableKind Kind { get; set; }
        public List<Entry> Entries { get; } = new();
        public Dictionary<string, Entry> ByKey { get; } = new(StringComparer.Ordinal);
    }

    private sealed class Entry
    {
        public Entry(string key, int keyStart, int keyEnd, Value value)
        {
            Key = key;
            KeyStart = keyStart;
            KeyEnd = keyEnd;
            Value = value;
        }

        public string Key { get; }
        public int KeyStart { get; }
        public int KeyEnd { get; }
        public Value Value { get; }
    }

    private readonly record struct KeyPart(string Name, int Start, int End);

    private sealed class Parser
    {
        private static readonly Regex DecimalInteger = new(@"^[+-]?(0|[1-9](_?[0-9])*)$", RegexOptions.CultureInvariant);
        private static readonly Regex HexInteger = new(@"^0x[0-9A-Fa-f](_?[0-9A-Fa-f])*$", RegexOptions.CultureInvariant);
        private static readonly Regex OctalInteger = new(@"^0o[0-7](_?[0-7])*$", RegexOptions.CultureInvariant);
        private static readonly Regex BinaryInteger = new(@"^0b[01](_?[01])*$", RegexOptions.CultureInvariant);
        private static readonly Regex Float = new(@"^[+-]?(0|[1-9](_?[0-9])*)((\.[0-9](_?[0-9])*)([eE][+-]?[0-9](_?[0-9])*)?|[eE][+-]?[0-9](_?[0-9])*)$", RegexOptions.CultureInvariant);
        private static readonly Regex SpecialFloat = new(@"^[+-]?(inf|nan)$", RegexOptions.CultureInvariant);
        private static readonly Regex LocalDate = new(@"^\d{4}-\d{2}-\d{2}$", RegexOptions.CultureInvariant);
        private static readonly Regex DateTime = new(
            @"^(\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?)?|\d{2}:\d{2}:\d{2}(\.\d+)?)$", RegexOptions.CultureInvariant);

        private readonly string path;
        private readonly string text;
        private readonly List<int> lineStarts = new() { 0 };
        private readonly TableValue root;
        private int pos;

        public Parser(string path, string text)
        {
            this.path = path;
            this.text = text;
            for (var i = 0; i < text.Length; i++)
                if (text[i] == '\n') lineStarts.Add(i + 1);
            root = new TableValue(TableKind.Header, 0, 0);
        }

        public YMapping ParseDocument()
        {
            var current = root;
            while (true)
            {
                SkipBlankLinesAndComments();
                if (pos >= text.Length) break;
                var c = text[pos];
                if (c == '[')
                    current = ParseHeader();
                else
                    ParseKeyValue(current, depth: 0);
                ExpectEndOfLine();
            }
            return (YMapping)ToNode(root, SourceSpan.FileStart, 0);
        }

        // ---- structure ----

        private TableValue ParseHeader()
        {
            var start = pos;
            var isArray = pos + 1 < text.Length && text[pos + 1] == '[';
            pos += isArray ? 2 : 1;
            SkipWhitespace();
            var keys = ParseKey();
            SkipWhitespace();
            if (isArray)
            {
                if (!(Peek() == ']' && Peek(1) == ']')) throw Error("expected ']]' to close the array-of-tables header", pos);
                pos += 2;
            }
            else
            {
                if (Peek() != ']') throw Error("expected ']' to close the table header", pos);
                pos++;
            }

            var table = root;
            for (var i = 0; i < keys.Count - 1; i++)
                table = Descend(table, keys[i], start);

            var last = keys[keys.Count - 1];
            table.ByKey.TryGetValue(last.Name, out var existing);
            if (isArray)
            {
                var element = new TableValue(TableKind.Header, start, pos);
                if (existing == null)
                {
                    var array = new ArrayValue(true, start, pos);
                    array.Items.Add(element);
                    Add(table, last, array);
                }
                else if (existing.Value is ArrayValue { IsTableArray: true } array)
                    array.Items.Add(element);
                else
                    throw Error($"'{last.Name}' is already defined at line {LineOf(existing.KeyStart)} as {Describe(existing.Value)}; it cannot become an array of tables", last.Start);
                return element;
            }

            if (existing == null)
            {
                var created = new TableValue(TableKind.Header, start, pos);
                Add(table, last, created);
                return created;
            }
            if (existing.Value is TableValue { Kind: TableKind.Implicit } implicitTable)
            {
                implicitTable.Kind = TableKind.Header;
                return implicitTable;
            }
            throw Error($"'{last.Name}' is already defined at line {LineOf(existing.KeyStart)}; a table can be defined only once", last.Start);
        }

        /// <summary>The table a header's intermediate key names: created when missing, the last element of an array of tables.</summary>
        private TableValue Descend(TableValue table, KeyPart key, int headerStart)
        {
            if (!table.ByKey.TryGetValue(key.Name, out var entry))
            {
                var created = new TableValue(TableKind.Implicit, headerStart, headerStart);
                Add(table, key, created);
                return created;
            }
            return entry.Value switch
            {
                TableValue { Kind: TableKind.Inline } => throw Error($"'{key.Name}' is an inline table (line {LineOf(entry.KeyStart)}); inline tables cannot be extended", key.Start),
                TableValue existing => existing,
                ArrayValue { IsTableArray: true } array => (TableValue)array.Items[array.Items.Count - 1],
                _ => throw Error($"'{key.Name}' is already defined at line {LineOf(entry.KeyStart)} as {Describe(entry.Value)}, not a table", key.Start),
            };
        }

        private void ParseKeyValue(TableValue table, int depth)
        {
            var keys = ParseKey();
            SkipWhitespace();
            if (Peek() != '=') throw Error(pos < text.Length && text[pos] != '\n' ? $"expected '=' after the key '{keys[keys.Count - 1].Name}'" : $"the key '{keys[keys.Count - 1].Name}' has no value (expected '=')", pos);
            pos++;
            SkipWhitespace();
            var value = ParseValue(depth + 1);

            var target = table;
            for (var i = 0; i < keys.Count - 1; i++)
            {
                var key = keys[i];
                if (!target.ByKey.TryGetValue(key.Name, out var entry))
                {
                    var created = new TableValue(TableKind.Dotted, key.Start, key.End);
                    Add(target, key, created);
                    target = created;
                    continue;
                }
                if (entry.Value is TableValue { Kind: TableKind.Dotted } dotted)
                {
                    target = dotted;
                    continue;
                }
                throw Error($"'{key.Name}' is already defined at line {LineOf(entry.KeyStart)}" +
                    (entry.Value is TableValue t && t.Kind == TableKind.Inline ? " as an inline table, which cannot be extended" : entry.Value is TableValue ? " as a table; dotted keys cannot add to it" : " as " + Describe(entry.Value)), key.Start);
            }

            var last = keys[keys.Count - 1];
            if (target.ByKey.TryGetValue(last.Name, out var duplicate))
                throw Error($"the key '{last.Name}' is already defined at line {LineOf(duplicate.KeyStart)}", last.Start);
            Add(target, last, value);
        }

        private static void Add(TableValue table, KeyPart key, Value value)
        {
            var entry = new Entry(key.Name, key.Start, key.End, value);
            table.Entries.Add(entry);
            table.ByKey.Add(key.Name, entry);
        }

        // ---- keys ----

        private List<KeyPart> ParseKey()
        {
            var parts = new List<KeyPart>();
            while (true)
            {
                SkipWhitespace();
                var start = pos;
                string name;
                var c = Peek();
                if (c == '"')
                {
                    if (Peek(1) == '"' && Peek(2) == '"') throw Error("a key cannot be a multi-line string", pos);
                    name = ParseBasicString();
                }
                else if (c == '\'')
                {
                    if (Peek(1) == '\'' && Peek(2) == '\'') throw Error("a key cannot be a multi-line string", pos);
                    name = ParseLiteralString();
                }
                else
                {
                    while (pos < text.Length && IsBareKeyChar(text[pos])) pos++;
                    if (pos == start)
                        throw Error(pos >= text.Length || text[pos] == '\n' ? "expected a key" : $"unexpected character '{Show(text[pos])}' where a key was expected", pos);
                    name = text.Substring(start, pos - start);
                }
                parts.Add(new KeyPart(name, start, pos));
                SkipWhitespace();
                if (Peek() != '.') return parts;
                pos++;
            }
        }

        private static bool IsBareKeyChar(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-';

        // ---- values ----

        private Value ParseValue(int depth)
        {
            if (depth > MaxDepth) throw Error($"values nest deeper than {MaxDepth} levels", pos);
            var start = pos;
            var c = Peek();
            switch (c)
            {
                case '"':
                {
                    var s = Peek(1) == '"' && Peek(2) == '"' ? ParseMultiLineBasicString() : ParseBasicString();
                    return new ScalarValue(s, true, start, pos);
                }
                case '\'':
                {
                    var s = Peek(1) == '\'' && Peek(2) == '\'' ? ParseMultiLineLiteralString() : ParseLiteralString();
                    return new ScalarValue(s, true, start, pos);
                }
                case '[':
                    return ParseArray(depth);
                case '{':
                    return ParseInlineTable(depth);
                case '\0':
                case '\n':
                case '#':
                    throw Error("expected a value", pos);
            }
            return ParseBareValue();
        }

        private Value ParseBareValue()
        {
            var start = pos;
            while (pos < text.Length && IsBareValueChar(text[pos])) pos++;
            // A date and a time may be separated by one space: 1979-05-27 07:32:00Z.
            if (pos - start == 10 && Peek() == ' ' && pos + 1 < text.Length && char.IsDigit(text[pos + 1])
                && LocalDate.IsMatch(text.Substring(start, 10)))
            {
                pos++;
                while (pos < text.Length && IsBareValueChar(text[pos])) pos++;
            }
            var token = text.Substring(start, pos - start);
            if (token.Length == 0) throw Error($"unexpected character '{Show(text[start])}' where a value was expected", start);
            string canonical;
            if (token is "true" or "false") canonical = token;
            else if (DecimalInteger.IsMatch(token)) canonical = Integer(token.Replace("_", ""), 10, start);
            else if (HexInteger.IsMatch(token)) canonical = Integer(token.Substring(2).Replace("_", ""), 16, start);
            else if (OctalInteger.IsMatch(token)) canonical = Integer(token.Substring(2).Replace("_", ""), 8, start);
            else if (BinaryInteger.IsMatch(token)) canonical = Integer(token.Substring(2).Replace("_", ""), 2, start);
            else if (Float.IsMatch(token) || SpecialFloat.IsMatch(token)) canonical = token.Replace("_", "");
            else if (DateTime.IsMatch(token)) canonical = token;
            else
            {
                var hint = token.Length > 0 && (char.IsLetter(token[0]) || token[0] == ':')
                    ? $"'{token}' is not a TOML value; strings need quotes (\"{token}\")"
                    : $"'{token}' is not a valid TOML value";
                throw Error(hint, start);
            }
            return new ScalarValue(canonical, false, start, pos);
        }

        private string Integer(string digits, int radix, int start)
        {
            try
            {
                if (radix == 10) return long.Parse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
                return Convert.ToInt64(digits, radix).ToString(CultureInfo.InvariantCulture);
            }
            catch (OverflowException)
            {
                throw Error("the integer does not fit in 64 bits", start);
            }
        }

        private static bool IsBareValueChar(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' or '+' or '.' or ':';

        private ArrayValue ParseArray(int depth)
        {
            var start = pos;
            pos++;
            var array = new ArrayValue(false, start, start);
            while (true)
            {
                SkipBlankLinesAndComments();
                if (Peek() == ']')
                {
                    pos++;
                    break;
                }
                if (pos >= text.Length) throw Error("the array is not closed (expected ']')", start);
                array.Items.Add(ParseValue(depth + 1));
                SkipBlankLinesAndComments();
                if (Peek() == ',')
                {
                    pos++;
                    continue;
                }
                if (Peek() == ']')
                {
                    pos++;
                    break;
                }
                throw Error(pos >= text.Length ? "the array is not closed (expected ']')" : $"expected ',' or ']' in the array, found '{Show(text[pos])}'", pos >= text.Length ? start : pos);
            }
            array.End = pos;
            return array;
        }

        private TableValue ParseInlineTable(int depth)
        {
            var start = pos;
            pos++;
            var table = new TableValue(TableKind.Dotted, start, start);
            SkipWhitespace();
            if (Peek() == '}')
            {
                pos++;
            }
            else
            {
                while (true)
                {
                    SkipWhitespace();
                    if (Peek() == '\n' || pos >= text.Length) throw Error("an inline table must be written on one line (expected '}')", pos);
                    ParseKeyValue(table, depth);
                    SkipWhitespace();
                    if (Peek() == ',')
                    {
                        var comma = pos++;
                        SkipWhitespace();
                        if (Peek() == '}') throw Error("an inline table cannot end with a trailing comma", comma);
                        continue;
                    }
                    if (Peek() == '}')
                    {
                        pos++;
                        break;
                    }
                    throw Error(pos >= text.Length || text[pos] == '\n' ? "the inline table is not closed (expected '}')" : $"expected ',' or '}}' in the inline table, found '{Show(text[pos])}'", pos);
                }
            }
            Seal(table);
            table.End = pos;
            return table;
        }

        private static void Seal(TableValue table)
        {
            table.Kind = TableKind.Inline;
            foreach (var entry in table.Entries)
                if (entry.Value is TableValue child) Seal(child);
        }

        // ---- strings ----

        private string ParseBasicString()
        {
            var start = pos;
            pos++;
            var builder = new StringBuilder();
            while (true)
            {
                if (pos >= text.Length || text[pos] == '\n') throw Error("the string is not closed (expected '\"' before the end of the line)", start);
                var c = text[pos];
                if (c == '"')
                {
                    pos++;
                    return builder.ToString();
                }
                if (c == '\\')
                {
                    builder.Append(ParseEscape());
                    continue;
                }
                CheckControl(c, allowTab: true);
                builder.Append(c);
                pos++;
            }
        }

        private string ParseMultiLineBasicString()
        {
            var start = pos;
            pos += 3;
            if (Peek() == '\n') pos++;
            var builder = new StringBuilder();
            while (true)
            {
                if (pos >= text.Length) throw Error("the multi-line string is not closed (expected '\"\"\"')", start);
                var c = text[pos];
                if (c == '"' && Peek(1) == '"' && Peek(2) == '"')
                {
                    var run = 3;
                    while (pos + run < text.Length && text[pos + run] == '"' && run < 5) run++;
                    builder.Append('"', run - 3);
                    pos += run;
                    return builder.ToString();
                }
                if (c == '\\')
                {
                    // A line-ending backslash trims the newline and the whitespace that follows.
                    var look = pos + 1;
                    while (look < text.Length && text[look] is ' ' or '\t') look++;
                    if (look < text.Length && text[look] == '\n')
                    {
                        pos = look;
                        while (pos < text.Length && text[pos] is ' ' or '\t' or '\n') pos++;
                        continue;
                    }
                    builder.Append(ParseEscape());
                    continue;
                }
                if (c != '\n') CheckControl(c, allowTab: true);
                builder.Append(c);
                pos++;
            }
        }

        private string ParseLiteralString()
        {
            var start = pos;
            pos++;
            var from = pos;
            while (true)
            {
                if (pos >= text.Length || text[pos] == '\n') throw Error("the string is not closed (expected \"'\" before the end of the line)", start);
                if (text[pos] == '\'') break;
                CheckControl(text[pos], allowTab: true);
                pos++;
            }
            var value = text.Substring(from, pos - from);
            pos++;
            return value;
        }

        private string ParseMultiLineLiteralString()
        {
            var start = pos;
            pos += 3;
            if (Peek() == '\n') pos++;
            var from = pos;
            while (true)
            {
                if (pos >= text.Length) throw Error("the multi-line string is not closed (expected \"'''\")", start);
                if (text[pos] == '\'' && Peek(1) == '\'' && Peek(2) == '\'')
                {
                    var run = 3;
                    while (pos + run < text.Length && text[pos + run] == '\'' && run < 5) run++;
                    var value = text.Substring(from, pos - from) + new string('\'', run - 3);
                    pos += run;
                    return value;
                }
                if (text[pos] != '\n') CheckControl(text[pos], allowTab: true);
                pos++;
            }
        }

        private string ParseEscape()
        {
            var at = pos;
            pos++;
            if (pos >= text.Length) throw Error("the escape sequence is incomplete", at);
            var c = text[pos++];
            switch (c)
            {
                case 'b': return "\b";
                case 't': return "\t";
                case 'n': return "\n";
                case 'f': return "\f";
                case 'r': return "\r";
                case 'e': return "\u001B";
                case '"': return "\"";
                case '\\': return "\\";
                case 'u': return Unicode(4, at);
                case 'U': return Unicode(8, at);
                default: throw Error($"'\\{Show(c)}' is not a valid escape sequence", at);
            }
        }

        private string Unicode(int digits, int at)
        {
            if (pos + digits > text.Length) throw Error("the unicode escape is incomplete", at);
            var hex = text.Substring(pos, digits);
            if (!int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code) || hex.IndexOfAny(new[] { '+', '-', ' ' }) >= 0)
                throw Error($"'{hex}' is not a hexadecimal unicode escape", at);
            if (code is > 0x10FFFF or (>= 0xD800 and <= 0xDFFF)) throw Error($"U+{hex} is not a unicode scalar value", at);
            pos += digits;
            return char.ConvertFromUtf32(code);
        }

        private void CheckControl(char c, bool allowTab)
        {
            if ((c < 0x20 && !(allowTab && c == '\t')) || c == 0x7F)
                throw Error($"control character U+{(int)c:X4} must be escaped in a string", pos);
        }

        // ---- whitespace ----

        private void SkipWhitespace()
        {
            while (pos < text.Length && text[pos] is ' ' or '\t') pos++;
        }

        private void SkipComment()
        {
            if (Peek() != '#') return;
            while (pos < text.Length && text[pos] != '\n')
            {
                if (text[pos] != '\t' && (text[pos] < 0x20 || text[pos] == 0x7F)) throw Error($"control character U+{(int)text[pos]:X4} is not allowed in a comment", pos);
                pos++;
            }
        }

        private void SkipBlankLinesAndComments()
        {
            while (pos < text.Length)
            {
                SkipWhitespace();
                SkipComment();
                if (Peek() == '\n') pos++;
                else return;
            }
        }

        private void ExpectEndOfLine()
        {
            SkipWhitespace();
            SkipComment();
            if (pos >= text.Length) return;
            if (text[pos] != '\n') throw Error($"unexpected '{Show(text[pos])}' after the value; put one key = value per line", pos);
            pos++;
        }

        private char Peek(int ahead = 0) => pos + ahead < text.Length ? text[pos + ahead] : '\0';

        // ---- positions and the tree ----

        private (int Line, int Column) Position(int offset)
        {
            var index = lineStarts.BinarySearch(offset);
            if (index < 0) index = ~index - 1;
            return (index + 1, offset - lineStarts[index] + 1);
        }

        private int LineOf(int offset) => Position(offset).Line;

        private SourceLocation Locate(int start, int end)
        {
            var (line, column) = Position(start);
            var (endLine, endColumn) = Position(Math.Max(start, end));
            return new SourceLocation(path, new SourceSpan(line, column, endLine, endColumn));
        }

        private TomlException Error(string message, int offset)
        {
            var (line, column) = Position(Math.Min(offset, text.Length));
            return new TomlException(message.TrimEnd('.') + ".", line, column);
        }

        private static string Show(char c) => c < 0x20 || c == 0x7F ? $"U+{(int)c:X4}" : c.ToString();

        private static string Describe(Value value) => value switch
        {
            TableValue => "a table",
            ArrayValue { IsTableArray: true } => "an array of tables",
            ArrayValue => "an array",
            _ => "a value",
        };

        private YNode ToNode(Value value, SourceSpan fallback, int depth)
        {
            switch (value)
            {
                case ScalarValue scalar:
                    return new YScalar(scalar.Text, !scalar.IsString, Locate(scalar.Start, scalar.End));
                case ArrayValue array:
                    var items = new List<YNode>(array.Items.Count);
                    foreach (var item in array.Items) items.Add(ToNode(item, fallback, depth + 1));
                    return new YSequence(items, Locate(array.Start, array.End));
                case TableValue table:
                    var entries = new List<YEntry>(table.Entries.Count);
                    foreach (var entry in table.Entries)
                        entries.Add(new YEntry(new YScalar(entry.Key, true, Locate(entry.KeyStart, entry.KeyEnd)), ToNode(entry.Value, fallback, depth + 1)));
                    var location = ReferenceEquals(table, root) ? new SourceLocation(path, fallback) : Locate(table.Start, table.End);
                    return new YMapping(entries, location);
                default:
                    throw new InvalidOperationException("unknown TOML value");
            }
        }
    }
}
