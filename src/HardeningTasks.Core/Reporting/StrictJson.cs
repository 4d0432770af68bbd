using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace HardeningTasks.Core.Reporting;

/// <summary>A JSON value with the 1-based line and column (UTF-16 code units) it starts at.</summary>
internal abstract class JsonValue
{
    protected JsonValue(int line, int column)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }
    public int Column { get; }

    /// <summary><c>an object</c>, <c>a string</c>, …: for messages.</summary>
    public abstract string Kind { get; }
}

internal sealed class JsonObject : JsonValue
{
    public JsonObject(int line, int column) : base(line, column) { }

    /// <summary>The members in the order written; names are unique (a repeated name is a syntax error).</summary>
    public List<JsonMember> Members { get; } = new();

    public override string Kind => "an object";
}

internal sealed class JsonMember
{
    public JsonMember(string name, int line, int column, JsonValue value)
    {
        Name = name;
        Line = line;
        Column = column;
        Value = value;
    }

    public string Name { get; }

    /// <summary>Where the name is written.</summary>
    public int Line { get; }
    public int Column { get; }
    public JsonValue Value { get; }
}

internal sealed class JsonArray : JsonValue
{
    public JsonArray(int line, int column) : base(line, column) { }
    public List<JsonValue> Items { get; } = new();
    public override string Kind => "an array";
}

internal sealed class JsonString : JsonValue
{
    public JsonString(int line, int column, string value) : base(line, column) => Value = value;
    public string Value { get; }
    public override string Kind => "a string";
}

internal sealed class JsonNumber : JsonValue
{
    public JsonNumber(int line, int column, string text) : base(line, column) => Text = text;

    /// <summary>The number as written.</summary>
    public string Text { get; }

    public bool TryGetInt32(out int value) => int.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    public override string Kind => "a number";
}

internal sealed class JsonLiteral : JsonValue
{
    public JsonLiteral(int line, int column, string text) : base(line, column) => Text = text;

    /// <summary><c>true</c>, <c>false</c> or <c>null</c>.</summary>
    public string Text { get; }
    public override string Kind => Text == "null" ? "null" : "a boolean";
}

/// <summary>A syntax error at a 1-based line and column.</summary>
internal sealed class JsonSyntaxException : Exception
{
    public JsonSyntaxException(int line, int column, string message) : base(message)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }
    public int Column { get; }
}

/// <summary>
/// A strict RFC 8259 reader that keeps where every value was written, so a malformed baseline is reported at its line
/// and column. No comments, no trailing commas, no repeated names, nesting at most <see cref="MaxDepth"/> deep (a
/// hostile file must not overflow the stack). Written here for the reason <see cref="SarifJsonWriter"/> is: the net472
/// task folder must not bring System.Text.Json.
/// </summary>
internal sealed class StrictJsonReader
{
    public const int MaxDepth = 64;

    private readonly string text;
    private int position;
    private int line = 1;
    private int lineStart;

    private StrictJsonReader(string text) => this.text = text;

    /// <summary>The one value <paramref name="text"/> holds. Throws <see cref="JsonSyntaxException"/>.</summary>
    public static JsonValue Parse(string text)
    {
        var reader = new StrictJsonReader(text);
        if (text.Length > 0 && text[0] == '\uFEFF') reader.position = reader.lineStart = 1;
        reader.SkipWhitespace();
        var value = reader.ReadValue(0);
        reader.SkipWhitespace();
        if (reader.position < text.Length) throw reader.Error("Unexpected text after the end of the JSON document.");
        return value;
    }

    private int Column => position - lineStart + 1;

    private JsonSyntaxException Error(string message) => new(line, Column, message);

    private JsonValue ReadValue(int depth)
    {
        if (position >= text.Length) throw Error("The JSON document ends where a value was expected.");
        var c = text[position];
        switch (c)
        {
            case '{': return ReadObject(depth + 1);
            case '[': return ReadArray(depth + 1);
            case '"':
            {
                var (l, col) = (line, Column);
                return new JsonString(l, col, ReadString());
            }
            case 't': return ReadLiteral("true");
            case 'f': return ReadLiteral("false");
            case 'n': return ReadLiteral("null");
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber();
                throw Error($"Unexpected character {Describe(c)} where a value was expected.");
        }
    }

    private JsonObject ReadObject(int depth)
    {
        if (depth > MaxDepth) throw Error($"The JSON nests deeper than {MaxDepth} levels.");
        var result = new JsonObject(line, Column);
        position++;
        SkipWhitespace();
        if (Peek() == '}')
        {
            position++;
            return result;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            if (Peek() != '"') throw Error(Peek() == '}' ? "A trailing comma is not allowed in JSON." : "A property name in double quotes was expected.");
            var (nameLine, nameColumn) = (line, Column);
            var name = ReadString();
            if (!names.Add(name)) throw new JsonSyntaxException(nameLine, nameColumn, $"The property '{name}' is written twice in this object.");
            SkipWhitespace();
            if (Peek() != ':') throw Error("A ':' was expected after the property name.");
            position++;
            SkipWhitespace();
            result.Members.Add(new JsonMember(name, nameLine, nameColumn, ReadValue(depth)));
            SkipWhitespace();
            var next = Peek();
            position++;
            if (next == '}') return result;
            if (next != ',')
            {
                position--;
                throw Error(next == '\0' && position >= text.Length ? "The JSON document ends inside an object." : "A ',' or '}' was expected.");
            }
            SkipWhitespace();
        }
    }

    private JsonArray ReadArray(int depth)
    {
        if (depth > MaxDepth) throw Error($"The JSON nests deeper than {MaxDepth} levels.");
        var result = new JsonArray(line, Column);
        position++;
        SkipWhitespace();
        if (Peek() == ']')
        {
            position++;
            return result;
        }
        while (true)
        {
            if (Peek() == ']') throw Error("A trailing comma is not allowed in JSON.");
            result.Items.Add(ReadValue(depth));
            SkipWhitespace();
            var next = Peek();
            position++;
            if (next == ']') return result;
            if (next != ',')
            {
                position--;
                throw Error(position >= text.Length ? "The JSON document ends inside an array." : "A ',' or ']' was expected.");
            }
            SkipWhitespace();
        }
    }

    private string ReadString()
    {
        var value = new StringBuilder();
        position++; // the opening quote
        while (true)
        {
            if (position >= text.Length) throw Error("The JSON document ends inside a string.");
            var c = text[position];
            if (c == '"')
            {
                position++;
                return value.ToString();
            }
            if (c < 0x20) throw Error("A control character (such as a line break) must be escaped inside a JSON string.");
            if (c != '\\')
            {
                value.Append(c);
                position++;
                continue;
            }
            if (position + 1 >= text.Length) throw Error("The JSON document ends inside a string.");
            var escape = text[position + 1];
            switch (escape)
            {
                case '"': value.Append('"'); break;
                case '\\': value.Append('\\'); break;
                case '/': value.Append('/'); break;
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case 'n': value.Append('\n'); break;
                case 'r': value.Append('\r'); break;
                case 't': value.Append('\t'); break;
                case 'u':
                    if (position + 6 > text.Length || !int.TryParse(text.Substring(position + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                        || text.Substring(position + 2, 4).IndexOfAny(new[] { '+', '-', ' ' }) >= 0)
                        throw Error("\\u must be followed by four hexadecimal digits.");
                    value.Append((char)code);
                    position += 6;
                    continue;
                default:
                    throw Error($"'\\{escape}' is not a JSON escape.");
            }
            position += 2;
        }
    }

    private JsonNumber ReadNumber()
    {
        var (l, col) = (line, Column);
        var start = position;
        if (Peek() == '-') position++;
        if (Peek() == '0') position++;
        else if (IsDigit(Peek())) while (IsDigit(Peek())) position++;
        else throw Error("A digit was expected.");
        if (Peek() == '.')
        {
            position++;
            if (!IsDigit(Peek())) throw Error("A digit was expected after the decimal point.");
            while (IsDigit(Peek())) position++;
        }
        if (Peek() is 'e' or 'E')
        {
            position++;
            if (Peek() is '+' or '-') position++;
            if (!IsDigit(Peek())) throw Error("A digit was expected in the exponent.");
            while (IsDigit(Peek())) position++;
        }
        if (IsDigit(Peek())) throw Error("A number may not start with 0 followed by more digits.");
        return new JsonNumber(l, col, text.Substring(start, position - start));
    }

    private JsonLiteral ReadLiteral(string literal)
    {
        var (l, col) = (line, Column);
        if (string.CompareOrdinal(text, position, literal, 0, literal.Length) != 0)
            throw Error($"Unexpected text where a value was expected (strings need double quotes).");
        position += literal.Length;
        return new JsonLiteral(l, col, literal);
    }

    private void SkipWhitespace()
    {
        while (position < text.Length)
        {
            var c = text[position];
            if (c == '\n')
            {
                line++;
                lineStart = position + 1;
            }
            else if (c != ' ' && c != '\t' && c != '\r')
            {
                if (c == '/' ) throw Error("Comments are not allowed in JSON.");
                return;
            }
            position++;
        }
    }

    private char Peek() => position < text.Length ? text[position] : '\0';

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private static string Describe(char c) => c < 0x20 || c == '\u007f' ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : $"'{c}'";
}
