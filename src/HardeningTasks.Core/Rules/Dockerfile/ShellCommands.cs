using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Dockerfile;

namespace HardeningTasks.Core.Rules.Dockerfile;

/// <summary>A word of a shell command: its value with quotes removed (<c>$(…)</c> and <c>${…}</c> kept as written) and where it is.</summary>
internal sealed class ShellWord
{
    private readonly Func<int, int, SourceSpan>? locate;
    private readonly int offset;

    public ShellWord(string text, string raw, SourceSpan span)
    {
        Text = text;
        Raw = raw;
        Span = span;
    }

    /// <param name="locate">The span of a range of the script the word was read from (shared by its words).</param>
    /// <param name="offset">Where <paramref name="raw"/> starts in that script.</param>
    internal ShellWord(string text, string raw, SourceSpan span, Func<int, int, SourceSpan> locate, int offset) : this(text, raw, span)
    {
        this.locate = locate;
        this.offset = offset;
    }

    public string Text { get; }
    public string Raw { get; }
    public SourceSpan Span { get; }

    /// <summary>The span of <paramref name="length"/> characters at <paramref name="rawOffset"/> of <see cref="Raw"/>; the
    /// word's span when it was not read from a script (an exec-form argument).</summary>
    public SourceSpan SpanOf(int rawOffset, int length) =>
        locate == null ? Span : locate(offset + Math.Min(rawOffset, Raw.Length), Math.Max(0, Math.Min(length, Raw.Length - rawOffset)));

    /// <summary>The program name without its directory: <c>apt-get</c> for <c>/usr/bin/apt-get</c>.</summary>
    public string BaseName => Text.Substring(Text.LastIndexOf('/') + 1);

    public override string ToString() => Text;
}

/// <summary>A redirection of a command (<c>&gt; /etc/apt/sources.list.d/x.list</c>, <c>&gt;&gt; ~/.bashrc</c>, <c>&lt;&lt;&lt; text</c>):
/// the operator and its target word. Heredocs are in <see cref="ShellCommand.Heredocs"/>.</summary>
internal sealed record ShellRedirection(string Operator, string Target)
{
    /// <summary>True when the command's standard output goes to the file (<c>&gt;</c>, <c>&gt;&gt;</c>, <c>&gt;|</c>, <c>1&gt;</c>).</summary>
    public bool WritesOutput => Operator is ">" or ">>" or ">|" or "1>" or "1>>" or "1>|";
}

/// <summary>A simple command of a <c>RUN</c> script and the operator that ends it (<c>|</c>, <c>&amp;&amp;</c>, <c>;</c>, newline…).</summary>
internal sealed class ShellCommand
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "if", "then", "else", "elif", "do", "while", "until", "!", "{", "time" };
    private static readonly HashSet<string> Wrappers = new(StringComparer.Ordinal) { "sudo", "exec", "env", "nice", "nohup", "command", "time", "doas" };

    public ShellCommand(IReadOnlyList<ShellWord> words, string? terminator, IReadOnlyList<string> heredocs, IReadOnlyList<ShellRedirection>? redirections = null)
    {
        Words = words;
        Terminator = terminator;
        Heredocs = heredocs;
        Redirections = redirections ?? Array.Empty<ShellRedirection>();
    }

    /// <summary>Every word, redirections removed.</summary>
    public IReadOnlyList<ShellWord> Words { get; }

    /// <summary><c>|</c>, <c>&amp;&amp;</c>, <c>||</c>, <c>;</c>, <c>&amp;</c>, <c>\n</c>, or null at the end of the script.</summary>
    public string? Terminator { get; }

    /// <summary>Delimiters of the heredocs redirected into this command (<c>cat &lt;&lt;EOF</c>).</summary>
    public IReadOnlyList<string> Heredocs { get; }

    /// <summary>The other redirections, in order (<c>&gt; file</c>, <c>2&gt;&gt; log</c>, <c>&lt;&lt;&lt; word</c>; not <c>2&gt;&amp;1</c>).</summary>
    public IReadOnlyList<ShellRedirection> Redirections { get; }

    /// <summary>The words from the command name on: leading <c>VAR=value</c> assignments and keywords (<c>then</c>, <c>do</c>…) skipped.</summary>
    public IReadOnlyList<ShellWord> Command
    {
        get
        {
            var i = 0;
            while (i < Words.Count && (IsAssignment(Words[i].Text) || Reserved.Contains(Words[i].Text))) i++;
            return Words.Skip(i).ToList();
        }
    }

    /// <summary>Leading assignments (<c>PIP_NO_CACHE_DIR=1 pip install …</c>).</summary>
    public IEnumerable<ShellWord> Assignments => Words.TakeWhile(w => IsAssignment(w.Text) || Reserved.Contains(w.Text)).Where(w => IsAssignment(w.Text));

    /// <summary>The command with wrappers removed (<c>sudo -E</c>, <c>exec</c>, <c>env X=1</c>, <c>nice -n 5</c>…): the program that really runs.</summary>
    public IReadOnlyList<ShellWord> Program
    {
        get
        {
            var words = Command;
            var i = 0;
            while (i < words.Count && Wrappers.Contains(words[i].BaseName))
            {
                var wrapper = words[i].BaseName;
                i++;
                while (i < words.Count && (words[i].Text.StartsWith("-", StringComparison.Ordinal) || (wrapper == "env" && IsAssignment(words[i].Text))))
                {
                    // options that take a value: sudo -u user, nice -n 5
                    var takesValue = (wrapper is "sudo" or "doas" && words[i].Text is "-u" or "-g" or "-C" or "-h" or "-p" or "-U")
                        || (wrapper == "nice" && words[i].Text == "-n");
                    i += takesValue ? 2 : 1;
                }
            }
            return words.Skip(i).ToList();
        }
    }

    /// <summary>The program's name (<c>apt-get</c>), or null for an empty command.</summary>
    public string? Name => Program.Count > 0 ? Program[0].BaseName : null;

    public bool Has(string word) => Words.Any(w => w.Text == word);

    public static bool IsAssignment(string word)
    {
        var eq = word.IndexOf('=');
        if (eq <= 0) return false;
        if (!(char.IsLetter(word[0]) || word[0] == '_')) return false;
        for (var i = 1; i < eq; i++)
            if (!(char.IsLetterOrDigit(word[i]) || word[i] == '_')) return false;
        return true;
    }

    public override string ToString() => string.Join(" ", Words) + (Terminator == null ? "" : " " + Terminator.Replace("\n", "\\n"));
}

/// <summary>
/// The shell commands a <c>RUN</c> executes, found well enough for hygiene rules: the shell-form command, the script
/// of <c>["sh", "-c", "…"]</c> or the argv of the exec form, and the heredoc bodies the shell runs
/// (<c>RUN &lt;&lt;EOF</c>, <c>RUN &lt;&lt;EOF bash</c>, <c>bash &lt;&lt;EOF</c> — not <c>cat &lt;&lt;EOF &gt; file</c> nor
/// <c>python3 &lt;&lt;EOF</c>); the scripts run by <c>sh -c "…"</c>, <c>bash -ec '…'</c> and <c>su app -c "…"</c>
/// follow the command that runs them. Each word keeps its line and column, inside heredocs and quoted scripts too.
/// </summary>
internal static class ShellCommands
{
    private static readonly HashSet<string> Shells = new(StringComparer.Ordinal) { "sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "busybox" };

    public static bool IsShell(string? name) => name != null && Shells.Contains(name);

    /// <summary>How deep <c>sh -c "bash -c '…'"</c> is followed.</summary>
    private const int MaxNesting = 3;

    public static IReadOnlyList<ShellCommand> Of(DockerInstruction run) => WithNestedScripts(Commands(run), 0);

    /// <summary>The script a command hands to a shell: the argument of <c>sh -c</c> (options before it allowed:
    /// <c>bash -euo pipefail -c</c>, <c>sh -ec</c>), or of <c>su</c>/<c>runuser</c> <c>-c</c>; null for any other command.</summary>
    public static ShellWord? ScriptArgument(ShellCommand command)
    {
        var program = command.Program;
        if (program.Count < 2) return null;
        var name = program[0].BaseName;
        if (name is "su" or "runuser")
        {
            for (var i = 1; i + 1 < program.Count; i++)
                if (program[i].Text is "-c" or "--command") return program[i + 1];
            return null;
        }
        if (!IsShell(name) || name == "busybox") return null;
        var dashC = false;
        for (var i = 1; i < program.Count; i++)
        {
            var word = program[i].Text;
            if (word == "--") continue;
            if (word.Length > 1 && (word[0] == '-' || word[0] == '+'))
            {
                if (word.StartsWith("--", StringComparison.Ordinal))
                {
                    if (word is "--rcfile" or "--init-file") i++;
                    continue;
                }
                if (word.IndexOf('c') > 0) dashC = true;
                if (word[word.Length - 1] is 'o' or 'O') i++; // -o pipefail, -euo pipefail
                continue;
            }
            return dashC ? program[i] : null;
        }
        return null;
    }

    private static IReadOnlyList<ShellCommand> WithNestedScripts(List<ShellCommand> commands, int depth)
    {
        if (depth >= MaxNesting || !commands.Any(c => ScriptArgument(c) != null)) return commands;
        var result = new List<ShellCommand>(commands.Count);
        foreach (var command in commands)
        {
            result.Add(command);
            if (ScriptArgument(command) is not { } script) continue;
            // The script's text starts after the opening quote; escapes inside it shift columns a little, never lines.
            var quote = script.Raw.Length > 0 && script.Raw[0] is '"' or '\'' ? 1 : 0;
            result.AddRange(WithNestedScripts(Tokenize(script.Text, (o, l) => script.SpanOf(quote + o, l)), depth + 1));
        }
        return result;
    }

    private static List<ShellCommand> Commands(DockerInstruction run)
    {
        var result = new List<ShellCommand>();
        if (run.IsJsonForm)
        {
            var argv = run.Words;
            var shell = argv.Count > 0 && IsShell(argv[0].Text.Substring(argv[0].Text.LastIndexOf('/') + 1));
            var c = argv.Select(w => w.Text).ToList().IndexOf("-c");
            if (shell && c > 0 && c + 1 < argv.Count)
            {
                var script = argv[c + 1];
                // Positions inside the JSON string literal: exact unless the string has escapes.
                result.AddRange(Tokenize(script.Text, (o, l) => script.Span.Line == script.Span.EndLine
                    ? new SourceSpan(script.Span.Line, script.Span.Column + 1 + o, script.Span.Line, script.Span.Column + 1 + o + l)
                    : script.Span));
            }
            else if (argv.Count > 0)
                result.Add(new ShellCommand(argv.Select(w => new ShellWord(w.Text, w.Text, w.Span)).ToList(), null, Array.Empty<string>()));
            return result;
        }

        var line = Tokenize(run.Arguments, run.ArgumentSpan);
        result.AddRange(line);
        if (run.Heredocs.Count == 0) return result;

        var onlyHeredoc = run.Words.Count == 1 && run.Heredocs.Count == 1 && run.Words[0].Text == run.Heredocs[0].Opener.Text;
        var shellHeredocs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var command in line)
            if (IsShell(command.Name) && !command.Program.Any(w => w.Text == "-c"))
                foreach (var name in command.Heredocs) shellHeredocs.Add(name);

        foreach (var heredoc in run.Heredocs)
        {
            var body = heredoc.Lines;
            if (onlyHeredoc)
            {
                // BuildKit runs the body with the shell, or with its shebang's interpreter.
                var first = body.Count > 0 ? body[0].EffectiveText : "";
                if (first.StartsWith("#!", StringComparison.Ordinal) && !IsShell(Interpreter(first))) continue;
            }
            else if (!shellHeredocs.Contains(heredoc.Name)) continue;
            result.AddRange(TokenizeHeredoc(heredoc));
        }
        return result;
    }

    private static string? Interpreter(string shebang)
    {
        var parts = shebang.Substring(2).Trim().Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return null;
        var program = parts[0].Substring(parts[0].LastIndexOf('/') + 1);
        return program == "env" && parts.Length > 1 ? parts[1] : program;
    }

    private static IEnumerable<ShellCommand> TokenizeHeredoc(DockerHeredoc heredoc)
    {
        var text = new StringBuilder();
        var starts = new List<int>();
        foreach (var line in heredoc.Lines)
        {
            starts.Add(text.Length);
            text.Append(line.EffectiveText).Append('\n');
        }
        return Tokenize(text.ToString(), (o, l) =>
        {
            var index = starts.Count - 1;
            while (index > 0 && starts[index] > o) index--;
            var line = heredoc.Lines[index];
            var within = o - starts[index];
            return line.Span(within, Math.Max(0, Math.Min(l, line.EffectiveText.Length - within)));
        });
    }

    /// <summary>Splits a POSIX shell script into simple commands: quotes, escapes, comments, <c>$(…)</c>, operators and
    /// redirections (whose targets are dropped; heredoc delimiters are recorded on the command).</summary>
    public static List<ShellCommand> Tokenize(string script, Func<int, int, SourceSpan> span)
    {
        var commands = new List<ShellCommand>();
        var words = new List<ShellWord>();
        var heredocs = new List<string>();
        var redirections = new List<ShellRedirection>();
        var pendingHeredocs = new List<(string Name, bool Chomp)>();
        var fileDescriptor = ""; // the 2 of 2>file
        var i = 0;

        void End(string? terminator)
        {
            if (words.Count > 0 || heredocs.Count > 0 || redirections.Count > 0)
                commands.Add(new ShellCommand(words.ToList(), terminator, heredocs.ToList(), redirections.Count == 0 ? null : redirections.ToList()));
            words.Clear();
            heredocs.Clear();
            redirections.Clear();
        }

        while (i < script.Length)
        {
            var c = script[i];
            if (c == ' ' || c == '\t' || c == '\r') { i++; continue; }
            if (c == '\\' && i + 1 < script.Length && script[i + 1] == '\n') { i += 2; continue; }
            if (c == '#')
            {
                while (i < script.Length && script[i] != '\n') i++;
                continue;
            }
            if (c == '\n')
            {
                End("\n");
                i++;
                // Bodies of heredocs opened on this line (inside a script, e.g. a heredoc body) are data, not commands.
                foreach (var (name, chomp) in pendingHeredocs)
                {
                    while (i < script.Length)
                    {
                        var end = script.IndexOf('\n', i);
                        if (end < 0) end = script.Length;
                        var line = script.Substring(i, end - i);
                        i = Math.Min(script.Length, end + 1);
                        if ((chomp ? line.TrimStart('\t') : line) == name) break;
                    }
                }
                pendingHeredocs.Clear();
                continue;
            }
            if (c == ';' || c == '&' || c == '|' || c == '(' || c == ')')
            {
                var op = c.ToString();
                if (i + 1 < script.Length && script[i + 1] == c && c != '(' && c != ')') op += c;
                i += op.Length;
                if (op == "|" && i < script.Length && script[i] == '&') i++; // |& pipes stderr too
                End(op);
                continue;
            }
            if (c == '<' || c == '>')
            {
                if (i + 1 < script.Length && script[i + 1] == '(')
                {
                    // process substitution <(…) / >(…): keep as a word
                    var startSub = i;
                    i = SkipBalanced(script, i + 1);
                    words.Add(new ShellWord(script.Substring(startSub, i - startSub), script.Substring(startSub, i - startSub), span(startSub, i - startSub)));
                    continue;
                }
                var opStart = i;
                while (i < script.Length && (script[i] == '<' || script[i] == '>' || script[i] == '&' || script[i] == '|' || script[i] == '-')
                       && i - opStart < 3) i++;
                var op = script.Substring(opStart, i - opStart);
                while (i < script.Length && (script[i] == ' ' || script[i] == '\t')) i++;
                if (op.EndsWith("&", StringComparison.Ordinal) || op.EndsWith("&-", StringComparison.Ordinal))
                {
                    while (i < script.Length && (char.IsDigit(script[i]) || script[i] == '-')) i++;
                    continue;
                }
                var target = ReadWord(script, ref i, out var raw);
                if (op.StartsWith("<<", StringComparison.Ordinal) && !op.StartsWith("<<<", StringComparison.Ordinal))
                {
                    heredocs.Add(target);
                    pendingHeredocs.Add((target, op.StartsWith("<<-", StringComparison.Ordinal)));
                }
                else if (raw.Length > 0) redirections.Add(new ShellRedirection(fileDescriptor + op, target));
                fileDescriptor = "";
                continue;
            }

            var start = i;
            var text = ReadWord(script, ref i, out var rawWord);
            if (i < script.Length && (script[i] == '<' || script[i] == '>') && rawWord.All(char.IsDigit))
            {
                fileDescriptor = rawWord; // fd number of a redirection
                continue;
            }
            if (rawWord.Length == 0)
            {
                i++;
                continue;
            }
            words.Add(new ShellWord(text, rawWord, span(start, i - start), span, start));
        }
        End(null);
        return commands;
    }

    private static bool EndsWord(char c) => c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';' || c == '&' || c == '|' || c == '<' || c == '>' || c == '(' || c == ')';

    private static string ReadWord(string s, ref int i, out string raw)
    {
        var start = i;
        var sb = new StringBuilder();
        while (i < s.Length && !EndsWord(s[i]))
        {
            var c = s[i];
            if (c == '\\')
            {
                if (i + 1 < s.Length && s[i + 1] == '\n') { i += 2; continue; }
                if (i + 1 < s.Length) sb.Append(s[i + 1]);
                i += 2;
            }
            else if (c == '\'')
            {
                var end = s.IndexOf('\'', i + 1);
                if (end < 0) end = s.Length;
                sb.Append(s, i + 1, end - i - 1);
                i = Math.Min(s.Length, end + 1);
            }
            else if (c == '"')
            {
                i++;
                while (i < s.Length && s[i] != '"')
                {
                    if (s[i] == '\\' && i + 1 < s.Length) { sb.Append(s[i + 1]); i += 2; }
                    else if (s[i] == '$' && i + 1 < s.Length && s[i + 1] == '(')
                    {
                        var subStart = i;
                        i = SkipBalanced(s, i + 1);
                        sb.Append(s, subStart, i - subStart);
                    }
                    else sb.Append(s[i++]);
                }
                i++;
            }
            else if (c == '$' && i + 1 < s.Length && (s[i + 1] == '(' || s[i + 1] == '{'))
            {
                var subStart = i;
                i = SkipBalanced(s, i + 1);
                sb.Append(s, subStart, i - subStart);
            }
            else if (c == '`')
            {
                var end = s.IndexOf('`', i + 1);
                if (end < 0) end = s.Length;
                sb.Append(s, i, Math.Min(s.Length, end + 1) - i);
                i = Math.Min(s.Length, end + 1);
            }
            else
            {
                sb.Append(c);
                i++;
            }
        }
        i = Math.Min(i, s.Length);
        raw = s.Substring(start, i - start);
        return sb.ToString();
    }

    /// <summary>From an opening <c>(</c> or <c>{</c> at <paramref name="open"/>, the index after its matching close (quotes respected).</summary>
    private static int SkipBalanced(string s, int open)
    {
        var openChar = s[open];
        var closeChar = openChar == '(' ? ')' : '}';
        var depth = 0;
        var i = open;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '\\') { i += 2; continue; }
            if (c == '\'')
            {
                var end = s.IndexOf('\'', i + 1);
                i = end < 0 ? s.Length : end + 1;
                continue;
            }
            if (c == openChar) depth++;
            else if (c == closeChar && --depth == 0) return i + 1;
            i++;
        }
        return s.Length;
    }
}
