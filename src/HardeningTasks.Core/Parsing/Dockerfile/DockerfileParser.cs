using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Dockerfile;

namespace HardeningTasks.Core.Parsing.Dockerfile;

/// <summary>The model, or the first error that makes BuildKit refuse the file (an HRD000 at its location).</summary>
public sealed class DockerfileParseResult
{
    internal DockerfileParseResult(DockerfileModel? model, LoadError? error)
    {
        Model = model;
        Error = error;
    }

    public DockerfileModel? Model { get; }
    public LoadError? Error { get; }
}

/// <summary>
/// Reads a Dockerfile the way BuildKit's parser (frontend/dockerfile/parser) does:
/// <list type="bullet">
/// <item>parser directives (<c>syntax</c>, <c>escape</c>, <c>check</c>) only in the run of directive comments at the very
/// top: the first other comment, empty line or instruction ends them; a repeated directive or a bad escape is an error;</item>
/// <item>comment lines are whole lines whose first non-blank character is <c>#</c>; inside a continued instruction
/// they are dropped, as are empty lines;</item>
/// <item>a line continues when it ends with the escape token (not preceded by another), trailing blanks allowed;
/// continuation lines keep their leading whitespace;</item>
/// <item>builder flags (<c>--name=value</c>) are taken from the front of the arguments; exec (JSON) form when the
/// arguments start with <c>[</c> and decode as a JSON array of strings;</item>
/// <item><c>RUN</c>/<c>COPY</c>/<c>ADD</c> (also under <c>ONBUILD</c>) in shell form open a heredoc for every word
/// <c>[n]&lt;&lt;[-]WORD</c>; the bodies follow in order, each ended by a line equal to the delimiter (leading tabs
/// ignored for <c>&lt;&lt;-</c>).</item>
/// </list>
/// </summary>
public static class DockerfileParser
{
    private static readonly Regex DirectiveRegex = new(@"^#[\t\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\f\r ]*=[\t\f\r ]*(.+?)[\t\f\r ]*$", RegexOptions.CultureInvariant);
    private static readonly Regex HeredocRegex = new(@"^([0-9]*)<<(-?)([^<]*)$", RegexOptions.CultureInvariant);
    private static readonly Regex StageNameRegex = new(@"^[a-z][a-z0-9\-_.]*$", RegexOptions.CultureInvariant);

    private static readonly HashSet<string> ValidDirectives = new(StringComparer.Ordinal) { "syntax", "escape", "check" };

    /// <summary>Every instruction BuildKit knows; anything else fails the build ("unknown instruction").</summary>
    public static readonly IReadOnlyCollection<string> Keywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
        "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
    };

    public static DockerfileParseResult Parse(string path, string text)
    {
        var parser = new Parser(path, text);
        try
        {
            var model = parser.Run();
            return new DockerfileParseResult(model, null);
        }
        catch (DockerfileSyntaxException ex)
        {
            return new DockerfileParseResult(null, new LoadError(ex.Message, ex.Span));
        }
    }

    private sealed class DockerfileSyntaxException : Exception
    {
        public DockerfileSyntaxException(string message, SourceSpan span) : base(message) => Span = span;
        public SourceSpan Span { get; }
    }

    private static bool IsTokenWhitespace(char c) => c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';

    private static int LeadingWhitespace(string s)
    {
        var i = 0;
        while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
        return i;
    }

    private sealed class Parser
    {
        private readonly string path;
        private readonly string[] lines;
        private int next;
        private char escape = '\\';
        private bool directivesDone;
        private readonly List<ParserDirective> directives = new();
        private readonly List<DockerComment> comments = new();
        private readonly List<DockerInstruction> instructions = new();

        public Parser(string path, string text)
        {
            this.path = path;
            text = SourceText.NormalizeLineEnds(text);
            if (text.Length > 0 && text[0] == '\uFEFF') text = text.Substring(1);
            var split = text.Split('\n');
            lines = text.Length == 0 ? Array.Empty<string>()
                : text.EndsWith("\n", StringComparison.Ordinal) ? split.Take(split.Length - 1).ToArray() : split;
        }

        public DockerfileModel Run()
        {
            while (next < lines.Length)
            {
                var lineNo = next + 1;
                var raw = lines[next++];
                var lead = LeadingWhitespace(raw);
                var trimmed = raw.Substring(lead);
                var isComment = trimmed.Length > 0 && trimmed[0] == '#';
                if (isComment) comments.Add(new DockerComment(lineNo, lead + 1, trimmed.Substring(1).Trim(), false));
                if (!directivesDone) Directive(trimmed, lineNo, lead);
                if (isComment) continue;

                var content = TrimContinuation(trimmed, out var isEnd);
                if (isEnd && content.Length == 0) continue;

                var text = new StringBuilder(content);
                var segments = new List<LineMap.Segment> { new(0, content.Length, lineNo, lead + 1) };
                var startLine = lineNo;
                var endLine = lineNo;
                while (!isEnd && next < lines.Length)
                {
                    lineNo = next + 1;
                    raw = lines[next++];
                    endLine = lineNo;
                    var l = LeadingWhitespace(raw);
                    if (l < raw.Length && raw[l] == '#')
                    {
                        comments.Add(new DockerComment(lineNo, l + 1, raw.Substring(l + 1).Trim(), true));
                        continue;
                    }
                    if (l == raw.Length) continue; // empty continuation line: BuildKit skips it (with a warning)
                    content = TrimContinuation(raw, out isEnd);
                    if (content.Length > 0) segments.Add(new LineMap.Segment(text.Length, content.Length, lineNo, 1));
                    text.Append(content);
                }

                var logical = text.ToString();
                if (logical.Trim().Length == 0) continue; // only continuation characters
                var map = new LineMap(segments);
                var instruction = Instruction(logical, map, startLine, endLine);
                if (CanContainHeredoc(instruction) && logical.IndexOf("<<", StringComparison.Ordinal) >= 0)
                {
                    var heredocs = ReadHeredocs(logical, map);
                    if (heredocs.Count > 0)
                    {
                        instruction.EndLine = heredocs[heredocs.Count - 1].TerminatorLine;
                        instruction.Heredocs = heredocs;
                        if (instruction.OnBuild != null) instruction.OnBuild.Heredocs = heredocs;
                    }
                }
                instructions.Add(instruction);
            }

            CheckStageStructure();
            return new DockerfileModel(path, directives, escape, comments, instructions);
        }

        private void Directive(string trimmed, int lineNo, int lead)
        {
            var match = DirectiveRegex.Match(trimmed);
            var name = match.Success ? match.Groups[1].Value.ToLowerInvariant() : null;
            if (name == null || !ValidDirectives.Contains(name))
            {
                directivesDone = true;
                return;
            }
            var span = new SourceSpan(lineNo, lead + 1, lineNo, lead + trimmed.Length + 1);
            var valueGroup = match.Groups[2];
            var valueSpan = new SourceSpan(lineNo, lead + valueGroup.Index + 1, lineNo, lead + valueGroup.Index + valueGroup.Length + 1);
            if (directives.Any(d => d.Name == name))
                throw new DockerfileSyntaxException($"Only one '{name}' parser directive can be used; BuildKit refuses a repeated one. Remove this line or the earlier one.", span);
            if (name == "escape")
            {
                if (valueGroup.Value != "`" && valueGroup.Value != "\\")
                    throw new DockerfileSyntaxException($"Invalid escape token '{valueGroup.Value}': the escape parser directive accepts only ` (backtick) or \\ (backslash).", valueSpan);
                escape = valueGroup.Value[0];
            }
            directives.Add(new ParserDirective(name, valueGroup.Value, lineNo, span, valueSpan));
        }

        /// <summary>BuildKit's line-continuation test: the escape token at the end (blanks after it allowed), not preceded
        /// by another escape token, or alone on the line.</summary>
        private string TrimContinuation(string line, out bool isEnd)
        {
            var end = line.Length;
            while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t')) end--;
            if (end > 0 && line[end - 1] == escape && (end == 1 || line[end - 2] != escape))
            {
                isEnd = false;
                return line.Substring(0, end - 1);
            }
            isEnd = true;
            return line;
        }

        private DockerInstruction Instruction(string text, LineMap map, int startLine, int endLine)
        {
            var p = 0;
            while (p < text.Length && IsTokenWhitespace(text[p])) p++;
            var keywordStart = p;
            while (p < text.Length && !IsTokenWhitespace(text[p])) p++;
            var keyword = new DockerToken(text.Substring(keywordStart, p - keywordStart), map.Span(keywordStart, p));
            var upper = keyword.Text.ToUpperInvariant();
            if (!Keywords.Contains(upper))
                throw new DockerfileSyntaxException($"Unknown instruction '{keyword.Text}': BuildKit refuses the Dockerfile. The instructions are {string.Join(", ", Keywords.OrderBy(k => k, StringComparer.Ordinal))}.", keyword.Span);
            while (p < text.Length && IsTokenWhitespace(text[p])) p++;

            var flags = ExtractFlags(text, p, map, out var argsStart);
            var argsEnd = text.Length;
            while (argsEnd > argsStart && char.IsWhiteSpace(text[argsEnd - 1])) argsEnd--;
            while (argsStart < argsEnd && char.IsWhiteSpace(text[argsStart])) argsStart++;
            var args = text.Substring(argsStart, argsEnd - argsStart);

            var isJson = false;
            IReadOnlyList<DockerToken> words;
            IReadOnlyList<DockerKeyValue> keyValues = Array.Empty<DockerKeyValue>();
            DockerInstruction? onBuild = null;
            switch (upper)
            {
                case "RUN":
                case "CMD":
                case "ENTRYPOINT":
                case "SHELL":
                case "COPY":
                case "ADD":
                case "VOLUME":
                    words = MaybeJson(args, argsStart, map, out isJson) ?? ShellWords(args, argsStart, map);
                    break;
                case "HEALTHCHECK":
                {
                    var typeEnd = 0;
                    while (typeEnd < args.Length && !char.IsWhiteSpace(args[typeEnd])) typeEnd++;
                    var cmdStart = typeEnd;
                    while (cmdStart < args.Length && char.IsWhiteSpace(args[cmdStart])) cmdStart++;
                    var list = new List<DockerToken>();
                    if (typeEnd > 0) list.Add(new DockerToken(args.Substring(0, typeEnd), map.Span(argsStart, argsStart + typeEnd)));
                    var rest = args.Substring(cmdStart);
                    list.AddRange(MaybeJson(rest, argsStart + cmdStart, map, out isJson) ?? ShellWords(rest, argsStart + cmdStart, map));
                    if (list.Count > 0 && !string.Equals(list[0].Text, "CMD", StringComparison.OrdinalIgnoreCase) && !string.Equals(list[0].Text, "NONE", StringComparison.OrdinalIgnoreCase))
                        throw new DockerfileSyntaxException($"Unknown HEALTHCHECK type '{list[0].Text}': write HEALTHCHECK [options] CMD <command>, or HEALTHCHECK NONE.", list[0].Span);
                    words = list;
                    break;
                }
                case "ENV":
                case "LABEL":
                    words = ShellWords(args, argsStart, map);
                    keyValues = NameValues(upper, args, argsStart, map, keyword.Span);
                    break;
                case "ARG":
                    words = ShellWords(args, argsStart, map);
                    keyValues = words.Select(NameOrNameValue).ToList();
                    break;
                case "ONBUILD":
                    words = WhitespaceWords(args, argsStart, map);
                    // Refused before parsing the inner instruction: "ONBUILD ONBUILD …" repeated would otherwise recurse
                    // once per word and overflow the stack (a crash no catch can stop).
                    if (words.Count > 0 && string.Equals(words[0].Text, "ONBUILD", StringComparison.OrdinalIgnoreCase))
                        throw new DockerfileSyntaxException("ONBUILD ONBUILD is not allowed.", words[0].Span);
                    if (args.Length > 0)
                    {
                        var inner = Instruction(args, map.From(argsStart), startLine, endLine);
                        if (inner.Is("ONBUILD") || inner.Is("FROM") || inner.Is("MAINTAINER"))
                            throw new DockerfileSyntaxException($"ONBUILD {inner.Keyword} is not allowed.", inner.KeywordToken.Span);
                        onBuild = inner;
                    }
                    break;
                default:
                    words = WhitespaceWords(args, argsStart, map);
                    break;
            }

            if (upper == "FROM")
            {
                if (words.Count != 1 && !(words.Count == 3 && string.Equals(words[1].Text, "as", StringComparison.OrdinalIgnoreCase)))
                    throw new DockerfileSyntaxException("FROM takes an image and, optionally, 'AS <name>' (FROM [--platform=<platform>] <image> [AS <name>]); BuildKit refuses this line.",
                        words.Count == 0 ? keyword.Span : map.Span(argsStart, argsEnd));
                if (words.Count == 3 && !StageNameRegex.IsMatch(words[2].Text.ToLowerInvariant()))
                    throw new DockerfileSyntaxException($"Invalid stage name '{words[2].Text}': a stage name starts with a letter and contains only letters, digits, '-', '_' and '.'.", words[2].Span);
            }

            return new DockerInstruction(path, keyword, startLine, endLine, text, map, flags, args, argsStart, isJson, words, keyValues, onBuild);
        }

        /// <summary>BuildKit's extractBuilderFlags: leading words that start with <c>--</c> (quotes and backslashes
        /// honoured inside them) until the first other word; a lone <c>--</c> ends the flags.</summary>
        private static List<DockerFlag> ExtractFlags(string text, int start, LineMap map, out int argsStart)
        {
            var flags = new List<DockerFlag>();
            var pos = start;
            while (true)
            {
                while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++;
                if (pos + 1 >= text.Length || text[pos] != '-' || text[pos + 1] != '-')
                {
                    argsStart = pos;
                    return flags;
                }
                var wordStart = pos;
                var word = new StringBuilder();
                var rawEquals = -1;
                var valueStartInWord = -1;
                char quote = '\0';
                while (pos < text.Length)
                {
                    var c = text[pos];
                    if (quote == '\0')
                    {
                        if (char.IsWhiteSpace(c)) break;
                        if (c == '=' && rawEquals < 0)
                        {
                            rawEquals = pos;
                            valueStartInWord = word.Length + 1;
                        }
                        if (c == '\'' || c == '"')
                        {
                            quote = c;
                            pos++;
                            continue;
                        }
                    }
                    else if (c == quote)
                    {
                        quote = '\0';
                        pos++;
                        continue;
                    }
                    if (c == '\\')
                    {
                        if (pos + 1 == text.Length)
                        {
                            pos++;
                            continue;
                        }
                        pos++;
                        c = text[pos];
                    }
                    word.Append(c);
                    pos++;
                }
                var w = word.ToString();
                if (w == "--")
                {
                    argsStart = pos;
                    return flags;
                }
                var body = w.Substring(2);
                var eq = rawEquals >= 0 ? valueStartInWord - 3 : -1;
                var name = eq >= 0 ? body.Substring(0, eq) : body;
                var value = eq >= 0 ? body.Substring(eq + 1) : null;
                var span = map.Span(wordStart, pos);
                var valueSpan = rawEquals >= 0 ? map.Span(rawEquals + 1, pos) : span;
                flags.Add(new DockerFlag(name, value, span, valueSpan));
            }
        }

        private static List<DockerToken>? MaybeJson(string args, int offset, LineMap map, out bool isJson)
        {
            isJson = false;
            var outcome = JsonStringArray.TryParse(args, out var elements);
            if (outcome == JsonStringArray.Outcome.NotStrings)
                throw new DockerfileSyntaxException("When using the JSON array (exec) form, the array must contain only strings; BuildKit refuses this line.", map.Span(offset, offset + args.Length));
            if (outcome != JsonStringArray.Outcome.Strings) return null;
            isJson = true;
            return elements.Select(e => new DockerToken(e.Value, map.Span(offset + e.Start, offset + e.End))).ToList();
        }

        /// <summary>BuildKit's parseStringsWhitespaceDelimited: split on blanks, quotes not special.</summary>
        private static List<DockerToken> WhitespaceWords(string args, int offset, LineMap map)
        {
            var words = new List<DockerToken>();
            var i = 0;
            while (i < args.Length)
            {
                while (i < args.Length && IsTokenWhitespace(args[i])) i++;
                var start = i;
                while (i < args.Length && !IsTokenWhitespace(args[i])) i++;
                if (i > start) words.Add(new DockerToken(args.Substring(start, i - start), map.Span(offset + start, offset + i)));
            }
            return words;
        }

        /// <summary>BuildKit's parseWords: blanks separate words except inside quotes; the escape token protects the next
        /// character (not inside single quotes). Words are kept as written (quotes and escapes in them).</summary>
        private List<DockerToken> ShellWords(string args, int offset, LineMap map)
        {
            var words = new List<DockerToken>();
            var i = 0;
            while (i < args.Length)
            {
                while (i < args.Length && char.IsWhiteSpace(args[i])) i++;
                if (i >= args.Length) break;
                var start = i;
                char quote = '\0';
                while (i < args.Length)
                {
                    var c = args[i];
                    if (quote == '\0')
                    {
                        if (char.IsWhiteSpace(c)) break;
                        if (c == '\'' || c == '"') quote = c;
                        else if (c == escape && i + 1 < args.Length) i++;
                    }
                    else if (c == quote) quote = '\0';
                    else if (c == escape && quote != '\'' && i + 1 < args.Length) i++;
                    i++;
                }
                words.Add(new DockerToken(args.Substring(start, i - start), map.Span(offset + start, offset + i)));
            }
            return words;
        }

        private List<DockerKeyValue> NameValues(string keyword, string args, int offset, LineMap map, SourceSpan keywordSpan)
        {
            var words = ShellWords(args, offset, map);
            var result = new List<DockerKeyValue>();
            if (words.Count == 0)
                throw new DockerfileSyntaxException($"{keyword} needs at least one name=value pair.", keywordSpan);
            if (words[0].Text.IndexOf('=') < 0)
            {
                // Legacy form: ENV NAME value with spaces
                var keyEnd = 0;
                while (keyEnd < args.Length && !IsTokenWhitespace(args[keyEnd])) keyEnd++;
                var valueStart = keyEnd;
                while (valueStart < args.Length && IsTokenWhitespace(args[valueStart])) valueStart++;
                if (valueStart >= args.Length)
                    throw new DockerfileSyntaxException($"{keyword} {args} has no value: write {keyword} {args}=<value> (or the legacy {keyword} {args} <value>).", map.Span(offset, offset + args.Length));
                result.Add(new DockerKeyValue(new DockerToken(args.Substring(0, keyEnd), map.Span(offset, offset + keyEnd)),
                    args.Substring(valueStart), map.Span(offset + valueStart, offset + args.Length)));
                return result;
            }
            foreach (var word in words)
            {
                var eq = word.Text.IndexOf('=');
                if (eq < 0)
                    throw new DockerfileSyntaxException($"Syntax error in {keyword}: can't find '=' in '{word.Text}'. Use the form name=value.", word.Span);
                result.Add(KeyValueOf(word, eq));
            }
            return result;
        }

        private static DockerKeyValue NameOrNameValue(DockerToken word)
        {
            var eq = word.Text.IndexOf('=');
            return eq < 0 ? new DockerKeyValue(word, null, word.Span) : KeyValueOf(word, eq);
        }

        private static DockerKeyValue KeyValueOf(DockerToken word, int eq)
        {
            var span = word.Span;
            var keySpan = span.Line == span.EndLine ? new SourceSpan(span.Line, span.Column, span.Line, span.Column + eq) : span;
            var valueSpan = span.Line == span.EndLine ? new SourceSpan(span.Line, span.Column + eq + 1, span.Line, span.EndColumn) : span;
            return new DockerKeyValue(new DockerToken(word.Text.Substring(0, eq), keySpan), word.Text.Substring(eq + 1), valueSpan);
        }

        private static bool CanContainHeredoc(DockerInstruction instruction)
        {
            var target = instruction.OnBuild ?? instruction;
            return (target.Is("RUN") || target.Is("COPY") || target.Is("ADD")) && !target.IsJsonForm;
        }

        private List<DockerHeredoc> ReadHeredocs(string logical, LineMap map)
        {
            var result = new List<DockerHeredoc>();
            foreach (var (word, start, end) in HeredocWords(logical))
            {
                var match = HeredocRegex.Match(word);
                if (!match.Success || match.Groups[3].Value.Length == 0) continue;
                var rest = match.Groups[3].Value;
                var name = Unquote(rest, out var singleWord);
                if (!singleWord || name.Length == 0) continue;
                var quotesRaw = Count(rest, '\'') + Count(rest, '"');
                var quotesValue = Count(name, '\'') + Count(name, '"');
                var chomp = match.Groups[2].Value == "-";
                var fd = match.Groups[1].Value.Length > 0 && int.TryParse(match.Groups[1].Value, out var n) ? n : 0;
                var opener = new DockerToken(word, map.Span(start, end));

                var body = new List<DockerHeredocLine>();
                var terminator = -1;
                while (next < lines.Length)
                {
                    var lineNo = next + 1;
                    var raw = lines[next++];
                    var candidate = chomp ? raw.TrimStart('\t') : raw;
                    if (candidate == name)
                    {
                        terminator = lineNo;
                        break;
                    }
                    body.Add(new DockerHeredocLine(lineNo, raw, chomp));
                }
                if (terminator < 0)
                    throw new DockerfileSyntaxException($"Unterminated heredoc: '{word}' is never closed — no line that is exactly '{name}'{(chomp ? " (after leading tabs)" : "")} follows before the end of the file. BuildKit refuses this Dockerfile.", opener.Span);
                result.Add(new DockerHeredoc(name, chomp, quotesRaw == quotesValue, fd, opener, body, terminator));
            }
            return result;
        }

        private static int Count(string s, char c)
        {
            var n = 0;
            foreach (var ch in s) if (ch == c) n++;
            return n;
        }

        /// <summary>The words of BuildKit's shell lexer with raw quotes and escapes (heredocsFromLine): blank-separated,
        /// quotes group, <c>\</c> escapes the next character. Offsets are into the logical line.</summary>
        private static IEnumerable<(string Word, int Start, int End)> HeredocWords(string line)
        {
            var i = 0;
            while (i < line.Length)
            {
                while (i < line.Length && char.IsWhiteSpace(line[i])) i++;
                if (i >= line.Length) yield break;
                var start = i;
                char quote = '\0';
                while (i < line.Length)
                {
                    var c = line[i];
                    if (quote == '\0')
                    {
                        if (char.IsWhiteSpace(c)) break;
                        if (c == '\'' || c == '"') quote = c;
                        else if (c == '\\' && i + 1 < line.Length) i++;
                    }
                    else if (c == quote) quote = '\0';
                    else if (c == '\\' && quote == '"' && i + 1 < line.Length) i++;
                    i++;
                }
                yield return (line.Substring(start, i - start), start, i);
            }
        }

        /// <summary>Removes quotes and escapes from a heredoc delimiter (BuildKit's lexer without RawQuotes).</summary>
        private static string Unquote(string word, out bool singleWord)
        {
            var sb = new StringBuilder();
            singleWord = true;
            char quote = '\0';
            for (var i = 0; i < word.Length; i++)
            {
                var c = word[i];
                if (quote == '\0')
                {
                    if (char.IsWhiteSpace(c)) singleWord = false;
                    if (c == '\'' || c == '"') { quote = c; continue; }
                    if (c == '\\' && i + 1 < word.Length) { sb.Append(word[++i]); continue; }
                }
                else if (c == quote) { quote = '\0'; continue; }
                else if (c == '\\' && quote == '"' && i + 1 < word.Length && (word[i + 1] == '"' || word[i + 1] == '\\' || word[i + 1] == '$')) { sb.Append(word[++i]); continue; }
                sb.Append(c);
            }
            return sb.ToString();
        }

        /// <summary>Only ARG may come before the first FROM; a file with instructions must have a FROM.</summary>
        private void CheckStageStructure()
        {
            if (instructions.Count == 0) return;
            var sawFrom = false;
            foreach (var instruction in instructions)
            {
                if (instruction.Is("FROM")) { sawFrom = true; break; }
                if (!instruction.Is("ARG"))
                    throw new DockerfileSyntaxException($"{instruction.Keyword} comes before the first FROM: only ARG (and comments) may precede FROM, so BuildKit fails with 'no build stage in current context'. Start the build stage with FROM <image>.", instruction.KeywordToken.Span);
            }
            if (!sawFrom)
                throw new DockerfileSyntaxException("This Dockerfile has ARG instructions but no FROM, so there is nothing to build: add FROM <image>.", instructions[0].KeywordToken.Span);
        }
    }
}
