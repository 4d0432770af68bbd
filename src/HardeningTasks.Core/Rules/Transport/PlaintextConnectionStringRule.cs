using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Rules.Transport;

/// <summary>HRD014: a connection string in <c>environment:</c> or a committed <c>env_file:</c> that talks to a data service without TLS:
/// <c>postgres://</c>/<c>postgresql://</c> and the driver-qualified forms (<c>postgresql+asyncpg://</c>, <c>+psycopg://</c>, <c>+psycopg2://</c>)
/// without <c>sslmode=require</c>/<c>verify-ca</c>/<c>verify-full</c> (asyncpg: <c>ssl=require</c>), <c>jdbc:postgresql://</c> likewise
/// (<c>ssl=true</c> too), <c>redis://</c>, <c>mongodb://</c> without <c>tls=true</c>/<c>ssl=true</c>, <c>amqp://</c>.</summary>
public sealed class PlaintextConnectionStringRule : Rule<ComposeProject>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD014", "Plaintext connection string to a data service", Categories.Transport, Severity.Suggestion,
        "Service '{0}' connects to {1} without TLS: {2} holds '{3}'; {4}.");

    public override RuleDescriptor Descriptor => Definition;

    // redis:// but not rediss://, amqp:// but not amqps://, mongodb:// but not mongodb+srv:// (TLS by default); SQLAlchemy's
    // driver-qualified postgresql+asyncpg:// and the JDBC form jdbc:postgresql:// are PostgreSQL.
    private static readonly Regex Url = new(@"(?<![A-Za-z0-9+.-])(?<scheme>postgres|postgresql|redis|mongodb|amqp)(?:\+(?<driver>[A-Za-z0-9_]+))?://(?<rest>[^\s'""`,;]*)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public override IEnumerable<Finding> Check(ComposeProject file, Stack stack)
    {
        foreach (var service in file.Services)
        {
            var values = ComposeAccess.Environment(service).Select(item => (Key: item.Name, Value: item.KnownOrWrittenValue, Locate: (Func<int, SourceLocation>)item.Locate))
                .Concat(service.EnvFileEntries.Where(e => e.File.IsCommitted).Select(e => (Key: e.Name, Value: (string?)(e.IsFullyResolved ? e.Value : e.Written), Locate: EnvFileLocator(e))));
            foreach (var (key, value, locate) in values)
            {
                if (value == null) continue;
                foreach (Match match in Url.Matches(value))
                {
                    var scheme = match.Groups["scheme"].Value.ToLowerInvariant();
                    var driver = match.Groups["driver"].Success ? match.Groups["driver"].Value.ToLowerInvariant() : null;
                    // A mongodb+srv:// (TLS by default) or redis+sentinel:// URL is not one of ours.
                    if (driver != null && scheme is not ("postgres" or "postgresql")) continue;
                    var rest = match.Groups["rest"].Value;
                    if (IsLoopback(rest) || UsesTls(scheme, rest, out var unknown) || unknown) continue;
                    yield return Definition.At(locate(match.Index), service.Name, key,
                        service.Name, Describe(scheme), key, Redact(match.Value), Advice(scheme, driver));
                }
            }
        }
    }

    /// <summary>Where character N of an env file line's value is: exact when the value is written as it reads, else its start.</summary>
    private static Func<int, SourceLocation> EnvFileLocator(EnvFileEntry entry) =>
        offset => entry.Written == entry.Value && entry.Value.IndexOf('\n') < 0
            ? new SourceLocation(entry.ValueLocation.FilePath, SourceSpan.At(entry.ValueLocation.Line, entry.ValueLocation.Column + offset))
            : entry.ValueLocation;

    private static bool UsesTls(string scheme, string rest, out bool unknown)
    {
        unknown = false;
        var question = rest.IndexOf('?');
        var query = question >= 0 ? rest.Substring(question + 1) : "";
        if (scheme is "redis" or "amqp") return false;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split(new[] { '=' }, 2)))
            parameters[pair[0].Trim().ToLowerInvariant()] = pair.Length > 1 ? pair[1].Trim().ToLowerInvariant() : "";
        bool Is(string name, params string[] values) => parameters.TryGetValue(name, out var v) && values.Contains(v);
        bool Variable(string name) => parameters.TryGetValue(name, out var v) && v.IndexOf('$') >= 0;
        if (scheme is "postgres" or "postgresql")
        {
            unknown = Variable("sslmode") || Variable("ssl");
            // libpq's sslmode, asyncpg's ssl=require (and its verify modes), JDBC's ssl=true.
            return Is("sslmode", "require", "verify-ca", "verify-full") || Is("ssl", "true", "require", "verify-ca", "verify-full");
        }
        unknown = Variable("tls") || Variable("ssl");
        return Is("tls", "true") || Is("ssl", "true");
    }

    /// <summary>A database on the container's own loopback never crosses a network.</summary>
    private static bool IsLoopback(string rest)
    {
        var authority = rest;
        var slash = authority.IndexOfAny(new[] { '/', '?' });
        if (slash >= 0) authority = authority.Substring(0, slash);
        var at = authority.LastIndexOf('@');
        if (at >= 0) authority = authority.Substring(at + 1);
        var host = authority.StartsWith("[", StringComparison.Ordinal) ? authority.Substring(0, Math.Max(authority.IndexOf(']') + 1, 1)) : authority.Split(':')[0];
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.StartsWith("127.", StringComparison.Ordinal) || host == "[::1]";
    }

    /// <summary>The URL without its credentials: the message must not copy a password into build logs.</summary>
    private static string Redact(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var end = url.IndexOfAny(new[] { '/', '?' }, start);
        var authorityEnd = end < 0 ? url.Length : end;
        var at = url.LastIndexOf('@', authorityEnd - 1, authorityEnd - start);
        return at < 0 ? url : url.Substring(0, start) + "***@" + url.Substring(at + 1);
    }

    private static string Describe(string scheme) => scheme switch
    {
        "postgres" or "postgresql" => "PostgreSQL",
        "redis" => "Redis",
        "mongodb" => "MongoDB",
        _ => "RabbitMQ (AMQP)",
    };

    private static string Advice(string scheme, string? driver) => scheme switch
    {
        "postgres" or "postgresql" when driver == "asyncpg" => "add ssl=verify-full (or at least ssl=require: asyncpg's name for sslmode) and enable TLS on the server",
        "postgres" or "postgresql" => "add sslmode=verify-full (or at least sslmode=require) and enable TLS on the server",
        "redis" => "use rediss:// with TLS enabled on the server (--tls-port)",
        "mongodb" => "add tls=true and enable TLS on the server",
        _ => "use amqps:// with TLS enabled on the broker",
    };
}
