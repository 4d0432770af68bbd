using System;
using System.Collections.Generic;
using System.Text;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Parsing.Compose;

/// <summary>
/// The variables of a <c>.env</c> file in the order written (a later line wins), and its errors, each at its line. A
/// line that is wrong is skipped and the lines after it are still read, so one bad line does not turn every variable of
/// the file into an unset one. An unclosed quote (it swallows the rest of the file) and an exhausted expansion budget end
/// the reading.
/// </summary>
public sealed class DotEnvResult
{
    public DotEnvResult(IReadOnlyDictionary<string, EnvValue> variables, IReadOnlyList<LoadError> errors, IReadOnlyList<DotEnvLine>? lines = null)
    {
        Variables = variables;
        Errors = errors;
        Lines = lines ?? Array.Empty<DotEnvLine>();
    }

    public IReadOnlyDictionary<string, EnvValue> Variables { get; }
    public IReadOnlyList<LoadError> Errors { get; }

    /// <summary>The first error, or null.</summary>
    public LoadError? Error => Errors.Count > 0 ? Errors[0] : null;

    /// <summary>Every assignment as written, in order (a variable assigned twice appears twice): where a finding about one points.</summary>
    public IReadOnlyList<DotEnvLine> Lines { get; }
}

/// <summary>One <c>KEY=value</c> of a <c>.env</c>-syntax file.</summary>
/// <param name="Value">The value after quotes, escapes and interpolation.</param>
/// <param name="Written">The value as written, inside its quotes (a single-quoted value, which is never interpolated, with <c>$</c> written <c>$$</c>).</param>
/// <param name="Key">Where the key starts.</param>
/// <param name="ValueAt">Where the value starts (inside its quotes), or where it would when it is empty.</param>
public sealed record DotEnvLine(string Name, EnvValue Value, string Written, SourceSpan Key, SourceSpan ValueAt);

/// <summary>
/// Docker Compose's <c>.env</c> syntax (compose-go's dotenv parser): <c>KEY=value</c> and <c>KEY: value</c>, an optional
/// <c>export</c> prefix, <c>#</c> comment lines and <c> #</c> end-of-line comments on unquoted values, single quotes
/// (literal) and double quotes (<c>\n</c>, <c>\t</c>, <c>\\</c>, <c>\"</c> escapes) that may span lines, a bare <c>KEY</c>
/// taking its value from outside, and <c>${VAR}</c> interpolation in unquoted and double-quoted values from the outside
/// variables first, then the lines above.
/// </summary>
public static class DotEnvParser
{
    public static DotEnvResult Parse(string text, Func<string, EnvValue?> outside)
    {
        var variables = new Dictionary<string, EnvValue>(StringComparer.Ordinal);
        var parser = new Parser(text, outside, variables);
        parser.Run();
        return new DotEnvResult(variables, parser.Errors, parser.Lines);
    }

    private sealed class Parser
    {
        private readonly string text;
        private readonly Func<string, EnvValue?> outside;
        private readonly Dictionary<string, EnvValue> variables;
        private readonly ExpansionBudget budget = new();
        private int pos;
        private int line = 1;

        public List<DotEnvLine> Lines { get; } = new();

        /// <summary>The 1-based column of <paramref name="at"/> on its line.</summary>
        private int Column(int at) => at - (at == 0 ? 0 : text.LastIndexOf('\n', at - 1) + 1) + 1;

        public Parser(string text, Func<string, EnvValue?> outside, Dictionary<string, EnvValue> variables)
        {
            this.text = text;
            this.outside = outside;
            this.variables = variables;
        }

        private EnvValue? Lookup(string name) =>
            outside(name) ?? (variables.TryGetValue(name, out var value) ? value : null);

        private static bool IsSpace(char c) => c is '\t' or '\v' or '\f' or '\r' or ' ' or '\u0085' or '\u00A0';

        private static bool IsKeyChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '.' or '-' or '[' or ']';

        public List<LoadError> Errors { get; } = new();

        private LoadError Error(int atLine, string message) => new(".env: " + message, SourceSpan.At(atLine, 1));

        /// <summary>Records the error of a statement and moves past the line it is on, so the next statement is read.</summary>
        private void Skip(LoadError error)
        {
            Errors.Add(error);
            while (pos < text.Length && text[pos] != '\n') pos++;
        }

        public void Run()
        {
            while (true)
            {
                // Skip blank space and comment lines.
                while (pos < text.Length && (char.IsWhiteSpace(text[pos]) || text[pos] == '#'))
                {
                    if (text[pos] == '#')
                    {
                        while (pos < text.Length && text[pos] != '\n') pos++;
                        continue;
                    }
                    if (text[pos] == '\n') line++;
                    pos++;
                }
                if (pos >= text.Length) return;

                var statementLine = line;
                var lineEnd = text.IndexOf('\n', pos);
                var nul = text.IndexOf('\0', pos, (lineEnd < 0 ? text.Length : lineEnd) - pos);
                if (nul >= 0)
                {
                    // a stray NUL (a file saved as UTF-16 without a BOM, binary junk): this line cannot be a variable
                    Skip(new LoadError($".env: line {statementLine} contains a NUL byte; the line is ignored (is the file saved as UTF-16 or binary?).", SourceSpan.At(statementLine, nul - text.LastIndexOf('\n', nul))));
                    continue;
                }
                if (string.CompareOrdinal(text, pos, "export", 0, 6) == 0 && pos + 6 < text.Length && IsSpace(text[pos + 6]))
                {
                    pos += 6;
                    while (pos < text.Length && IsSpace(text[pos])) pos++;
                }

                var keyStart = pos;
                var keyColumn = Column(pos);
                var inherited = false;
                while (true)
                {
                    if (pos >= text.Length) { inherited = true; break; }
                    var c = text[pos];
                    if (c is '=' or ':') break;
                    if (c == '\n') { inherited = true; break; }
                    if (!IsSpace(c) && !IsKeyChar(c)) break;
                    pos++;
                }
                if (pos < text.Length && !inherited && text[pos] is not ('=' or ':'))
                {
                    Skip(Error(statementLine, $"unexpected character '{text[pos]}' in the variable name on line {statementLine}; Docker Compose refuses this file."));
                    continue;
                }

                var key = text.Substring(keyStart, pos - keyStart).TrimEnd();
                if (key.Length == 0)
                {
                    Skip(Error(statementLine, $"line {statementLine} has a value but no variable name; Docker Compose refuses this file."));
                    continue;
                }
                if (key.IndexOf(' ') >= 0 || key.IndexOf('\t') >= 0)
                {
                    Skip(Error(statementLine, $"the variable name '{key}' on line {statementLine} contains a space; Docker Compose refuses this file."));
                    continue;
                }

                if (inherited)
                {
                    // A bare KEY takes its value from outside (the build's variables), or stays unset.
                    if (outside(key) is { } fromOutside) variables[key] = fromOutside;
                    continue;
                }

                pos++; // '=' or ':'
                while (pos < text.Length && IsSpace(text[pos])) pos++;

                EnvValue value;
                string written;
                var valueLine = line;
                var valueColumn = Column(pos);
                if (pos < text.Length && (text[pos] == '"' || text[pos] == '\''))
                {
                    var quote = text[pos];
                    var quoteStart = pos;
                    var quoted = ReadQuoted(statementLine, out var error, out var unclosed);
                    if (unclosed)
                    {
                        Errors.Add(error!);
                        return;
                    }
                    if (quoted == null)
                    {
                        Skip(error!);
                        if (budget.IsExhausted) return;
                        continue;
                    }
                    value = quoted;
                    valueColumn++;
                    written = text.Substring(quoteStart + 1, pos - quoteStart - 2);
                    if (quote == '\'') written = written.Replace("$", "$$");
                }
                else
                {
                    var end = text.IndexOf('\n', pos);
                    if (end < 0) end = text.Length;
                    var raw = text.Substring(pos, end - pos);
                    var comment = raw.IndexOf(" #", StringComparison.Ordinal);
                    if (comment >= 0) raw = raw.Substring(0, comment);
                    raw = raw.TrimEnd();
                    written = raw;
                    pos = end;
                    var expanded = ComposeInterpolation.Substitute(raw, Lookup, budget);
                    if (expanded.Error != null)
                    {
                        Errors.Add(Error(statementLine, expanded.Error));
                        // past the expansion budget nothing more can be substituted: the lines below would all fail alike
                        if (budget.IsExhausted) return;
                        continue;
                    }
                    value = new EnvValue(expanded.Value, expanded.Unresolved);
                }
                variables[key] = value;
                Lines.Add(new DotEnvLine(key, value, written, SourceSpan.At(statementLine, keyColumn), SourceSpan.At(valueLine, valueColumn)));
            }
        }

        private EnvValue? ReadQuoted(int statementLine, out LoadError? error, out bool unclosed)
        {
            error = null;
            unclosed = false;
            var quote = text[pos];
            var chars = new StringBuilder();
            var escaped = false;
            for (var i = pos + 1; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '\n') line++;
                if (c != quote)
                {
                    if (!escaped && c == '\\')
                    {
                        escaped = true;
                        continue;
                    }
                    if (escaped)
                    {
                        escaped = false;
                        chars.Append('\\');
                    }
                    chars.Append(c);
                    continue;
                }
                if (escaped)
                {
                    escaped = false;
                    chars.Append(c);
                    continue;
                }

                pos = i + 1;
                if (quote == '\'') return new EnvValue(chars.ToString());
                var expanded = ComposeInterpolation.Substitute(ExpandEscapes(chars.ToString()), Lookup, budget);
                if (expanded.Error != null)
                {
                    error = Error(statementLine, expanded.Error);
                    return null;
                }
                return new EnvValue(expanded.Value, expanded.Unresolved);
            }
            error = Error(statementLine, $"the quoted value on line {statementLine} is never closed; Docker Compose refuses this file.");
            unclosed = true;
            return null;
        }

        /// <summary><c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\\</c> become their characters; a backslash before any other
        /// character except <c>$</c> is dropped.</summary>
        private static string ExpandEscapes(string value)
        {
            if (value.IndexOf('\\') < 0) return value;
            var result = new StringBuilder(value.Length);
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (c != '\\' || i + 1 >= value.Length)
                {
                    result.Append(c);
                    continue;
                }
                var next = value[++i];
                switch (next)
                {
                    case 'n': result.Append('\n'); break;
                    case 'r': result.Append('\r'); break;
                    case 't': result.Append('\t'); break;
                    case '\\': result.Append('\\'); break;
                    case '$': result.Append('\\').Append('$'); break;
                    default: result.Append(next); break;
                }
            }
            return result.ToString();
        }
    }
}
