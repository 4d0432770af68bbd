using System.Text;
using CsCheck;

namespace HardeningTasks.Core.Tests.Robustness;

/// <summary>What a mutation does; the fuzzer draws them with the weights in <see cref="Mutator.Weights"/>.</summary>
internal enum MutationKind
{
    FlipBit,
    DeleteRange,
    DuplicateLines,
    InsertToken,
    InsertTokenAtLineStart,
    ShiftIndentation,
    HugeRepeat,
    Truncate,
    SwapLines,
    ReplaceByte,
    ReplaceValue,
}

/// <summary>One mutation: a kind and three numbers it interprets (positions, lengths, which token), so that a failing
/// case prints as data and replays exactly.</summary>
internal readonly record struct Mutation(MutationKind Kind, int A, int B, int C)
{
    public override string ToString() => $"{Kind}({A},{B},{C})";
}

/// <summary>Applies <see cref="Mutation"/>s to a file's bytes. Every mutation is defined for every input (empty included).</summary>
internal static class Mutator
{
    /// <summary>The bytes a mutation may grow a file to: big enough for "huge repeats", small enough for 20,000 runs a minute.</summary>
    public const int MaxLength = 256 * 1024;

    /// <summary>YAML, Dockerfile, TOML, .env and interpolation metacharacters and constructs the parsers treat specially.</summary>
    public static readonly string[] Tokens =
    {
        "&", "*", "<<", ":", ": ", "{", "}", "[", "]", "|", "|-", ">", ">-", "-", "- ", "#", " #", "$", "\\", "\\\n", "`", "`\n", "\"", "'",
        "${", "}", "${X}", "${X:-d}", "${X:?missing}", "${X-${Y}}", "$$", "$${X}", "${}", "${:-}", "${X:?}", "$X", "${X:+y}",
        "<<EOF", "<<-EOF\n", "<<'EOF'", "<<\"EOF\"", "\nEOF\n", "<<EOF <<END", "EOF",
        "&a ", "*a", "<<: *a", "<<: [*a, *b]", "<<: {x: 1}", "<<:", "!!binary ", "!!str ", "!reset ", "!override ", "!!", "!", "%YAML 1.1\n", "%TAG ! x\n",
        "? ", "---\n", "...\n", "\t", "\0", "\n", "\r", "\r\n", " ", "  ", "~", "null", "true", "0x1F", "1e999", "-.inf", ".nan", "0o17",
        "FROM ", "FROM --platform=$X ", "ARG X\n", "ARG X=${Y}\n", "ONBUILD ", "ONBUILD ONBUILD ", "RUN ", "RUN --mount=type=secret,id=x ", "RUN --mount=from=", "COPY --from=", "ADD ", "USER ",
        "HEALTHCHECK ", "HEALTHCHECK NONE", "CMD [", "ENTRYPOINT [\"", "[\"a\", ", "SHELL [\"", "ENV ", "ENV A=\"", "LABEL ", "EXPOSE ", "AS ", " AS ",
        "# syntax=docker/dockerfile:1\n", "# escape=`\n", "# escape=\\\n", "# hardening-ignore HRD001 x", "# hardening-ignore-file ", "# hardening-ignore",
        "[[", "]]", "=", "\"\"\"", "'''", "{{", "}}", "[x.y]", "a.b.c = ", "[entryPoints.web]", "[[tls.certificates]]",
        "image: ", "image: x:latest", "build: .", "build:\n  context: ", "extends: x\n", "extends:\n  file: ", "include:\n  - ./compose.yaml\n", "services:\n", "services: ",
        "environment:\n  - ", "ports: [", "volumes:\n  - /var/run/docker.sock:/var/run/docker.sock", "labels:\n  - traefik.", "command: ", "entrypoint: [",
        "traefik.http.routers.x.rule=", "--entrypoints.web.address=:80", "--api.insecure=true", "providers:\n  file:\n    filename: ", "certResolver: ",
        "export ", "KEY=", "=", "KEY='", "KEY=\"", "KEY", "@sha256:", ":", "@", "/", "//", "..", "../../",
        "\uFEFF", "\u2028", "\u0085", "\u00A0", "\U0001F680", "\uFFFD", "é",
    };

    /// <summary>Values that keep a line well-formed but give the rules shapes they may not expect.</summary>
    public static readonly string[] Values =
    {
        "", "''", "\"\"", "[]", "{}", "~", "null", "0", "-1", "99999999999999999999", "1.5", "true", "no", "[a, [b]]", "{a: {b: c}}", "[{}]", "[[]]",
        "x:latest", "x", "x@sha256:", "x@sha256:abc", "registry:5000/x", "registry:5000", ":tag", "@", "/", "x:${TAG}", "${X}", "${X:-}", "${X:-a:b}", "$$X",
        "/var/run/docker.sock:/var/run/docker.sock", "./data:/data:ro", ":::", "0.0.0.0:80:80", "80", "65536", "1-2", "host", "none", "service:x", "container:",
        "http://", "https://x", "tcp://0.0.0.0:2375", "postgres://u:p@h/db", "Host(`x`)", "!reset", "!reset []", "!override {}", "- x", "'\\'", "\"\\u0000\"",
        "[\"sh\", \"-c\"]", "[\"a\"", "[]\"x\"", "curl x | sh", "sudo x", "apt-get install x", "--from=x", "--mount=type=cache", "--chown=1:1 a b", "a b c",
        "root", "0:0", "1000", "AS x", "x AS", "--platform=$BUILDPLATFORM x", "scratch", "$X", "${X", "\\", "`", "<<EOF", "\t", "é", "\U0001F680",
    };

    public static readonly (int Weight, MutationKind Kind)[] Weights =
    {
        (4, MutationKind.FlipBit), (10, MutationKind.DeleteRange), (10, MutationKind.DuplicateLines), (30, MutationKind.InsertToken),
        (12, MutationKind.InsertTokenAtLineStart), (12, MutationKind.ShiftIndentation), (3, MutationKind.HugeRepeat), (5, MutationKind.Truncate),
        (6, MutationKind.SwapLines), (8, MutationKind.ReplaceByte), (30, MutationKind.ReplaceValue),
    };

    /// <summary>One to four mutations, mostly one or two: a file hit once still loads more often, so the rules see it.</summary>
    public static Gen<Mutation[]> Mutations => CsCheck.Gen.Frequency((5, 1), (3, 2), (1, 3), (1, 4)).SelectMany(count => Gen.Array[count]);

    public static readonly Gen<Mutation> Gen =
        CsCheck.Gen.Select(CsCheck.Gen.Frequency(Weights), CsCheck.Gen.Int[0, int.MaxValue], CsCheck.Gen.Int[0, int.MaxValue], CsCheck.Gen.Int[0, int.MaxValue],
            (kind, a, b, c) => new Mutation(kind, a, b, c));

    public static byte[] Apply(byte[] input, IEnumerable<Mutation> mutations)
    {
        var bytes = new List<byte>(input);
        foreach (var mutation in mutations) Apply(bytes, mutation);
        return bytes.ToArray();
    }

    private static void Apply(List<byte> bytes, Mutation m)
    {
        var n = bytes.Count;
        switch (m.Kind)
        {
            case MutationKind.FlipBit:
                if (n > 0) bytes[m.A % n] ^= (byte)(1 << (m.B % 8));
                break;
            case MutationKind.DeleteRange:
                if (n > 0)
                {
                    var start = m.A % n;
                    bytes.RemoveRange(start, Math.Min(n - start, 1 + m.B % 64));
                }
                break;
            case MutationKind.DuplicateLines:
            {
                var lines = Lines(bytes);
                var first = m.A % lines.Count;
                var count = Math.Min(lines.Count - first, 1 + m.B % 6);
                var block = lines.Skip(first).Take(count).SelectMany(l => l).ToArray();
                var times = 1 + m.C % 3;
                var at = lines.Take(first + count).Sum(l => l.Length);
                for (var i = 0; i < times && bytes.Count + block.Length <= MaxLength; i++) bytes.InsertRange(at, block);
                break;
            }
            case MutationKind.InsertToken:
                bytes.InsertRange(n == 0 ? 0 : m.A % (n + 1), Token(m.B));
                break;
            case MutationKind.InsertTokenAtLineStart:
            {
                var starts = LineStarts(bytes);
                var at = starts[m.A % starts.Count];
                // Keep the line's indentation for half of them, so the token lands where a key or an instruction would.
                if (m.C % 2 == 0) while (at < bytes.Count && bytes[at] == (byte)' ') at++;
                bytes.InsertRange(at, Token(m.B));
                break;
            }
            case MutationKind.ShiftIndentation:
            {
                var starts = LineStarts(bytes);
                var from = m.A % starts.Count;
                var count = 1 + m.B % 8;
                var shift = m.C % 9 - 4; // -4..+4 spaces, or a tab when 0
                for (var i = Math.Min(starts.Count - 1, from + count - 1); i >= from; i--)
                {
                    var at = starts[i];
                    if (shift > 0) bytes.InsertRange(at, Enumerable.Repeat((byte)' ', shift));
                    else if (shift == 0) bytes.Insert(at, (byte)'\t');
                    else
                    {
                        var remove = 0;
                        while (remove < -shift && at + remove < bytes.Count && bytes[at + remove] == (byte)' ') remove++;
                        bytes.RemoveRange(at, remove);
                    }
                }
                break;
            }
            case MutationKind.HugeRepeat:
            {
                var unit = m.C % 3 == 0 && n > 0 ? LineAt(bytes, m.B % n) : Token(m.B);
                if (unit.Length == 0) break;
                var times = Math.Min(100 + m.C % 5000, (MaxLength - n) / unit.Length);
                var repeated = new byte[Math.Max(0, times) * unit.Length];
                for (var i = 0; i < times; i++) Array.Copy(unit, 0, repeated, i * unit.Length, unit.Length);
                bytes.InsertRange(n == 0 ? 0 : m.A % (n + 1), repeated);
                break;
            }
            case MutationKind.Truncate:
                if (n > 0) bytes.RemoveRange(m.A % n, n - m.A % n);
                break;
            case MutationKind.SwapLines:
            {
                var lines = Lines(bytes);
                var a = m.A % lines.Count;
                var b = m.B % lines.Count;
                (lines[a], lines[b]) = (lines[b], lines[a]);
                bytes.Clear();
                foreach (var line in lines) bytes.AddRange(line);
                break;
            }
            case MutationKind.ReplaceByte:
                if (n > 0) bytes[m.A % n] = (byte)(m.B % 128);
                break;
            case MutationKind.ReplaceValue:
            {
                // The value of a line: after "key: " or "KEY=", or after a Dockerfile instruction's keyword.
                var starts = LineStarts(bytes);
                var start = starts[m.A % starts.Count];
                var end = start;
                while (end < bytes.Count && bytes[end] != (byte)'\n') end++;
                var at = start;
                while (at < end && (bytes[at] == (byte)' ' || bytes[at] == (byte)'-')) at++;
                while (at < end && bytes[at] != (byte)' ' && bytes[at] != (byte)'=' && !(bytes[at] == (byte)':' && at + 1 < end && bytes[at + 1] == (byte)' ')) at++;
                if (at < end) at += bytes[at] == (byte)':' ? 2 : 1;
                var value = Encoding.UTF8.GetBytes(Values[m.B % Values.Length]);
                bytes.RemoveRange(at, end - at);
                bytes.InsertRange(at, value);
                break;
            }
        }
    }

    private static byte[] Token(int index) => Encoding.UTF8.GetBytes(Tokens[index % Tokens.Length]);

    /// <summary>The lines with their line ends; at least one (possibly empty).</summary>
    private static List<byte[]> Lines(List<byte> bytes)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < bytes.Count; i++)
            if (bytes[i] == (byte)'\n')
            {
                lines.Add(bytes.GetRange(start, i + 1 - start).ToArray());
                start = i + 1;
            }
        if (start < bytes.Count || lines.Count == 0) lines.Add(bytes.GetRange(start, bytes.Count - start).ToArray());
        return lines;
    }

    private static List<int> LineStarts(List<byte> bytes)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < bytes.Count - 1; i++)
            if (bytes[i] == (byte)'\n') starts.Add(i + 1);
        return starts;
    }

    private static byte[] LineAt(List<byte> bytes, int offset)
    {
        var start = offset;
        while (start > 0 && bytes[start - 1] != (byte)'\n') start--;
        var end = offset;
        while (end < bytes.Count && bytes[end] != (byte)'\n') end++;
        return bytes.GetRange(start, Math.Min(bytes.Count, end + 1) - start).ToArray();
    }
}
