using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Yaml;
using HardeningTasks.Core.Rules.Dockerfile;

namespace HardeningTasks.Core.Rules.Reliability;

/// <summary>
/// HRD056: database migrations chained (<c>&amp;&amp;</c>, <c>;</c>, a new line) with the server in one <c>command</c>/<c>entrypoint</c>
/// (<c>sh -c "alembic upgrade head &amp;&amp; uvicorn …"</c>): every start, restart and scale-out re-runs them, and a failed
/// migration keeps the service down. A migration alone in a one-shot service is the fix, not a finding.
/// </summary>
public sealed class MigrationInStartupCommandRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD056", "Migrations in the startup command", Categories.Reliability, Severity.Suggestion,
        "Service '{0}' runs database migrations ('{1}') in its startup {2} before '{3}'; every restart and scale-out re-runs them and a failed migration keeps the service down. Run them once in a separate service (restart: \"no\") that '{0}' depends on with condition: service_completed_successfully.");

    public override RuleDescriptor Descriptor => Definition;

    private static readonly HashSet<string> NotServers = new(StringComparer.Ordinal)
    {
        "echo", "printf", "exit", "true", "false", ":", "sleep", "set", "cd", "export", "unset", "test", "[", "[[", "fi", "done",
        "wait-for-it", "wait-for-it.sh", "wait-for", "wait-for.sh", "touch", "mkdir", "rm", "cp", "mv", "chmod", "chown", "cat", "ls",
    };

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        foreach (var service in file.Services)
        {
            if (service.IsOneShot || FindIn(service) is not { } found) continue;
            var (key, scalar, hit) = found;
            var text = string.Join(" ", hit.Migration.Command.Select(w => w.Text));
            yield return Definition.At(Locate(scalar, hit.Offset, hit.Migration.Words[0].Raw), service.Name, text,
                service.Name, text, key, string.Join(" ", hit.Server.Program.Take(3).Select(w => w.Text)));
        }
    }

    private static (string Key, YScalar Scalar, Hit Hit)? FindIn(ComposeService service)
    {
        foreach (var (key, scalars) in new[] { ("command", service.Command), ("entrypoint", service.Entrypoint) })
            foreach (var scalar in scalars)
                if (Find(scalar.Value, 0, 0) is { } hit)
                    return (key, scalar, hit);
        return null;
    }

    private sealed record Hit(ShellCommand Migration, ShellCommand Server, int Offset);

    /// <summary>The first migration in <paramref name="script"/> (offsets relative to <paramref name="baseOffset"/>) followed by
    /// a server command, looking into <c>sh -c "…"</c> scripts too.</summary>
    private static Hit? Find(string script, int baseOffset, int depth)
    {
        var commands = ShellCommands.Tokenize(script, (o, l) => new SourceSpan(1, baseOffset + o + 1, 1, baseOffset + o + l + 1));
        for (var i = 0; i < commands.Count; i++)
        {
            var command = commands[i];
            if (depth < 3 && ShellCommands.IsShell(command.Name))
            {
                var words = command.Program;
                var c = words.Select(w => w.Text).ToList().IndexOf("-c");
                if (c > 0 && c + 1 < words.Count)
                {
                    var inner = words[c + 1];
                    var quoted = inner.Raw.Length > 0 && (inner.Raw[0] == '"' || inner.Raw[0] == '\'');
                    if (Find(inner.Text, inner.Span.Column - 1 + (quoted ? 1 : 0), depth + 1) is { } nested) return nested;
                }
                continue;
            }
            if (!IsMigration(command)) continue;
            for (var j = i + 1; j < commands.Count; j++)
            {
                if (commands[j - 1].Terminator == "|") break;
                if (commands[j].Name is { } name && !NotServers.Contains(name) && !IsMigration(commands[j]))
                    return new Hit(command, commands[j], command.Words[0].Span.Column - 1);
            }
        }
        return null;
    }

    /// <summary><c>alembic upgrade</c>, <c>manage.py migrate</c>, <c>rails db:migrate</c>, <c>prisma migrate deploy</c>,
    /// <c>flyway migrate</c>, <c>knex migrate:latest</c>, <c>dotnet ef database update</c>, and any program named
    /// <c>migrate</c> or given a <c>migrate</c> subcommand (<c>/app/bin/migrate</c>, <c>php artisan migrate</c>, <c>npm run migrate</c>).</summary>
    internal static bool IsMigration(ShellCommand command)
    {
        var words = command.Program.Select(w => w.Text).ToList();
        if (words.Count == 0) return false;
        var name = command.Name;
        if (name is "echo" or "printf") return false;
        if (name == "migrate") return true;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            var baseName = word.Substring(word.LastIndexOf('/') + 1);
            if (baseName == "alembic" && words.Skip(i + 1).Contains("upgrade")) return true;
            if (baseName == "ef" && words.Skip(i + 1).Contains("database") && words.Skip(i + 1).Contains("update")) return true;
            if (i == 0) continue;
            if (word is "migrate" or "db:migrate" or "migration:run" or "ecto.migrate"
                || (word.StartsWith("migrate:", StringComparison.Ordinal) && !ReadOnlyTasks.Contains(word.Substring(8)))
                || (word.StartsWith("db:migrate:", StringComparison.Ordinal) && !ReadOnlyTasks.Contains(word.Substring(11))))
                return !words.Skip(i + 1).Any(w => ReadOnlyTasks.Contains(w) || ReadOnlyFlags.Contains(w));
        }
        return false;
    }

    /// <summary>Subcommands and flags that only inspect or prepare migrations (<c>migrate status</c>, <c>migrate:make</c>, <c>--plan</c>).</summary>
    private static readonly HashSet<string> ReadOnlyTasks = new(StringComparer.Ordinal) { "status", "make", "list", "create", "generate", "new", "diff", "resolve" };
    private static readonly HashSet<string> ReadOnlyFlags = new(StringComparer.Ordinal) { "--plan", "--check", "--dry-run", "--list", "-l" };

    /// <summary>The migration's first word in the file when the scalar's text maps onto it, else the scalar.</summary>
    private static SourceLocation Locate(YScalar scalar, int offset, string raw) =>
        offset >= 0 && offset + raw.Length <= scalar.Value.Length && string.CompareOrdinal(scalar.Value, offset, raw, 0, raw.Length) == 0
            ? ScalarPosition.At(scalar, offset)
            : scalar.Location;
}
