using System;
using System.Collections.Generic;
using System.Linq;

namespace HardeningTasks.Core.Model.Dockerfile;

/// <summary>
/// One Dockerfile instruction as BuildKit reads it: the keyword, the builder flags (<c>--from=</c>, <c>--mount=</c>…),
/// the arguments in shell or JSON (exec) form, and the heredocs it opens. Continuation lines are joined and comment
/// lines inside them dropped; every piece keeps the physical line and column it was written at.
/// </summary>
public sealed class DockerInstruction
{
    internal DockerInstruction(string filePath, DockerToken keyword, int startLine, int endLine, string text, LineMap map,
        IReadOnlyList<DockerFlag> flags, string arguments, int argumentsOffset, bool isJsonForm, IReadOnlyList<DockerToken> words,
        IReadOnlyList<DockerKeyValue> keyValues, DockerInstruction? onBuild)
    {
        FilePath = filePath;
        KeywordToken = keyword;
        Keyword = keyword.Text.ToUpperInvariant();
        StartLine = startLine;
        EndLine = endLine;
        Text = text;
        Map = map;
        Flags = flags;
        Arguments = arguments;
        ArgumentsOffset = argumentsOffset;
        IsJsonForm = isJsonForm;
        Words = words;
        KeyValues = keyValues;
        OnBuild = onBuild;
        Mounts = flags.Where(f => f.Name == "mount" && f.Value != null).Select(f => DockerMount.Parse(f)).ToList();
    }

    public string FilePath { get; }

    /// <summary>The keyword, upper-cased: <c>RUN</c>, <c>COPY</c>, … (written in any case).</summary>
    public string Keyword { get; }

    /// <summary>The keyword as written, and where.</summary>
    public DockerToken KeywordToken { get; }

    /// <summary>First physical line (the keyword's).</summary>
    public int StartLine { get; }

    /// <summary>Last physical line: the last continuation line, or the terminator of the last heredoc.</summary>
    public int EndLine { get; internal set; }

    /// <summary>The logical line: the physical lines joined as BuildKit joins them (continuations removed,
    /// comment and empty lines inside the continuation dropped, leading whitespace of continuation lines kept).</summary>
    public string Text { get; }

    /// <summary>Offsets in <see cref="Text"/> to lines and columns.</summary>
    public LineMap Map { get; }

    /// <summary>The builder flags in order (<c>--platform=…</c>, <c>--from=…</c>, <c>--chown=…</c>, <c>--mount=…</c>, <c>--link</c>).</summary>
    public IReadOnlyList<DockerFlag> Flags { get; }

    /// <summary>The parsed <c>--mount</c> flags of a <c>RUN</c>.</summary>
    public IReadOnlyList<DockerMount> Mounts { get; }

    /// <summary>Everything after the flags, trimmed: the shell-form command, or the JSON text of the exec form.</summary>
    public string Arguments { get; }

    /// <summary>Offset of <see cref="Arguments"/> in <see cref="Text"/>.</summary>
    public int ArgumentsOffset { get; }

    public SourceSpan ArgumentsSpan => Map.Span(ArgumentsOffset, ArgumentsOffset + Arguments.Length);

    /// <summary>True for the JSON (exec) form: <c>CMD ["node", "server.js"]</c>. For <c>HEALTHCHECK</c> it is the
    /// form of the command after <c>CMD</c>.</summary>
    public bool IsJsonForm { get; }

    /// <summary>The JSON array's strings (exec form), or null for the shell form.</summary>
    public IReadOnlyList<string>? JsonArguments => IsJsonForm ? Words.Select(w => w.Text).ToList() : null;

    /// <summary>The arguments as words: the decoded strings of the exec form (each located at its literal); otherwise the
    /// whitespace-separated words as BuildKit splits <c>FROM</c>/<c>COPY</c>/<c>ADD</c>/<c>EXPOSE</c>, quotes kept.
    /// For <c>HEALTHCHECK</c>: the type (<c>CMD</c>/<c>NONE</c>) then the command words.</summary>
    public IReadOnlyList<DockerToken> Words { get; }

    /// <summary><c>ENV</c>/<c>LABEL</c> pairs and <c>ARG</c> declarations (a declaration without <c>=</c> has a null value).</summary>
    public IReadOnlyList<DockerKeyValue> KeyValues { get; }

    /// <summary>The heredocs this instruction opens, in order (empty for most instructions).</summary>
    public IReadOnlyList<DockerHeredoc> Heredocs { get; internal set; } = Array.Empty<DockerHeredoc>();

    /// <summary>For <c>ONBUILD &lt;instruction&gt;</c>: the inner instruction, fully parsed.</summary>
    public DockerInstruction? OnBuild { get; }

    /// <summary>The stage the instruction belongs to; null for the global <c>ARG</c>s before the first <c>FROM</c>.</summary>
    public DockerStage? Stage { get; internal set; }

    /// <summary>The last flag with this name (without dashes, case-sensitive as BuildKit's), or null.</summary>
    public DockerFlag? Flag(string name)
    {
        DockerFlag? found = null;
        foreach (var flag in Flags)
            if (flag.Name == name) found = flag;
        return found;
    }

    public bool HasFlag(string name) => Flag(name) != null;

    /// <summary>Where the keyword is.</summary>
    public SourceLocation Location => new(FilePath, KeywordToken.Span);

    public SourceLocation LocationOf(SourceSpan span) => new(FilePath, span);

    /// <summary>The span of <paramref name="length"/> characters at <paramref name="offset"/> in <see cref="Arguments"/>.</summary>
    public SourceSpan ArgumentSpan(int offset, int length) => Map.Span(ArgumentsOffset + offset, ArgumentsOffset + offset + length);

    public bool Is(string keyword) => string.Equals(Keyword, keyword, StringComparison.Ordinal);

    public override string ToString() => $"{StartLine}: {Keyword} {(Flags.Count > 0 ? string.Join(" ", Flags) + " " : "")}{Arguments}";
}

/// <summary>A builder flag: <c>--name=value</c> (or <c>--name</c> with no value).</summary>
public sealed class DockerFlag
{
    internal DockerFlag(string name, string? value, SourceSpan span, SourceSpan valueSpan)
    {
        Name = name;
        Value = value;
        Span = span;
        ValueSpan = valueSpan;
    }

    /// <summary>The name without the leading dashes: <c>from</c>, <c>platform</c>, <c>mount</c>.</summary>
    public string Name { get; }

    /// <summary>The value with BuildKit's quote and escape removal; null for a flag written without <c>=</c>.</summary>
    public string? Value { get; }

    /// <summary>The whole flag.</summary>
    public SourceSpan Span { get; }

    /// <summary>The value (right after <c>=</c>); the flag's span when it has no value.</summary>
    public SourceSpan ValueSpan { get; }

    public override string ToString() => Value == null ? "--" + Name : "--" + Name + "=" + Value;
}

/// <summary>A <c>RUN --mount=type=…,…</c> flag, its options parsed as BuildKit's CSV (<c>type</c> defaults to <c>bind</c>).</summary>
public sealed class DockerMount
{
    private DockerMount(DockerFlag flag, IReadOnlyList<KeyValuePair<string, string?>> options)
    {
        Flag = flag;
        Options = options;
    }

    public DockerFlag Flag { get; }

    /// <summary>The options in order; a bare option (<c>ro</c>) has a null value.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Options { get; }

    public string? Option(string key)
    {
        string? found = null;
        foreach (var option in Options)
            if (string.Equals(option.Key, key, StringComparison.OrdinalIgnoreCase)) found = option.Value ?? "";
        return found;
    }

    /// <summary><c>bind</c> (the default), <c>cache</c>, <c>tmpfs</c>, <c>secret</c>, <c>ssh</c>.</summary>
    public string Type => (Option("type") ?? "bind").ToLowerInvariant();

    /// <summary>The stage or image the mount reads from (<c>from=</c>), or null for the build context.</summary>
    public string? From => Option("from");

    public string? Target => Option("target") ?? Option("dst") ?? Option("destination");

    public string? Source => Option("source") ?? Option("src");

    public string? Id => Option("id");

    /// <summary>The span of the <c>from=</c> value, for findings about the image it names (the flag's value span otherwise).</summary>
    public SourceSpan FromSpan { get; private set; }

    internal static DockerMount Parse(DockerFlag flag)
    {
        var options = new List<KeyValuePair<string, string?>>();
        var text = flag.Value ?? "";
        var fromSpan = flag.ValueSpan;
        var start = 0;
        var inQuote = false;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] == '"') inQuote = !inQuote;
            if (i < text.Length && (inQuote || text[i] != ',')) continue;
            var field = text.Substring(start, i - start);
            var eq = field.IndexOf('=');
            var key = (eq < 0 ? field : field.Substring(0, eq)).Trim();
            var value = eq < 0 ? null : Unquote(field.Substring(eq + 1));
            if (key.Length > 0)
            {
                options.Add(new KeyValuePair<string, string?>(key, value));
                if (string.Equals(key, "from", StringComparison.OrdinalIgnoreCase) && eq >= 0 && flag.ValueSpan.Line == flag.ValueSpan.EndLine)
                {
                    var column = flag.ValueSpan.Column + start + eq + 1;
                    fromSpan = new SourceSpan(flag.ValueSpan.Line, column, flag.ValueSpan.Line, column + (value ?? "").Length);
                }
            }
            start = i + 1;
        }
        return new DockerMount(flag, options) { FromSpan = fromSpan };
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[value.Length - 1] == '"' ? value.Substring(1, value.Length - 2).Replace("\"\"", "\"") : value;

    public override string ToString() => Flag.ToString();
}

/// <summary>An <c>ENV</c>/<c>LABEL</c> pair or an <c>ARG</c> declaration.</summary>
public sealed class DockerKeyValue
{
    internal DockerKeyValue(DockerToken key, string? rawValue, SourceSpan valueSpan)
    {
        Key = key;
        RawValue = rawValue;
        ValueSpan = valueSpan;
    }

    /// <summary>The name, and where it is written.</summary>
    public DockerToken Key { get; }

    public string Name => Key.Text;

    /// <summary>The value as written (quotes and escapes kept); null for <c>ARG NAME</c> with no default.</summary>
    public string? RawValue { get; }

    public bool HasValue => RawValue != null;

    public SourceSpan ValueSpan { get; }

    public override string ToString() => RawValue == null ? Name : Name + "=" + RawValue;
}
