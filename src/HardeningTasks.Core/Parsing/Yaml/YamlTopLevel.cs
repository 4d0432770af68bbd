using System;
using System.Collections.Generic;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Parsing.Yaml;

/// <summary>What a YAML document's root node is.</summary>
public enum YamlShape
{
    /// <summary>No content (only comments, directives, blank lines).</summary>
    Empty,
    Mapping,
    Sequence,
    Scalar,

    /// <summary>Not YAML that YamlDotNet can read: its loader will say why.</summary>
    Invalid,
}

/// <summary>
/// The top level of a YAML file's first document (the one the loaders read): its shape, its keys, and the shape of the
/// value under <c>services</c>. Enough to tell a compose file from a Traefik config, a Kubernetes manifest, a CI
/// workflow or an Ansible playbook without building the tree.
/// <para>A line scan answers for the block mappings real files are: keys start in column 0 (plain or quoted, after a
/// BOM, comments, <c>%</c> directives and a <c>---</c> marker); a value's first content line tells a mapping from a
/// sequence. What the scan cannot read with certainty (a flow or indented root, an explicit <c>?</c> key, an anchored or
/// tagged key, a quoted or flow value continued on another line, a <c>---</c> followed by content) is answered by loading
/// the document with <see cref="YamlLoader"/>.</para>
/// </summary>
public sealed class YamlTopLevel
{
    private YamlTopLevel(YamlShape shape, IReadOnlyList<string> keys, YamlShape services)
    {
        Shape = shape;
        Keys = keys;
        Services = services;
    }

    public YamlShape Shape { get; }

    /// <summary>The root mapping's keys, as written (unquoted), in order; empty for any other shape.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>The shape of the value of the top-level key <c>services</c> (<see cref="YamlShape.Empty"/> when it is null or absent).</summary>
    public YamlShape Services { get; }

    public bool HasKey(string key, StringComparison comparison = StringComparison.Ordinal)
    {
        foreach (var k in Keys)
            if (string.Equals(k, key, comparison)) return true;
        return false;
    }

    /// <summary>The top level of <paramref name="text"/>. When the loader finds the text invalid, the keys the line scan read
    /// before it stopped are kept (a compose file with a broken service is still a compose file: its loader says what is wrong).</summary>
    public static YamlTopLevel Read(string text)
    {
        var scanned = Scan(text, out var complete);
        if (complete) return scanned;
        var loaded = Load(text);
        return loaded.Shape == YamlShape.Invalid ? new YamlTopLevel(YamlShape.Invalid, scanned.Keys, scanned.Services) : loaded;
    }

    /// <summary>The line scan; <paramref name="complete"/> is false when the text needs the full loader (the result then
    /// holds the keys read so far).</summary>
    internal static YamlTopLevel Scan(string text, out bool complete)
    {
        complete = false;
        var keys = new List<string>();
        var services = YamlShape.Empty;
        var servicesPending = false;
        var documentStarted = false;
        var position = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        while (position < text.Length)
        {
            var end = text.IndexOf('\n', position);
            if (end < 0) end = text.Length;
            var line = text.Substring(position, end - position).TrimEnd('\r');
            position = end + 1;

            var content = FirstContent(line);
            if (content < 0 || line[content] == '#') continue;

            if (content > 0)
            {
                // Indented: the root itself is indented (the loader knows), or the value of the last key.
                if (keys.Count == 0) return Partial(keys, services);
                if (servicesPending)
                {
                    services = line[content] == '-' && IsIndicator(line, content) ? YamlShape.Sequence : YamlShape.Mapping;
                    servicesPending = false;
                }
                continue;
            }

            if (line.StartsWith("---", StringComparison.Ordinal) && (line.Length == 3 || line[3] is ' ' or '\t'))
            {
                if (keys.Count > 0 || documentStarted) break; // the next document: the loaders read only the first
                if (FirstContent(line, 3) is var rest && rest >= 0 && line[rest] != '#') return Partial(keys, services);
                documentStarted = true;
                continue;
            }
            if (line.StartsWith("...", StringComparison.Ordinal) && (line.Length == 3 || line[3] is ' ' or '\t'))
            {
                if (keys.Count > 0) break;
                continue;
            }
            if (line[0] == '%' && keys.Count == 0 && !documentStarted) continue;

            if (line[0] == '-' && IsIndicator(line, 0))
            {
                // A sequence at column 0 after a key is that key's value ("key:\n- item"); before any key it is the root.
                if (keys.Count == 0)
                {
                    complete = true;
                    return new YamlTopLevel(YamlShape.Sequence, Array.Empty<string>(), YamlShape.Empty);
                }
                if (servicesPending)
                {
                    services = YamlShape.Sequence;
                    servicesPending = false;
                }
                continue;
            }

            if (servicesPending)
            {
                services = YamlShape.Empty; // "services:" followed by the next key: null
                servicesPending = false;
            }
            if (!TryReadKey(line, out var key, out var valueStart)) return Partial(keys, services);
            var value = ValueShape(line, valueStart, out var needsLoader);
            if (needsLoader) return Partial(keys, services);
            keys.Add(key);
            if (key == "services")
            {
                if (value == null) servicesPending = true;
                else services = value.Value;
            }
        }
        // Every content line at column 0 returned or added a key, so no key means comments, directives and markers only.
        complete = true;
        return keys.Count == 0
            ? new YamlTopLevel(YamlShape.Empty, Array.Empty<string>(), YamlShape.Empty)
            : new YamlTopLevel(YamlShape.Mapping, keys, services);
    }

        private static YamlTopLevel Partial(List<string> keys, YamlShape services) => new(YamlShape.Mapping, keys, services);

/// <summary>The full loader's answer, for what the line scan cannot read with certainty.</summary>
    internal static YamlTopLevel Load(string text)
    {
        var loaded = YamlLoader.Load("", text);
        if (loaded.Error != null) return new YamlTopLevel(YamlShape.Invalid, Array.Empty<string>(), YamlShape.Empty);
        switch (loaded.Root)
        {
            case null:
                return new YamlTopLevel(YamlShape.Empty, Array.Empty<string>(), YamlShape.Empty);
            case YMapping map:
                var keys = new List<string>(map.Entries.Count);
                foreach (var entry in map.Entries) keys.Add(entry.Name);
                return new YamlTopLevel(YamlShape.Mapping, keys, ShapeOf(map["services"]));
            case YSequence:
                return new YamlTopLevel(YamlShape.Sequence, Array.Empty<string>(), YamlShape.Empty);
            default:
                return new YamlTopLevel(YamlShape.Scalar, Array.Empty<string>(), YamlShape.Empty);
        }
    }

    private static YamlShape ShapeOf(YNode? node) => node switch
    {
        null => YamlShape.Empty,
        YScalar { IsNull: true } => YamlShape.Empty,
        YMapping => YamlShape.Mapping,
        YSequence => YamlShape.Sequence,
        _ => YamlShape.Scalar,
    };

    private static readonly char[] Blanks = { ' ', '\t' };

    private static int FirstContent(string line, int from = 0)
    {
        for (var i = from; i < line.Length; i++)
            if (line[i] is not (' ' or '\t')) return i;
        return -1;
    }

    /// <summary>A <c>-</c> (or <c>?</c>, <c>:</c>) that is an indicator: followed by a blank or the end of the line.</summary>
    private static bool IsIndicator(string line, int at) => at + 1 >= line.Length || line[at + 1] is ' ' or '\t';

    /// <summary>A key at column 0: plain (<c>services:</c>, <c>x-common:</c>) or quoted (<c>"services":</c>); false for anything
    /// the loader must judge (flow or explicit keys, anchors, tags, aliases, a scalar that is the whole document).</summary>
    private static bool TryReadKey(string line, out string key, out int valueStart)
    {
        key = "";
        valueStart = 0;
        var first = line[0];
        int afterKey;
        if (first is '"' or '\'')
        {
            var text = new System.Text.StringBuilder();
            var i = 1;
            while (true)
            {
                if (i >= line.Length) return false; // continued on the next line
                var c = line[i];
                if (first == '\'' && c == '\'')
                {
                    if (i + 1 < line.Length && line[i + 1] == '\'') { text.Append('\''); i += 2; continue; }
                    break;
                }
                if (first == '"' && c == '\\') return false; // escapes: the loader decodes them
                if (first == '"' && c == '"') break;
                text.Append(c);
                i++;
            }
            afterKey = i + 1;
            while (afterKey < line.Length && line[afterKey] is ' ' or '\t') afterKey++;
            if (afterKey >= line.Length || line[afterKey] != ':') return false;
            key = text.ToString();
            valueStart = afterKey + 1;
            return true;
        }

        // Plain scalars cannot start with these indicators (YAML 1.2, 7.3.3); a '-', '?' or ':' followed by a blank is one too.
        if (first is '[' or ']' or '{' or '}' or ',' or '#' or '&' or '*' or '!' or '|' or '>' or '@' or '`' or '%') return false;
        if (first is '?' or ':' && IsIndicator(line, 0)) return false;
        for (var i = 1; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '#' && line[i - 1] is ' ' or '\t') return false; // a comment before any ':': a scalar, not a key
            if (c == ':' && IsIndicator(line, i))
            {
                key = line.Substring(0, i).TrimEnd(' ', '\t');
                valueStart = i + 1;
                return key.Length > 0;
            }
        }
        return false;
    }

    /// <summary>The shape of the value written after a key on the same line; null when it is on the next lines. Sets
    /// <paramref name="needsLoader"/> when the value continues on lines the scan does not follow (an open quote or bracket).</summary>
    private static YamlShape? ValueShape(string line, int start, out bool needsLoader)
    {
        needsLoader = false;
        var i = FirstContent(line, start);
        // Properties before the value: an anchor (&name) or a tag (!tag, !!map) applies to the value that follows.
        while (i >= 0 && line[i] is '&' or '!')
        {
            var space = line.IndexOfAny(Blanks, i);
            i = space < 0 ? -1 : FirstContent(line, space);
        }
        if (i < 0 || line[i] == '#') return null;
        switch (line[i])
        {
            case '*':
                needsLoader = true; // an alias: its shape is the anchor's
                return null;
            case '"':
            case '\'':
                needsLoader = !ClosesOnLine(line, i);
                return YamlShape.Scalar;
            case '{':
            case '[':
                needsLoader = !BracketsClose(line, i);
                return line[i] == '{' ? YamlShape.Mapping : YamlShape.Sequence;
            case '|':
            case '>':
                return YamlShape.Scalar; // a block scalar: its lines are indented, the scan skips them
            default:
                var word = line.Substring(i);
                var comment = word.IndexOf(" #", StringComparison.Ordinal);
                if (comment >= 0) word = word.Substring(0, comment);
                word = word.TrimEnd(' ', '\t');
                return word is "~" or "null" or "Null" or "NULL" ? YamlShape.Empty : YamlShape.Scalar;
        }
    }

    private static bool ClosesOnLine(string line, int open)
    {
        var quote = line[open];
        for (var i = open + 1; i < line.Length; i++)
        {
            if (quote == '"' && line[i] == '\\') { i++; continue; }
            if (line[i] != quote) continue;
            if (quote == '\'' && i + 1 < line.Length && line[i + 1] == '\'') { i++; continue; }
            return true;
        }
        return false;
    }

    /// <summary>True when the flow collection opened at <paramref name="open"/> closes on this line (quotes inside respected).</summary>
    private static bool BracketsClose(string line, int open)
    {
        var depth = 0;
        for (var i = open; i < line.Length; i++)
        {
            var c = line[i];
            if (c is '"' or '\'')
            {
                var close = i + 1;
                while (close < line.Length && line[close] != c) close += c == '"' && line[close] == '\\' ? 2 : 1;
                if (close >= line.Length) return false;
                i = close;
                continue;
            }
            if (c == '#' && i > 0 && line[i - 1] is ' ' or '\t') return false;
            if (c is '[' or '{') depth++;
            else if (c is ']' or '}' && --depth == 0) return true;
        }
        return false;
    }
}
