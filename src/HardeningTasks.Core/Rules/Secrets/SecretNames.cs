using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace HardeningTasks.Core.Rules.Secrets;

/// <summary>
/// The secret-key pattern shared by HRD030, HRD031 and HRD033, and what counts as a placeholder or a non-secret value.
/// A name looks secret when one of its parts (split at <c>_ - .</c> and camelCase, case-insensitive) is <c>PASSWORD</c>,
/// <c>PASSWD</c>, <c>SECRET</c>, <c>TOKEN</c>, <c>APIKEY</c>, <c>CREDENTIALS</c> (or a plural), or two parts are
/// <c>API KEY</c>, <c>PRIVATE KEY</c>, <c>ACCESS KEY</c>; a part may also end with <c>PASSWORD</c>/<c>PASSWD</c>/<c>SECRET</c>/<c>TOKEN</c>
/// (<c>DBPASSWORD</c>, <c>AUTHTOKEN</c>). It does not when a part after the last secret word says the variable describes
/// the secret instead of holding it: <c>PASSWORD_FILE</c>, <c>TOKEN_URL</c>, <c>ACCESS_KEY_ID</c>, <c>PASSWORD_MIN_LENGTH</c>,
/// <c>ACCESS_TOKEN_EXPIRE_MINUTES</c>, <c>HTPASSWD_REALM</c>.
/// </summary>
public static class SecretNames
{
    private static readonly HashSet<string> Single = new(StringComparer.Ordinal)
    {
        "PASSWORD", "PASSWORDS", "PASSWD", "SECRET", "SECRETS", "TOKEN", "TOKENS", "APIKEY", "APIKEYS", "CREDENTIALS", "CREDENTIAL",
    };

    private static readonly string[] Endings = { "PASSWORD", "PASSWD", "SECRET", "TOKEN" };

    private static readonly string[][] Pairs = { new[] { "API", "KEY" }, new[] { "PRIVATE", "KEY" }, new[] { "ACCESS", "KEY" } };

    /// <summary>Parts that, after the secret word, make the name describe the secret rather than hold it.</summary>
    private static readonly HashSet<string> Describing = new(StringComparer.Ordinal)
    {
        "FILE", "PATH", "DIR", "URL", "URI", "ENDPOINT", "HOST", "PORT", "ID", "NAME", "HEADER", "REALM", "PREFIX", "TYPE",
        "LENGTH", "MIN", "MAX", "SIZE", "COUNT", "LIMIT", "POLICY", "ALGORITHM", "ALG", "ISSUER", "AUDIENCE", "SCOPE", "SCOPES",
        "TTL", "TIMEOUT", "EXPIRY", "EXPIRE", "EXPIRES", "EXPIRATION", "LIFETIME", "INTERVAL", "DURATION", "AGE",
        "SECONDS", "MINUTES", "HOURS", "DAYS",
        "ENABLED", "ENABLE", "DISABLED", "DISABLE", "REQUIRED",
    };

    private static readonly Regex Placeholder = new(@"^((?i:your)([-_ .]|$)|Your[A-Z]|(?i:replace))", RegexOptions.CultureInvariant);
    private static readonly Regex SecretFilePath = new(@"^(/[A-Za-z0-9._@-]+){2,}/?$", RegexOptions.CultureInvariant);

    /// <summary>True when a variable (or flag) name looks like it holds a secret.</summary>
    public static bool LooksSecret(string name)
    {
        var parts = Parts(name);
        var last = -1;
        for (var i = 0; i < parts.Count; i++)
        {
            if (IsSecretWord(parts[i])) last = i;
            foreach (var pair in Pairs)
                if (i + 1 < parts.Count && parts[i] == pair[0] && parts[i + 1] == pair[1]) last = i + 1;
        }
        if (last < 0) return false;
        for (var i = last + 1; i < parts.Count; i++)
            if (Describing.Contains(parts[i])) return false;
        return true;
    }

    /// <summary>The parts of a name, upper-cased: split at every run of characters other than ASCII letters and digits, and
    /// before an upper-case letter that follows a lower-case letter or a digit (<c>dbPassword</c> → DB, PASSWORD).</summary>
    private static List<string> Parts(string name)
    {
        var parts = new List<string>(4);
        var start = -1;
        for (var i = 0; i <= name.Length; i++)
        {
            var c = i < name.Length ? name[i] : '\0';
            var word = c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9';
            var camelBreak = word && start >= 0 && c is >= 'A' and <= 'Z' && name[i - 1] is >= 'a' and <= 'z' or >= '0' and <= '9';
            if (start >= 0 && (!word || camelBreak))
            {
                parts.Add(name.Substring(start, i - start).ToUpperInvariant());
                start = -1;
            }
            if (word && start < 0) start = i;
        }
        return parts;
    }

    private static bool IsSecretWord(string part)
    {
        if (Single.Contains(part)) return true;
        foreach (var ending in Endings)
            if (part.Length > ending.Length && part.EndsWith(ending, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>
    /// An obvious placeholder rather than a real secret: <c>changeme</c>/<c>CHANGE_ME</c>/<c>change-this</c>/<c>replace-me</c>
    /// (anywhere in the value), <c>&lt;...&gt;</c>, <c>xxx</c>, <c>your-password</c>, <c>REPLACE FROM CONFIG</c>.
    /// </summary>
    public static bool IsPlaceholder(string value)
    {
        var text = value.Trim();
        if (text.Length >= 2 && text[0] == '<' && text[text.Length - 1] == '>') return true;
        var letters = new string(text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        if (letters.Length >= 3 && letters.All(c => c == 'x')) return true;
        if (letters.Contains("changeme") || letters.Contains("changethis") || letters.Contains("replaceme")) return true;
        return Placeholder.IsMatch(text);
    }

    /// <summary>True when compose interpolates something in <paramref name="written"/> (a <c>$</c> that is not the <c>$$</c> escape).</summary>
    public static bool IsInterpolated(string? written)
    {
        if (written == null) return false;
        for (var i = 0; i < written.Length; i++)
        {
            if (written[i] != '$') continue;
            if (i + 1 < written.Length && written[i + 1] == '$')
            {
                i++;
                continue;
            }
            return true;
        }
        return false;
    }

    /// <summary>
    /// A literal value that is not a secret even under a secret-looking key: a switch (<c>MYSQL_RANDOM_ROOT_PASSWORD=yes</c>,
    /// <c>ALLOW_EMPTY_PASSWORD=no</c>, a socket proxy's <c>SECRETS=0</c> permission flag), a path to a secret file (<c>/run/secrets/db-password</c>), a value read by a shell
    /// at run time (<c>$(cat /run/secrets/x)</c>, <c>$VAR</c> written as <c>$$VAR</c>).
    /// </summary>
    public static bool IsNotASecret(string value)
    {
        var text = value.Trim().Trim('"', '\'');
        switch (text.ToLowerInvariant())
        {
            case "true": case "false": case "yes": case "no": case "on": case "off": case "0": case "1":
                return true;
        }
        if (text.StartsWith("$", StringComparison.Ordinal) && text.Length > 1 && (text[1] == '(' || text[1] == '{' || char.IsLetter(text[1]) || text[1] == '_')) return true;
        return SecretFilePath.IsMatch(text);
    }
}
