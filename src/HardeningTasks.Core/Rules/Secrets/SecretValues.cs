using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Rules.Secrets;

/// <summary>Where a secret-looking value was given to a service.</summary>
public enum SecretSource
{
    Environment,
    BuildArg,
    /// <summary>A line of a committed <c>env_file:</c>.</summary>
    EnvFile,
    Command,
    Entrypoint,
    Healthcheck,
}

/// <summary>What a secret-looking value is, for HRD030 (literal) and HRD031 (interpolated, placeholder, taken from the shell).</summary>
public enum SecretValueKind
{
    /// <summary>A literal, hard-coded value.</summary>
    Literal,
    /// <summary>Compose interpolates it (<c>${DB_PASSWORD}</c>, <c>$DB_PASSWORD</c>).</summary>
    Interpolated,
    /// <summary>An obvious placeholder (<c>changeme</c>, <c>&lt;your-token&gt;</c>).</summary>
    Placeholder,
    /// <summary><c>- KEY</c> or <c>KEY:</c> with no value: compose takes it from the shell.</summary>
    FromShell,
    /// <summary>Empty, a boolean, a path to a secret file, or something a shell expands at run time (<c>$$(cat /run/secrets/x)</c>).</summary>
    NotASecret,
}

/// <summary>One <c>KEY=value</c> of <c>environment:</c>/<c>build.args</c>, or one <c>--flag value</c> of <c>command:</c>/<c>healthcheck.test</c>.</summary>
/// <param name="Name">The variable or flag name (without leading dashes).</param>
/// <param name="Value">The value Docker Compose uses; null for a key with no value.</param>
/// <param name="Written">The value as written in the file (before interpolation).</param>
/// <param name="Location">Where the value is written (for a key with no value: the key).</param>
/// <param name="EntryLocation">Where the entry starts: the key of the map form, the item of the list form, the flag.</param>
/// <param name="Locator">Where character N of <see cref="Value"/> is written, when that can be known; else <see cref="Location"/> serves.</param>
public sealed record SecretValue(ComposeService Service, SecretSource Source, string Name, string? Value, string? Written, SourceLocation Location, SourceLocation EntryLocation,
    Func<int, SourceLocation>? Locator = null)
{
    /// <summary>Where character <paramref name="offset"/> of the value is written, as precisely as can be known.</summary>
    public SourceLocation LocationOf(int offset) => Locator?.Invoke(offset) ?? Location;

    /// <summary>For an env file line: the file.</summary>
    public EnvFile? File { get; init; }

    public SecretValueKind Kind
    {
        get
        {
            if (Value == null) return SecretValueKind.FromShell;
            if (SecretNames.IsInterpolated(Written)) return SecretValueKind.Interpolated;
            if (Value.Trim().Length == 0) return SecretValueKind.NotASecret;
            // A shell expands what is left of '$' in a command at run time: the secret is not in the file.
            if (Source is SecretSource.Command or SecretSource.Entrypoint or SecretSource.Healthcheck && Value.IndexOf('$') >= 0) return SecretValueKind.NotASecret;
            if (SecretNames.IsNotASecret(Value)) return SecretValueKind.NotASecret;
            return SecretNames.IsPlaceholder(Value) ? SecretValueKind.Placeholder : SecretValueKind.Literal;
        }
    }

    /// <summary>How the message names where it was given.</summary>
    public string Describe() => Source switch
    {
        SecretSource.Environment => "environment " + Name,
        SecretSource.BuildArg => "build arg " + Name + " (build args are recorded in the image history)",
        SecretSource.EnvFile => "the committed env file '" + System.IO.Path.GetFileName(File?.Path ?? "") + "' (" + Name + ")",
        SecretSource.Command => "the command's --" + Name + " argument",
        SecretSource.Entrypoint => "the entrypoint's --" + Name + " argument",
        _ => "the health check's --" + Name + " argument",
    };

    /// <summary>How the message names a URL with a password in this value.</summary>
    public string DescribeUrl() => Source switch
    {
        SecretSource.Environment => "the URL in environment " + Name,
        SecretSource.BuildArg => "the URL in build arg " + Name + " (build args are recorded in the image history)",
        SecretSource.EnvFile => "the URL in the committed env file '" + System.IO.Path.GetFileName(File?.Path ?? "") + "' (" + Name + ")",
        SecretSource.Command => "a URL on its command line",
        SecretSource.Entrypoint => "a URL in its entrypoint",
        _ => "a URL in its health check",
    };
}

/// <summary>A password in a URL's userinfo (<c>postgres://app:s3cret@db/app</c>, any scheme) inside a value.</summary>
/// <param name="Offset">Where the password starts in the value.</param>
public sealed record UrlPassword(SecretValue Value, int Offset, string Scheme)
{
    public SourceLocation Location => Value.LocationOf(Offset);
}

/// <summary>Reads the values a service is given: environment, build args, and <c>--flag</c> arguments of its command and health check.</summary>
public static class SecretValues
{
    public static IEnumerable<SecretValue> Environment(ComposeService service) =>
        service.Environment.Select(e => FromEntry(service, SecretSource.Environment, e));

    /// <summary>The lines of the service's committed <c>env_file:</c> files (a file Git ignores is a machine's own, not judged).</summary>
    public static IEnumerable<SecretValue> EnvFiles(ComposeService service) =>
        service.EnvFileEntries.Where(e => e.File.IsCommitted).Select(e =>
            new SecretValue(service, SecretSource.EnvFile, e.Name, e.IsFullyResolved ? e.Value : "", e.Written, e.ValueLocation, e.KeyLocation,
                e.Written == e.Value && e.Value.IndexOf('\n') < 0 ? offset => new SourceLocation(e.ValueLocation.FilePath, SourceSpan.At(e.ValueLocation.Line, e.ValueLocation.Column + offset)) : null)
            { File = e.File });

    public static IEnumerable<SecretValue> BuildArgs(ComposeService service) =>
        service.Build?.Node?["args"] is { } args
            ? KeyValueEntry.Read(args).Select(e => FromEntry(service, SecretSource.BuildArg, e))
            : Enumerable.Empty<SecretValue>();

    /// <summary>Every <c>--name=value</c> / <c>--name value</c> argument of <c>command:</c> and <c>healthcheck.test</c>, in either form;
    /// a list item holding a whole shell script (<c>CMD-SHELL</c>, <c>sh -c</c>) is split into words.</summary>
    /// <param name="source">The checked files' text, to place a value inside a multi-line (block) scalar on its own line.</param>
    public static IEnumerable<SecretValue> Flags(ComposeService service, SourceLines? source = null)
    {
        foreach (var flag in FlagsOf(service, service["command"], SecretSource.Command, source)) yield return flag;
        if (service.Healthcheck?["test"] is { } test)
            foreach (var flag in FlagsOf(service, test, SecretSource.Healthcheck, source)) yield return flag;
    }

    private static SecretValue FromEntry(ComposeService service, SecretSource source, KeyValueEntry entry)
    {
        if (entry.ValueNode is not { } node || entry.Value == null)
            return new SecretValue(service, source, entry.Name, entry.Value, null, entry.Location, entry.Location);
        // The list form's node is the whole 'KEY=value' item.
        var offset = node.Value.Length - entry.Value.Length;
        var written = node.RawValue ?? node.Value;
        if (offset > 0 && node.RawValue != null)
        {
            var equals = node.RawValue.IndexOf('=');
            written = equals >= 0 ? node.RawValue.Substring(equals + 1) : node.RawValue;
        }
        else if (offset > 0) written = entry.Value;
        return new SecretValue(service, source, entry.Name, entry.Value, written, offset == 0 ? node.Location : ScalarPosition.At(node, offset), entry.Location,
            index => ScalarPosition.At(node, offset + index));
    }

    private readonly record struct Word(string Text, YScalar Node, int Offset, bool IsVerbatim)
    {
        public SourceLocation Locate(int index) => IsVerbatim ? ScalarPosition.At(Node, Offset + index) : ScalarPosition.At(Node, Offset);
    }

    private static IEnumerable<SecretValue> FlagsOf(ComposeService service, YNode? node, SecretSource source, SourceLines? lines)
    {
        var cursors = new Dictionary<YScalar, (int Line, int Index)>();
        var words = new List<Word>();
        switch (node)
        {
            case YScalar { IsNull: false } text:
                words.AddRange(Split(text));
                break;
            case YSequence sequence:
                foreach (var item in sequence.Items.OfType<YScalar>().Where(s => !s.IsNull))
                {
                    var written = item.RawValue ?? item.Value;
                    if (written.IndexOfAny(new[] { ' ', '\t', '\n' }) >= 0 && !written.TrimStart().StartsWith("--", StringComparison.Ordinal)) words.AddRange(Split(item));
                    else words.Add(new Word(written, item, 0, true));
                }
                break;
        }

        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (!word.Text.StartsWith("--", StringComparison.Ordinal) || word.Text.Length < 3) continue;
            var equals = word.Text.IndexOf('=');
            var name = (equals < 0 ? word.Text : word.Text.Substring(0, equals)).Substring(2);
            if (!IsSecretFlag(name)) continue;
            var inBlock = lines != null && word.Node.Location.Span.Line != word.Node.Location.Span.EndLine
                ? lines.FindValue(word.Node, "--" + name, cursors) : null;
            if (equals >= 0)
            {
                var written = word.Text.Substring(equals + 1);
                yield return new SecretValue(service, source, name, Unescape(written), written, inBlock ?? word.Locate(equals + 1), word.Locate(0));
            }
            else if (i + 1 < words.Count && !words[i + 1].Text.StartsWith("-", StringComparison.Ordinal))
            {
                var next = words[i + 1];
                yield return new SecretValue(service, source, name, Unescape(next.Text), next.Text, inBlock ?? next.Locate(0), word.Locate(0));
                i++;
            }
        }
    }

    private static readonly Regex UrlUserinfo = new(@"(?<![A-Za-z0-9+.-])(?<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?<user>[^:@/\s'""]*):(?<password>[^@/\s'""]+)@",
        RegexOptions.CultureInvariant);

    /// <summary>The passwords written literally in URLs of the value: not one taken from a variable (<c>${DB_PASSWORD}</c>, or
    /// <c>$$DB_PASSWORD</c> that a shell expands), and not a placeholder (<c>&lt;password&gt;</c>, <c>changeme</c>).</summary>
    public static IEnumerable<UrlPassword> UrlPasswords(SecretValue value)
    {
        if (value.Value is not { Length: > 0 } text || text.IndexOf("://", StringComparison.Ordinal) < 0) yield break;
        foreach (Match match in UrlUserinfo.Matches(text))
        {
            var password = match.Groups["password"];
            if (password.Value.IndexOf('$') >= 0 || SecretNames.IsPlaceholder(password.Value)) continue;
            if (value.Written != null && !WrittenOutsideInterpolation(value.Written, ":" + password.Value + "@")) continue;
            yield return new UrlPassword(value, password.Index, match.Groups["scheme"].Value);
        }
    }

    /// <summary>True when <paramref name="text"/> is written literally in <paramref name="written"/>, not inside a <c>${…}</c> expression
    /// (a default such as <c>${RABBITMQ_URI:-amqp://guest:guest@rabbitmq}</c> is interpolation, judged as HRD031 judges defaults).</summary>
    private static bool WrittenOutsideInterpolation(string written, string text)
    {
        for (var at = written.IndexOf(text, StringComparison.Ordinal); at >= 0; at = written.IndexOf(text, at + 1, StringComparison.Ordinal))
        {
            var depth = 0;
            for (var i = 0; i < at; i++)
            {
                if (written[i] == '$' && i + 1 < written.Length && written[i + 1] == '$') i++;
                else if (written[i] == '$' && i + 1 < written.Length && written[i + 1] == '{') { depth++; i++; }
                else if (written[i] == '}' && depth > 0) depth--;
            }
            if (depth == 0) return true;
        }
        return false;
    }

    /// <summary>Every item of <c>command:</c>, <c>entrypoint:</c> and <c>healthcheck.test</c> as a value (for URLs written in them).</summary>
    public static IEnumerable<SecretValue> CommandLines(ComposeService service)
    {
        foreach (var (source, node) in new[] { (SecretSource.Command, service["command"]), (SecretSource.Entrypoint, service["entrypoint"]), (SecretSource.Healthcheck, service.Healthcheck?["test"]) })
            foreach (var scalar in ComposeService.StringsOf(node))
                yield return new SecretValue(service, source, "", scalar.Value, scalar.RawValue ?? scalar.Value, scalar.Location, scalar.Location, offset => ScalarPosition.At(scalar, offset));
    }

    /// <summary>A flag that takes a secret: its name looks secret (<c>--password</c>, <c>--api-token</c>), or redis' <c>--requirepass</c>/<c>--masterauth</c>.</summary>
    public static bool IsSecretFlag(string name) =>
        string.Equals(name, "requirepass", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "masterauth", StringComparison.OrdinalIgnoreCase)
        || SecretNames.LooksSecret(name);

    /// <summary>The words of a scalar as written (so <c>${VAR}</c> is still visible), with their offsets.</summary>
    private static IEnumerable<Word> Split(YScalar scalar) =>
        ShellWords.Split(scalar.RawValue ?? scalar.Value).Select(w => new Word(w.Text, scalar, w.Offset, w.IsVerbatim));

    /// <summary>The value compose would pass for text as written: <c>$$</c> is a literal <c>$</c>.</summary>
    private static string Unescape(string written) => written.Replace("$$", "$");
}

/// <summary>
/// The text of checked files, line by line (<see cref="Stack.Sources"/>): a value inside a multi-line block scalar
/// (<c>command: &gt;</c> with a long script) cannot be placed from the folded value alone, so it is found in the lines
/// the scalar spans.
/// </summary>
public sealed class SourceLines
{
    private readonly SourceTexts texts;

    public SourceLines(SourceTexts texts) => this.texts = texts;

    private string[]? Of(string path) => texts.Lines(path);

    /// <summary>Where the value of the next <paramref name="flag"/> (after the ones already found in this scalar) is written:
    /// after its <c>=</c>, or at the next word. Null when it cannot be found.</summary>
    internal SourceLocation? FindValue(YScalar scalar, string flag, Dictionary<YScalar, (int Line, int Index)> cursors)
    {
        var span = scalar.Location.Span;
        if (Of(scalar.Location.FilePath) is not { } lines) return null;
        var (line, index) = cursors.TryGetValue(scalar, out var cursor) ? cursor : (span.Line, span.Column - 1);
        for (; line <= span.EndLine && line <= lines.Length; line++, index = 0)
        {
            var text = lines[line - 1];
            for (var at = text.IndexOf(flag, Math.Min(index, text.Length), StringComparison.Ordinal); at >= 0; at = text.IndexOf(flag, at + 1, StringComparison.Ordinal))
            {
                var end = at + flag.Length;
                if (end < text.Length && text[end] != '=' && !char.IsWhiteSpace(text[end]) && text[end] != '"' && text[end] != '\'') continue;
                cursors[scalar] = (line, end);
                if (end < text.Length && text[end] == '=') return At(line, end + 1);
                // '--flag value': the next word, possibly after a line break or a backslash continuation.
                for (var l = line; l <= span.EndLine && l <= lines.Length; l++)
                {
                    var t = lines[l - 1];
                    for (var c = l == line ? end : 0; c < t.Length; c++)
                        if (!char.IsWhiteSpace(t[c]) && !(t[c] == '\\' && c == t.Length - 1)) return At(l, c);
                }
                return null;
            }
        }
        return null;

        SourceLocation At(int l, int index0) => new(scalar.Location.FilePath, SourceSpan.At(l, index0 + 1));
    }
}
