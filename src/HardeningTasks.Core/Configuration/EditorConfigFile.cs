using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace HardeningTasks.Core.Configuration;

/// <summary>One <c>key = value</c> line: the key lowercased (keys compare case-insensitively), the key as written (for
/// messages), the value as Roslyn keeps it, and where the value stands (1-based; end column exclusive).</summary>
internal sealed record ConfigProperty(string Key, string KeyAsWritten, string Value, int Line, int Column, int EndColumn)
{
    /// <summary>The column of the key (<see cref="Column"/> is the value's).</summary>
    public int KeyColumn { get; init; } = 1;
}

/// <summary>A <c>[glob]</c> section and its properties. A key set twice keeps its last value.</summary>
internal sealed class ConfigSection
{
    internal ConfigSection(string name, int line, IReadOnlyList<ConfigProperty> properties)
    {
        Name = name;
        Line = line;
        Properties = properties;
        Matcher = SectionMatcher.For(name);
    }

    /// <summary>The name as written between the brackets (escapes kept); empty for the preamble.</summary>
    public string Name { get; }

    /// <summary>Line of the <c>[...]</c> header; 0 for the preamble.</summary>
    public int Line { get; }

    public IReadOnlyList<ConfigProperty> Properties { get; }

    /// <summary>The compiled glob, made once when the file is parsed.</summary>
    public SectionMatcher Matcher { get; }
}

/// <summary>
/// An .editorconfig or .globalconfig parsed exactly as Roslyn's <c>AnalyzerConfig.Parse</c> does (measured against
/// Microsoft.CodeAnalysis.Common 5.12.0): lines split at CR, LF, CRLF, NEL, LS and PS; blank lines and lines whose first
/// non-blank character is <c>#</c> or <c>;</c> skipped; a line that is neither a section header nor a property dropped
/// silently (so the properties after a malformed header still belong to the section before it); keys lowercased;
/// values trimmed and cut at a <c>#</c> or <c>;</c>, and lowercased for reserved keys (<c>root</c>, <c>indent_style</c>, ...)
/// and for the value <c>unset</c>. Entries before the first section form the preamble.
/// </summary>
internal sealed class EditorConfigFile
{
    // The two line patterns of Roslyn's AnalyzerConfig (they are the format's definition, not an implementation choice).
    private static readonly Regex SectionHeader = new(@"^\s*\[(([^#;]|\\#|\\;)+)\]\s*([#;].*)?$");
    private static readonly Regex PropertyLine = new(@"^\s*([\w\.\-_]+)\s*[=:]\s*(.*?)\s*([#;].*)?$");

    private static readonly HashSet<string> ReservedKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "root", "indent_style", "indent_size", "tab_width", "end_of_line", "charset", "trim_trailing_whitespace", "insert_final_newline",
    };

    public const string GlobalKey = "is_global";
    public const string GlobalLevelKey = "global_level";
    public const string GlobalConfigFileName = ".globalconfig";

    private EditorConfigFile(string path, ConfigSection preamble, IReadOnlyList<ConfigSection> sections)
    {
        Path = path;
        Preamble = preamble;
        Sections = sections;
    }

    /// <summary>The full path the file was read from.</summary>
    public string Path { get; }

    /// <summary>Entries before the first section. For an .editorconfig only <c>root</c> counts; for a global config
    /// these are its settings.</summary>
    public ConfigSection Preamble { get; }

    public IReadOnlyList<ConfigSection> Sections { get; }

    public bool IsRoot => TryGetPreamble("root", out var value) && value == "true";

    /// <summary>Roslyn treats a file as a global config when it is named <c>.globalconfig</c> (any case) or when its
    /// preamble has an <c>is_global</c> key, whatever its value: neither <c>is_global = true</c> being required for a
    /// <c>.globalconfig</c> nor <c>is_global = false</c> switching it off (measured).</summary>
    public bool IsGlobal => HasGlobalFileName || TryGetPreamble(GlobalKey, out _);

    /// <summary><c>global_level</c> when it is an integer; otherwise 100 for a file named <c>.globalconfig</c> and 0 for others.</summary>
    public int GlobalLevel =>
        TryGetPreamble(GlobalLevelKey, out var value) && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var level)
            ? level
            : HasGlobalFileName ? 100 : 0;

    private bool HasGlobalFileName =>
        string.Equals(System.IO.Path.GetFileName(Path), GlobalConfigFileName, StringComparison.OrdinalIgnoreCase);

    private bool TryGetPreamble(string key, out string value)
    {
        foreach (var property in Preamble.Properties)
        {
            if (string.Equals(property.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }
        value = "";
        return false;
    }

    public static EditorConfigFile Parse(string text, string path)
    {
        var sections = new List<ConfigSection>();
        ConfigSection? preamble = null;
        string sectionName = "";
        int sectionLine = 0;
        var properties = new List<ConfigProperty>();

        void CloseSection()
        {
            var section = new ConfigSection(sectionName, sectionLine, properties);
            if (sectionName.Length == 0) preamble = section;
            else sections.Add(section);
        }

        var lineNumber = 0;
        foreach (var line in SplitLines(text))
        {
            lineNumber++;
            if (IsBlankOrComment(line)) continue;

            var header = SectionHeader.Match(line);
            if (header.Success)
            {
                CloseSection();
                sectionName = header.Groups[1].Value;
                sectionLine = lineNumber;
                properties = new List<ConfigProperty>();
                continue;
            }

            var property = PropertyLine.Match(line);
            if (property.Success)
            {
                var keyGroup = property.Groups[1];
                var valueGroup = property.Groups[2];
                var key = keyGroup.Value.ToLowerInvariant();
                var value = valueGroup.Value;
                if (ReservedKeys.Contains(key) || string.Equals(value, "unset", StringComparison.OrdinalIgnoreCase))
                    value = value.ToLowerInvariant();

                // A key set again in the same section replaces the earlier line.
                properties.RemoveAll(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase));
                properties.Add(new ConfigProperty(key, keyGroup.Value, value, lineNumber, valueGroup.Index + 1, valueGroup.Index + valueGroup.Length + 1) { KeyColumn = keyGroup.Index + 1 });
            }
        }
        CloseSection();

        return new EditorConfigFile(path, preamble!, sections);
    }

    private static bool IsBlankOrComment(string line)
    {
        foreach (var c in line)
        {
            if (!char.IsWhiteSpace(c)) return c == '#' || c == ';';
        }
        return true;
    }

    /// <summary>Lines as Roslyn's <c>SourceText.Lines</c> sees them: CRLF, CR, LF, U+0085, U+2028 and U+2029 end a line.</summary>
    private static IEnumerable<string> SplitLines(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\r' && c != '\n' && c != '\u0085' && c != '\u2028' && c != '\u2029') continue;
            yield return text.Substring(start, i - start);
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            start = i + 1;
        }
        yield return text.Substring(start);
    }

    public override string ToString() => Path;
}
