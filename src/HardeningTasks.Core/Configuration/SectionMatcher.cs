using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace HardeningTasks.Core.Configuration;

/// <summary>
/// An .editorconfig section name (a glob) compiled to a regular expression exactly as Roslyn's
/// <c>AnalyzerConfig.TryCreateSectionNameMatcher</c> does, so a section matches the same files for us as for the
/// compiler, quirks included:
/// <list type="bullet">
/// <item>a name without <c>/</c> matches at any depth (prefix <c>.*/</c>); a name with a <c>/</c> is relative to the
/// config's directory, so <c>[**/prod/*]</c> needs a directory above <c>prod/</c>;</item>
/// <item><c>*</c> is <c>[^/]*</c>, <c>**</c> is <c>.*</c>, and <c>?</c> is <c>.</c>, which also matches <c>/</c>;</item>
/// <item><c>{a,b}</c> alternates (and nests); <c>{n1..n2}</c> is an integer range, checked after the regex matched,
/// on the groups of its first match only; a range inside an alternative that was not taken fails the match;</item>
/// <item><c>[...]</c>/<c>[!...]</c> are character classes whose <c>\x</c> is passed to the regex as is (<c>[\d]</c> is a digit);</item>
/// <item>a <c>,</c> or <c>}</c> outside braces, an unclosed brace or class, or a trailing <c>\</c> make the section
/// invalid: it never matches;</item>
/// <item>matching is case-sensitive.</item>
/// </list>
/// Where Roslyn's translation yields a pattern the regex engine rejects (<c>[[]a]</c>, <c>[[z-a]]</c>), Roslyn throws
/// from <c>AnalyzerConfigSet.Create</c> and the whole compilation fails; we treat the section as invalid instead.
/// </summary>
internal sealed class SectionMatcher
{
    // Section names repeat across files and builds (every repository has [*] and [*.cs]): compile each name once.
    private static readonly ConcurrentDictionary<string, SectionMatcher> Cache = new(StringComparer.Ordinal);

    private readonly Regex? regex;
    private readonly (int Min, int Max)[] ranges;

    private SectionMatcher(string sectionName, Regex? regex, (int Min, int Max)[] ranges)
    {
        SectionName = sectionName;
        this.regex = regex;
        this.ranges = ranges;
    }

    public string SectionName { get; }

    /// <summary>False when the glob cannot be compiled: such a section never matches (and Roslyn says nothing).</summary>
    public bool IsValid => regex is not null;

    /// <summary>The regular expression the glob became, or null when it is invalid (for tests and diagnostics).</summary>
    public string? Pattern => regex?.ToString();

    public static SectionMatcher For(string sectionName) => Cache.GetOrAdd(sectionName, Compile);

    /// <summary>Whether the section applies to a file, given its path relative to the config's directory,
    /// starting with '/' (<c>/sub/docker-compose.yml</c>).</summary>
    public bool IsMatch(string relativePath)
    {
        if (regex is null) return false;
        if (ranges.Length == 0) return regex.IsMatch(relativePath);

        var match = regex.Match(relativePath);
        if (!match.Success) return false;
        // Only the ranges' groups capture (alternatives are non-capturing), in order of appearance.
        for (var i = 0; i < ranges.Length; i++)
        {
            if (!int.TryParse(match.Groups[i + 1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
                || number < ranges[i].Min || number > ranges[i].Max)
                return false;
        }
        return true;
    }

    private static SectionMatcher Compile(string sectionName)
    {
        var invalid = new SectionMatcher(sectionName, null, Array.Empty<(int, int)>());
        var compiler = new GlobCompiler(sectionName);
        if (!compiler.TryCompile(out var pattern)) return invalid;
        try
        {
            return new SectionMatcher(sectionName, new Regex(pattern, RegexOptions.None), compiler.Ranges.ToArray());
        }
        catch (ArgumentException)
        {
            return invalid;
        }
    }

    /// <summary>A recursive-descent translation of the glob grammar to .NET regex syntax.</summary>
    private sealed class GlobCompiler
    {
        private readonly string glob;
        private readonly StringBuilder regex = new();
        private int position;

        public GlobCompiler(string glob) => this.glob = glob;

        public List<(int Min, int Max)> Ranges { get; } = new();

        public bool TryCompile(out string pattern)
        {
            regex.Append('^');
            // Where the glob is anchored (editorconfig-core's rule): nowhere in particular without a '/',
            // at the config's directory with one. A leading '/' is itself the separator after the directory.
            if (glob.IndexOf('/') < 0) regex.Append(".*/");
            else if (glob[0] != '/') regex.Append('/');

            var ok = CompileSequence(insideBraces: false);
            regex.Append('$');
            pattern = regex.ToString();
            return ok;
        }

        /// <summary>Compiles items up to the end of the glob or, inside braces, up to and including the
        /// ',' or '}' that ends the alternative.</summary>
        private bool CompileSequence(bool insideBraces)
        {
            while (position < glob.Length)
            {
                var c = glob[position];
                switch (c)
                {
                    case '*':
                        if (position + 1 < glob.Length && glob[position + 1] == '*')
                        {
                            regex.Append(".*");
                            position += 2;
                        }
                        else
                        {
                            regex.Append("[^/]*");
                            position++;
                        }
                        break;
                    case '?':
                        regex.Append('.');
                        position++;
                        break;
                    case '{':
                        if (TryReadRange(out var range, out var rangeIsValid))
                        {
                            if (!rangeIsValid) return false;
                            Ranges.Add(range);
                            regex.Append("(-?[0-9]+)");
                        }
                        else if (!CompileAlternatives())
                        {
                            return false;
                        }
                        break;
                    case ',':
                    case '}':
                        position++;
                        return insideBraces;
                    case '[':
                        position++;
                        if (!CompileCharacterClass()) return false;
                        break;
                    case '\\':
                        position++;
                        if (position >= glob.Length) return false;
                        AppendLiteral(glob[position++]);
                        break;
                    default:
                        AppendLiteral(c);
                        position++;
                        break;
                }
            }
            return !insideBraces;
        }

        /// <summary><c>{a,b,...}</c> at <see cref="position"/>: a non-capturing alternation.</summary>
        private bool CompileAlternatives()
        {
            position++;
            regex.Append("(?:");
            while (CompileSequence(insideBraces: true))
            {
                if (glob[position - 1] == '}')
                {
                    regex.Append(')');
                    return true;
                }
                regex.Append('|');
            }
            return false;
        }

        /// <summary><c>[...]</c> after the '[': '!' first negates, '-' makes a range, '\' passes the next
        /// character to the regex unchanged, ']' ends the class.</summary>
        private bool CompileCharacterClass()
        {
            regex.Append('[');
            if (position < glob.Length && glob[position] == '!')
            {
                regex.Append('^');
                position++;
            }
            while (position < glob.Length)
            {
                var c = glob[position++];
                switch (c)
                {
                    case '-':
                        regex.Append('-');
                        break;
                    case '\\':
                        if (position >= glob.Length) return false;
                        regex.Append('\\').Append(glob[position++]);
                        break;
                    case ']':
                        regex.Append(']');
                        return true;
                    default:
                        AppendLiteral(c);
                        break;
                }
            }
            return false;
        }

        /// <summary>
        /// Reads <c>{n1..n2}</c> at <see cref="position"/>. Returns false (position unchanged) when the braces do not
        /// hold that shape, so they are read as alternatives instead. A range whose numbers do not fit an int
        /// (or use non-ASCII digits, which the lexer accepts) is an invalid glob, as in Roslyn.
        /// </summary>
        private bool TryReadRange(out (int Min, int Max) range, out bool isValid)
        {
            range = default;
            isValid = false;
            var p = position + 1;
            var first = ReadNumber(ref p);
            if (first is null || p + 1 >= glob.Length || glob[p] != '.' || glob[p + 1] != '.') return false;
            p += 2;
            var second = ReadNumber(ref p);
            if (second is null || p >= glob.Length || glob[p] != '}') return false;

            position = p + 1;
            if (int.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var a)
                && int.TryParse(second, NumberStyles.Integer, CultureInfo.InvariantCulture, out var b))
            {
                range = a < b ? (a, b) : (b, a);
                isValid = true;
            }
            return true;
        }

        /// <summary>An optional '-' then digits (any Unicode decimal digit, as <c>char.IsDigit</c>); null when none.</summary>
        private string? ReadNumber(ref int p)
        {
            var start = p;
            if (p < glob.Length && glob[p] == '-') p++;
            while (p < glob.Length && char.IsDigit(glob[p])) p++;
            var text = glob.Substring(start, p - start);
            return text.Length == 0 || text == "-" ? null : text;
        }

        private void AppendLiteral(char c) => regex.Append(Regex.Escape(c.ToString()));
    }
}
