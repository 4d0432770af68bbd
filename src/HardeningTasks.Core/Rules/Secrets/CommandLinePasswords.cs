using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Rules.Secrets;

/// <summary>A password on a command line, where <c>ps</c> on the host and <c>docker inspect</c> show it.</summary>
/// <param name="Tool">How it is passed, for the message: <c>--requirepass</c>, <c>redis-cli -a</c>, <c>mysqladmin -p</c>.</param>
/// <param name="Value">The password as written (<c>${REDIS_PASSWORD}</c>, <c>$$MYSQL_ROOT_PASSWORD</c>, a literal).</param>
/// <param name="Flag">The flag's name when it is a <c>--name</c> flag HRD030 also reads (<c>requirepass</c>, <c>password</c>), else null.</param>
public sealed record CommandLinePassword(ComposeService Service, SecretSource Source, string Tool, string Value, string? Flag, SourceLocation Location)
{
    /// <summary>Not taken from a variable: <c>$</c> neither for Compose (<c>${VAR}</c>) nor for the container's shell (<c>$$VAR</c>).</summary>
    public bool IsLiteral => Value.IndexOf('$') < 0;

    /// <summary>Read from a file at run time (<c>"$$(cat /run/secrets/redis_password)"</c>): the password contract's own pattern,
    /// nothing secret is written in the repository or the container's configuration.</summary>
    public bool ReadsAFile => Value.IndexOf("(cat", StringComparison.Ordinal) >= 0 || Value.IndexOf("(<", StringComparison.Ordinal) >= 0
                              || Value.IndexOf("`cat", StringComparison.Ordinal) >= 0;

    public string Where => Source switch
    {
        SecretSource.Entrypoint => "its entrypoint",
        SecretSource.Healthcheck => "its health check's command line",
        _ => "its command line",
    };
}

/// <summary>
/// The passwords given on the command lines of a service (<c>command:</c>, <c>entrypoint:</c>, <c>healthcheck.test</c>, in list or
/// string form, <c>sh -c</c> scripts split into words): redis' <c>--requirepass</c>/<c>--masterauth</c>, <c>redis-cli -a</c>/<c>--pass</c>
/// (and valkey's and keydb's), and the MySQL/MariaDB clients' <c>-p&lt;password&gt;</c>/<c>--password=</c> (a bare <c>-p</c> prompts).
/// </summary>
public static class CommandLinePasswords
{
    private static readonly HashSet<string> RedisClients = new(StringComparer.Ordinal) { "redis-cli", "valkey-cli", "keydb-cli" };

    private static readonly HashSet<string> MySqlClients = new(StringComparer.Ordinal)
    {
        "mysql", "mysqladmin", "mysqldump", "mysqlcheck", "mysqlshow", "mysqlimport", "mysqlpump",
        "mariadb", "mariadb-admin", "mariadb-dump", "mariadb-check", "mariadb-show", "mariadb-import",
    };

    /// <param name="lines">The checked files' text, to place a value inside a multi-line (block) scalar on its own line.</param>
    public static IEnumerable<CommandLinePassword> Of(ComposeService service, SourceLines? lines = null)
    {
        var cursors = new Dictionary<YScalar, (int Line, int Index)>();
        foreach (var (source, node) in new[] { (SecretSource.Command, service["command"]), (SecretSource.Entrypoint, service["entrypoint"]), (SecretSource.Healthcheck, service.Healthcheck?["test"]) })
        {
            var words = Words(node);
            var program = "";
            for (var i = 0; i < words.Count; i++)
            {
                var word = words[i];
                var text = word.Text;
                if (text is "&&" or "||" or "|" or ";" || text.EndsWith(";", StringComparison.Ordinal)) { program = ""; continue; }
                var name = text.Substring(text.LastIndexOf('/') + 1);
                if (RedisClients.Contains(name) || MySqlClients.Contains(name)) { program = name; continue; }
                if ((Flag(text, "--requirepass", words, i) ?? Flag(text, "--masterauth", words, i)) is { } redis)
                {
                    yield return new CommandLinePassword(service, source, redis.Flag, redis.Value, redis.Flag.Substring(2), InBlock(word, redis.Flag) ?? redis.Word.Locate(redis.Offset));
                    if (redis.Word != word) i++;
                }
                else if (RedisClients.Contains(program) && (text == "-a" || text == "--pass") && i + 1 < words.Count)
                {
                    yield return new CommandLinePassword(service, source, program + " " + text, words[i + 1].Text, null, InBlock(word, text) ?? words[i + 1].Locate(0));
                    i++;
                }
                else if (MySqlClients.Contains(program) && text.Length > 2 && text.StartsWith("-p", StringComparison.Ordinal) && !text.StartsWith("--", StringComparison.Ordinal))
                    yield return new CommandLinePassword(service, source, program + " -p", text.Substring(2), null, word.Locate(2));
                else if (MySqlClients.Contains(program) && text.StartsWith("--password=", StringComparison.Ordinal) && text.Length > "--password=".Length)
                    yield return new CommandLinePassword(service, source, program + " --password", text.Substring("--password=".Length), "password", InBlock(word, "--password") ?? word.Locate("--password=".Length));
            }
        }

        SourceLocation? InBlock(Word word, string flag) =>
            lines != null && word.Node.Location.Span.Line != word.Node.Location.Span.EndLine ? lines.FindValue(word.Node, flag, cursors) : null;
    }

    private sealed record FlagValue(string Flag, string Value, Word Word, int Offset);

    /// <summary>A word as written, and where character N of it is (exactly when the word was written verbatim, else its start).</summary>
    private readonly record struct Word(string Text, YScalar Node, int Offset, bool IsVerbatim)
    {
        public SourceLocation Locate(int index) => ScalarPosition.AtWritten(Node, Offset + (IsVerbatim ? index : 0));
    }

    /// <summary><c>--flag=value</c> or <c>--flag value</c>.</summary>
    private static FlagValue? Flag(string text, string flag, IReadOnlyList<Word> words, int i)
    {
        if (text.StartsWith(flag + "=", StringComparison.Ordinal) && text.Length > flag.Length + 1)
            return new FlagValue(flag, text.Substring(flag.Length + 1), words[i], flag.Length + 1);
        if (text == flag && i + 1 < words.Count && !words[i + 1].Text.StartsWith("-", StringComparison.Ordinal))
            return new FlagValue(flag, words[i + 1].Text, words[i + 1], 0);
        return null;
    }

    /// <summary>The words as written (so <c>${VAR}</c> stays visible): list items, each split further when it holds a whole shell script.</summary>
    private static List<Word> Words(YNode? node)
    {
        var words = new List<Word>();
        foreach (var scalar in ComposeService.StringsOf(node))
        {
            var written = scalar.RawValue ?? scalar.Value;
            if (node is YSequence && written.IndexOfAny(new[] { ' ', '\t', '\n' }) < 0)
            {
                words.Add(new Word(written, scalar, 0, true));
                continue;
            }
            var previous = "";
            foreach (var word in ShellWords.Split(written))
            {
                // The script of 'sh -c "mysql -p… < seed.sql"' is split again; its words point at the script.
                if (previous == "-c" && word.Text.IndexOfAny(new[] { ' ', '\t', '\n' }) >= 0)
                    words.AddRange(ShellWords.Split(word.Text).Select(inner => new Word(inner.Text, scalar, word.Offset, false)));
                else words.Add(new Word(word.Text, scalar, word.Offset, word.IsVerbatim));
                previous = word.Text;
            }
        }
        return words;
    }
}
