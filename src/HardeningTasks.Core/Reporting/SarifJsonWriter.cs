using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace HardeningTasks.Core.Reporting;

/// <summary>
/// The few JSON writing primitives the SARIF log needs, indented with two spaces and <c>\n</c> line ends on every
/// platform, so the same findings give the same bytes. Written here rather than taken from System.Text.Json: on
/// net472 that package brings eight assemblies into the task folder of Visual Studio's MSBuild, which loads its own
/// System.Text.Json and System.Memory.
/// </summary>
internal sealed class SarifJsonWriter
{
    private readonly TextWriter writer;

    // One entry per open object/array: whether it has an element yet.
    private readonly Stack<bool> open = new();
    private bool afterName;

    public SarifJsonWriter(TextWriter writer) => this.writer = writer;

    public void StartObject()
    {
        BeforeValue();
        writer.Write('{');
        open.Push(false);
    }

    public void EndObject() => End('}');

    public void StartArray()
    {
        BeforeValue();
        writer.Write('[');
        open.Push(false);
    }

    public void EndArray() => End(']');

    public void Name(string name)
    {
        BeforeValue();
        WriteString(name);
        writer.Write(": ");
        afterName = true;
    }

    public void String(string value)
    {
        BeforeValue();
        WriteString(value);
    }

    public void Number(long value)
    {
        BeforeValue();
        writer.Write(value.ToString(CultureInfo.InvariantCulture));
    }

    public void Property(string name, string value)
    {
        Name(name);
        String(value);
    }

    public void Property(string name, long value)
    {
        Name(name);
        Number(value);
    }

    public void Property(string name, bool value)
    {
        Name(name);
        BeforeValue();
        writer.Write(value ? "true" : "false");
    }

    /// <summary><c>"name": { "text": value }</c>, SARIF's message and description shape.</summary>
    public void TextObject(string name, string text)
    {
        Name(name);
        StartObject();
        Property("text", text);
        EndObject();
    }

    private void BeforeValue()
    {
        if (afterName)
        {
            afterName = false;
            return;
        }
        if (open.Count == 0) return;
        if (open.Pop()) writer.Write(',');
        open.Push(true);
        NewLine();
    }

    private void End(char close)
    {
        var hadElements = open.Pop();
        if (hadElements) NewLine();
        writer.Write(close);
        if (open.Count == 0) writer.Write('\n');
    }

    private void NewLine()
    {
        writer.Write('\n');
        writer.Write(new string(' ', 2 * open.Count));
    }

    private void WriteString(string value)
    {
        writer.Write('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsSurrogate(c))
            {
                // A pair is written as it is; a lone half would be invalid UTF-8, so it becomes U+FFFD.
                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    writer.Write(c);
                    writer.Write(value[++i]);
                }
                else
                {
                    writer.Write('\uFFFD');
                }
                continue;
            }
            switch (c)
            {
                case '"': writer.Write("\\\""); break;
                case '\\': writer.Write("\\\\"); break;
                case '\n': writer.Write("\\n"); break;
                case '\r': writer.Write("\\r"); break;
                case '\t': writer.Write("\\t"); break;
                case '\b': writer.Write("\\b"); break;
                case '\f': writer.Write("\\f"); break;
                default:
                    // Control characters, and the two line separators JavaScript string literals cannot hold.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029')
                        writer.Write("\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        writer.Write(c);
                    break;
            }
        }
        writer.Write('"');
    }
}
