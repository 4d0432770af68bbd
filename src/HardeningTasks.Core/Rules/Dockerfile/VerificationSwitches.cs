using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Rules.Dockerfile;

/// <summary>What a switch turns off: the server's TLS certificate check, or the package manager's signature check.</summary>
internal enum Verification
{
    Tls,
    Signature,
}

/// <summary>One way of switching verification off, as it was written (<c>curl -k</c>, <c>GIT_SSL_NO_VERIFY=1</c>), and what to do instead.</summary>
internal sealed record VerificationSwitch(string Written, Verification Kind, string Fix);

/// <summary>A switch found in a command: the word that holds it, and how the command applies it when that is not an option
/// (<c>written by echo</c>).</summary>
internal sealed record CommandSwitch(ShellWord Word, VerificationSwitch Switch, string? Via = null);

/// <summary>A switch found in configuration text (an apt source line, a <c>.repo</c> file, <c>apt.conf</c>, <c>.npmrc</c>…):
/// its offset and length in that text.</summary>
internal sealed record TextSwitch(int Offset, int Length, VerificationSwitch Switch);

/// <summary>
/// The tools HRD069 knows and how each is told to stop verifying what it downloads: command-line options, environment
/// variables, and the lines of the configuration files they read. One table per kind, so a tool is added in one place.
/// </summary>
internal static class VerificationSwitches
{
    private const string PrivateCa = "if the server uses a private CA, trust that CA instead";

    private static readonly Regex Pip = new(@"^pip([0-9](\.[0-9]+)?)?$", RegexOptions.CultureInvariant);
    private static readonly Regex Python = new(@"^python([0-9](\.[0-9]+)?)?$", RegexOptions.CultureInvariant);

    /// <summary>curl's one-letter options that take a value: in <c>-fsSLo file</c> everything after <c>o</c> is its value.</summary>
    private const string CurlShortOptionsWithValue = "AbcCdDeEFHKmoPQrtTuUwxXyYz";

    private static readonly HashSet<string> CurlLongOptionsWithValue = new(StringComparer.Ordinal)
    {
        "--output", "--header", "--data", "--data-raw", "--data-binary", "--data-urlencode", "--user", "--user-agent", "--url",
        "--request", "--cacert", "--capath", "--cert", "--key", "--proxy", "--retry", "--retry-delay", "--retry-max-time",
        "--max-time", "--connect-timeout", "--write-out", "--config", "--form", "--referer", "--cookie", "--cookie-jar",
        "--range", "--upload-file", "--continue-at", "--dump-header", "--output-dir", "--resolve", "--connect-to",
        "--interface", "--limit-rate", "--proto", "--proto-redir", "--max-redirs",
    };

    /// <summary>apt options and <c>apt.conf</c> lines (<c>-o APT::Get::AllowUnauthenticated=true</c>,
    /// <c>APT { Get { AllowUnauthenticated "true"; }; };</c>).</summary>
    private static readonly Regex AptUnauthenticated = new(
        @"(?:\b(?:APT::Get|Acquire)::)?\b(?:AllowUnauthenticated|AllowInsecureRepositories|AllowDowngradeToInsecureRepositories)[ \t]*(?:=|[ \t])[ \t]*""?(?:1|true|yes)\b""?",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private static readonly Regex AptVerifyPeer = new(@"(?:\bAcquire::https::(?:[^\s:""]+::)?)?\bVerify-(?:Peer|Host)[ \t]*(?:=|[ \t])[ \t]*""?(?:0|false|no)\b""?",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>A one-line or deb822 apt source marked trusted: <c>deb [trusted=yes] …</c>, <c>deb [arch=amd64 trusted=yes] …</c>,
    /// <c>Trusted: yes</c>. The option list is bounded so a hostile line of brackets stays linear.</summary>
    private static readonly Regex AptTrusted = new(@"\[[^\]\n]{0,300}?\btrusted=yes\b[^\]\n]{0,300}\]|^[ \t]*Trusted:[ \t]*yes\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary><c>gpgcheck=0</c> in a yum/dnf <c>.repo</c> file, <c>dnf.conf</c> or <c>--setopt</c> (not <c>repo_gpgcheck</c>, whose default is off).</summary>
    private static readonly Regex GpgCheckOff = new(@"(?<![\w-])gpgcheck[ \t]*=[ \t]*(0|false|no|off)\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary><c>sslverify=0</c> in a <c>.repo</c> file, or <c>sslVerify = false</c> in a git config file.</summary>
    private static readonly Regex SslVerifyOff = new(@"(?<![\w-])sslverify[ \t]*=[ \t]*(0|false|no|off)\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private static readonly Regex NpmStrictSslOff = new(@"(?<![\w-])strict-ssl[ \t]*=[ \t]*false\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private static readonly Regex WgetCheckCertificateOff = new(@"(?<![\w-])check_certificate[ \t]*=[ \t]*off\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>The start of a sed substitution, after an optional address: <c>s/</c>, <c>/^gpgcheck/s|</c>, <c>3s#</c>.</summary>
    private static readonly Regex SedSubstitution = new(@"^\s*(?:(?:/[^/]*/|\d+|\$)\s*)?s(?<d>[^\w\s\\])", RegexOptions.CultureInvariant);

    private static readonly Regex PipTrustedHost = new(@"^[ \t]*trusted-host[ \t]*=[ \t]*\S",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private static readonly VerificationSwitch AptSignatures = new("", Verification.Signature,
        "remove it and give the repository its signing key (signed-by=/usr/share/keyrings/<name>.gpg in its source line) so apt verifies what it installs");
    private static readonly VerificationSwitch AptTls = new("", Verification.Tls,
        PrivateCa + " (Acquire::https::CaInfo, or the CA in /usr/local/share/ca-certificates/ and update-ca-certificates)");
    private static readonly VerificationSwitch RpmSignatures = new("", Verification.Signature,
        "keep the check on and import the repository's key (rpm --import <key>, or gpgkey= in the .repo file)");
    private static readonly VerificationSwitch RepoTls = new("", Verification.Tls,
        PrivateCa + " (sslcacert= in the .repo file, or the CA in the system store and update-ca-trust)");
    private static readonly VerificationSwitch GitTls = new("", Verification.Tls,
        PrivateCa + " (git -c http.sslCAInfo=/path/ca.pem, or the CA in the system store)");
    private static readonly VerificationSwitch NpmTls = new("", Verification.Tls,
        "keep strict-ssl on; " + PrivateCa + " (npm config set cafile /path/ca.pem, or NODE_EXTRA_CA_CERTS)");
    private static readonly VerificationSwitch PipTls = new("", Verification.Tls,
        "remove it and reach the index over HTTPS with a valid certificate; " + PrivateCa + " (pip --cert /path/ca.pem, or PIP_CERT)");
    private static readonly VerificationSwitch WgetTls = new("", Verification.Tls,
        "remove it; " + PrivateCa + " (wget --ca-certificate=/path/ca.pem, or the CA in the system store)");

    /// <summary>The environment variables that switch verification off, with the values that do it.</summary>
    private static readonly (string Name, Func<string, bool> SwitchesOff, VerificationSwitch Switch)[] Variables =
    {
        ("GIT_SSL_NO_VERIFY", _ => true, GitTls with { Fix = "unset it (git stops verifying whatever its value, even 0 or false); " + PrivateCa + " (GIT_SSL_CAINFO=/path/ca.pem)" }),
        ("NODE_TLS_REJECT_UNAUTHORIZED", v => v.Trim() == "0", new("", Verification.Tls, "remove it; " + PrivateCa + " (NODE_EXTRA_CA_CERTS=/path/ca.pem)")),
        ("PYTHONHTTPSVERIFY", v => v.Trim() == "0", new("", Verification.Tls, "remove it; " + PrivateCa + " (SSL_CERT_FILE or REQUESTS_CA_BUNDLE pointing at a bundle that includes it)")),
        ("NPM_CONFIG_STRICT_SSL", IsFalse, NpmTls),
        ("YARN_ENABLE_STRICT_SSL", IsFalse, NpmTls),
        ("PIP_TRUSTED_HOST", v => v.Trim().Length > 0, PipTls),
        ("UV_INSECURE_HOST", v => v.Trim().Length > 0, PipTls with { Fix = "remove it and reach the index over HTTPS with a valid certificate; " + PrivateCa + " (SSL_CERT_FILE, or uv --native-tls)" }),
    };

    /// <summary>The switch a variable assignment is, or null: <c>NODE_TLS_REJECT_UNAUTHORIZED=0</c> is, <c>=1</c> is not.
    /// Names are matched without regard to case (npm reads <c>npm_config_strict_ssl</c> too).</summary>
    public static VerificationSwitch? OfVariable(string name, string value)
    {
        foreach (var (known, switchesOff, found) in Variables)
            if (string.Equals(name, known, StringComparison.OrdinalIgnoreCase) && switchesOff(value))
                return found with { Written = name + "=" + value };
        return null;
    }

    /// <summary>The switches in one command: its options (<c>curl -k</c>, <c>apt-get --allow-unauthenticated</c>), the
    /// variables it sets for itself (<c>GIT_SSL_NO_VERIFY=1 git clone</c>, <c>export …</c>, <c>env …</c>), and the configuration
    /// it writes (<c>echo "deb [trusted=yes] …" &gt; /etc/apt/sources.list.d/x.list</c>, <c>sed -i 's/gpgcheck=1/gpgcheck=0/'</c>).
    /// <paramref name="next"/> is the command after it, for <c>echo … | tee file</c>.</summary>
    public static IEnumerable<CommandSwitch> OfCommand(ShellCommand command, ShellCommand? next)
    {
        foreach (var word in SetVariables(command))
        {
            var eq = word.Text.IndexOf('=');
            if (OfVariable(word.Text.Substring(0, eq), word.Text.Substring(eq + 1)) is { } variable) yield return new(word, variable);
        }

        var program = command.Program;
        if (program.Count > 0 && program[0].BaseName == "busybox") program = program.Skip(1).ToList();
        if (program.Count == 0) yield break;
        var name = program[0].BaseName;
        var args = program.Skip(1).ToList();
        var shown = IsPythonPip(program) ? name + " -m pip" : name;
        IEnumerable<CommandSwitch> found = name switch
        {
            "curl" => Curl(args),
            "wget" => Words(args, w => w.StartsWith("--no-check-cert", StringComparison.Ordinal) || WgetCheckCertificateOff.IsMatch(w), WgetTls),
            "git" => Git(args),
            "npm" or "yarn" or "pnpm" => Npm(args),
            "uv" => Words(args, w => w is "--allow-insecure-host" or "--trusted-host" || w.StartsWith("--allow-insecure-host=", StringComparison.Ordinal) || w.StartsWith("--trusted-host=", StringComparison.Ordinal), PipTls),
            "apt-get" or "apt" or "aptitude" => Apt(args),
            "apk" => Words(args, w => w == "--allow-untrusted", new("", Verification.Signature,
                "remove it and add the repository's public key to /etc/apk/keys/ so apk verifies the packages")),
            "yum" or "dnf" or "microdnf" or "tdnf" => Rpm(args, w => w == "--nogpgcheck"),
            "zypper" => Words(args, w => w is "--no-gpg-checks" or "--allow-unsigned-rpm", RpmSignatures),
            "rpm" => Words(args, w => w is "--nosignature" or "--nodigest", RpmSignatures),
            "echo" or "printf" when WritesToFile(command, next) => args.SelectMany(w => OfConfigText(w.Text).Select(t => new CommandSwitch(w, t.Switch, "written by " + name))),
            "sed" => args.SelectMany(w => OfConfigText(SedWrittenText(w.Text)).Select(t => new CommandSwitch(w, t.Switch, "written by sed"))),
            _ => Pip.IsMatch(name) || IsPythonPip(program) ? PipOptions(args) : Enumerable.Empty<CommandSwitch>(),
        };
        foreach (var hit in found)
            yield return hit.Via != null || hit.Switch.Written.StartsWith(shown + " ", StringComparison.Ordinal)
                ? hit
                : hit with { Switch = hit.Switch with { Written = shown + " " + hit.Switch.Written } };
    }

    /// <summary>The switches in configuration text: apt source and <c>apt.conf</c> lines, <c>.repo</c>/<c>dnf.conf</c> lines,
    /// <c>.npmrc</c>, <c>.wgetrc</c>, <c>pip.conf</c> and git config lines.</summary>
    /// <remarks>Comment lines (<c>#</c> or <c>;</c> first, as every one of these formats has them) are skipped: a
    /// commented-out <c>gpgcheck=0</c> is not in effect.</remarks>
    public static IEnumerable<TextSwitch> OfConfigText(string text)
    {
        for (var start = 0; start < text.Length;)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            var first = start;
            while (first < end && (text[first] == ' ' || text[first] == '\t')) first++;
            if (first < end && text[first] != '#' && text[first] != ';')
            {
                var line = text.Substring(start, end - start);
                foreach (var (keyword, pattern, kind) in ConfigLines)
                {
                    if (line.IndexOf(keyword, StringComparison.OrdinalIgnoreCase) < 0) continue; // most lines name none of them
                    foreach (Match m in pattern.Matches(line))
                        yield return new TextSwitch(start + m.Index, m.Length, kind with { Written = m.Value.Trim() });
                }
            }
            start = end + 1;
        }
    }

    /// <summary>Each configuration pattern with a word every match contains, checked first.</summary>
    private static readonly (string Keyword, Regex Pattern, VerificationSwitch Switch)[] ConfigLines =
    {
        ("trusted", AptTrusted, AptSignatures), ("Allow", AptUnauthenticated, AptSignatures), ("Verify-", AptVerifyPeer, AptTls),
        ("gpgcheck", GpgCheckOff, RpmSignatures), ("sslverify", SslVerifyOff, RepoTls), ("strict-ssl", NpmStrictSslOff, NpmTls),
        ("check_certificate", WgetCheckCertificateOff, WgetTls), ("trusted-host", PipTrustedHost, PipTls),
    };

    private static bool IsFalse(string value) => value.Trim().ToLowerInvariant() is "0" or "false" or "no" or "off";

    /// <summary>Assignments the command makes for itself or exports: <c>X=1 cmd</c>, <c>env X=1 cmd</c>, <c>export X=1</c>.</summary>
    private static IEnumerable<ShellWord> SetVariables(ShellCommand command)
    {
        var words = command.Command;
        var programStart = command.Program.Count > 0 ? command.Program[0] : null;
        foreach (var word in command.Assignments) yield return word;
        var exporting = words.Count > 0 && words[0].Text is "export" or "declare" or "typeset";
        foreach (var word in words)
        {
            if (ReferenceEquals(word, programStart) && !exporting) yield break;
            if (ShellCommand.IsAssignment(word.Text)) yield return word;
        }
    }

    private static IEnumerable<CommandSwitch> Words(IEnumerable<ShellWord> args, Func<string, bool> isSwitch, VerificationSwitch kind)
    {
        foreach (var word in args)
        {
            if (word.Text == "--") yield break;
            if (isSwitch(word.Text)) yield return new(word, kind with { Written = word.Text });
        }
    }

    private static IEnumerable<CommandSwitch> Curl(IReadOnlyList<ShellWord> args)
    {
        var kind = new VerificationSwitch("", Verification.Tls,
            "remove it; " + PrivateCa + " (curl --cacert /path/ca.pem, or the CA in /usr/local/share/ca-certificates/ and update-ca-certificates)");
        for (var i = 0; i < args.Count; i++)
        {
            var word = args[i].Text;
            if (word == "--") yield break;
            if (word is "--insecure" or "--proxy-insecure")
            {
                yield return new(args[i], kind with { Written = word });
                continue;
            }
            if (word.StartsWith("--", StringComparison.Ordinal))
            {
                if (CurlLongOptionsWithValue.Contains(word)) i++;
                continue;
            }
            if (word.Length < 2 || word[0] != '-') continue;
            for (var c = 1; c < word.Length; c++)
            {
                if (word[c] == 'k')
                {
                    yield return new(args[i], kind with { Written = word });
                    break;
                }
                if (CurlShortOptionsWithValue.IndexOf(word[c]) >= 0)
                {
                    if (c == word.Length - 1) i++; // the value is the next word
                    break;
                }
            }
        }
    }

    private static IEnumerable<CommandSwitch> Git(IReadOnlyList<ShellWord> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var word = args[i].Text;
            if (word == "-c" && i + 1 < args.Count)
            {
                var setting = args[++i].Text;
                var eq = setting.IndexOf('=');
                if (eq > 0 && IsSslVerifyKey(setting.Substring(0, eq)) && IsFalse(setting.Substring(eq + 1)))
                    yield return new(args[i], GitTls with { Written = "-c " + setting });
                continue;
            }
            if (word.StartsWith("-", StringComparison.Ordinal)) continue;
            if (word != "config") yield break; // another subcommand: its arguments are not settings
            // git config [set] [--global|--system|--file f] <key> <value>
            var rest = args.Skip(i + 1).Where(w => w.Text != "set").ToList();
            for (var j = 0; j < rest.Count; j++)
            {
                if (rest[j].Text is "-f" or "--file" or "--blob" or "--type") { j++; continue; }
                if (rest[j].Text.StartsWith("-", StringComparison.Ordinal)) continue;
                if (IsSslVerifyKey(rest[j].Text) && j + 1 < rest.Count && IsFalse(rest[j + 1].Text))
                {
                    var key = IndexOf(args, rest[j]);
                    yield return new(rest[j], GitTls with { Written = string.Join(" ", args.Skip(i).Take(key - i + 2).Select(w => w.Text)) });
                }
                yield break;
            }
            yield break;
        }
    }

    private static int IndexOf(IReadOnlyList<ShellWord> words, ShellWord word)
    {
        for (var i = 0; i < words.Count; i++)
            if (ReferenceEquals(words[i], word)) return i;
        return -1;
    }

    /// <summary><c>http.sslVerify</c> or <c>http.&lt;url&gt;.sslVerify</c>; git config keys ignore case.</summary>
    private static bool IsSslVerifyKey(string key)
    {
        var lower = key.ToLowerInvariant();
        return lower.StartsWith("http.", StringComparison.Ordinal) && lower.EndsWith(".sslverify", StringComparison.Ordinal);
    }

    private static IEnumerable<CommandSwitch> Npm(IReadOnlyList<ShellWord> args)
    {
        // --no-strict-ssl, --strict-ssl=false, --strict-ssl false, config set strict-ssl false, config set strict-ssl=false,
        // yarn config set enableStrictSsl false
        for (var i = 0; i < args.Count; i++)
        {
            var word = args[i].Text;
            var bare = word.TrimStart('-').ToLowerInvariant();
            if (word == "--no-strict-ssl" || (bare.StartsWith("strict-ssl=", StringComparison.Ordinal) && IsFalse(bare.Substring("strict-ssl=".Length))))
                yield return new(args[i], NpmTls with { Written = word });
            else if (bare is "strict-ssl" or "strict_ssl" or "enablestrictssl" && i + 1 < args.Count && IsFalse(args[i + 1].Text))
            {
                var from = i; // show 'config set strict-ssl false', not only 'strict-ssl false'
                while (from > 0 && args[from - 1].Text is "config" or "set" or "-g" or "--global") from--;
                yield return new(args[i], NpmTls with { Written = string.Join(" ", args.Skip(from).Take(i - from + 2).Select(w => w.Text)) });
            }
        }
    }

    private static IEnumerable<CommandSwitch> Apt(IReadOnlyList<ShellWord> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var word = args[i].Text;
            if (word is "--allow-unauthenticated" or "--allow-insecure-repositories" or "--force-yes")
            {
                yield return new(args[i], AptSignatures with { Written = word });
                continue;
            }
            string? option = null;
            if (word is "-o" or "--option" && i + 1 < args.Count) option = args[++i].Text;
            else if (word.StartsWith("-o", StringComparison.Ordinal) && word.Length > 2 && word[2] != '-') option = word.Substring(2);
            else if (word.StartsWith("--option=", StringComparison.Ordinal)) option = word.Substring("--option=".Length);
            if (option == null) continue;
            if (AptUnauthenticated.IsMatch(option)) yield return new(args[i], AptSignatures with { Written = "-o " + option });
            else if (AptVerifyPeer.IsMatch(option)) yield return new(args[i], AptTls with { Written = "-o " + option });
        }
    }

    private static IEnumerable<CommandSwitch> Rpm(IReadOnlyList<ShellWord> args, Func<string, bool> isFlag)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var word = args[i].Text;
            if (isFlag(word))
            {
                yield return new(args[i], RpmSignatures with { Written = word });
                continue;
            }
            string? setting = null;
            if (word == "--setopt" && i + 1 < args.Count) setting = args[++i].Text;
            else if (word.StartsWith("--setopt=", StringComparison.Ordinal)) setting = word.Substring("--setopt=".Length);
            if (setting == null) continue;
            // --setopt=gpgcheck=0, --setopt=myrepo.gpgcheck=0, --setopt=sslverify=false
            var dot = setting.LastIndexOf('.', setting.IndexOf('=') < 0 ? setting.Length - 1 : setting.IndexOf('='));
            var bare = dot >= 0 ? setting.Substring(dot + 1) : setting;
            if (GpgCheckOff.IsMatch(bare)) yield return new(args[i], RpmSignatures with { Written = "--setopt=" + setting });
            else if (SslVerifyOff.IsMatch(bare)) yield return new(args[i], RepoTls with { Written = "--setopt=" + setting });
        }
    }

    private static bool IsPythonPip(IReadOnlyList<ShellWord> program)
    {
        if (!Python.IsMatch(program[0].BaseName)) return false;
        var m = program.Select(w => w.Text).ToList().IndexOf("-m");
        return m > 0 && m + 1 < program.Count && Pip.IsMatch(program[m + 1].Text);
    }

    private static IEnumerable<CommandSwitch> PipOptions(IReadOnlyList<ShellWord> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var word = args[i].Text;
            if (word == "--trusted-host" || word.StartsWith("--trusted-host=", StringComparison.Ordinal))
                yield return new(args[i], PipTls with { Written = word == "--trusted-host" && i + 1 < args.Count ? word + " " + args[i + 1].Text : word });
            else if (word.EndsWith(".trusted-host", StringComparison.Ordinal) && i + 1 < args.Count) // pip config set global.trusted-host …
                yield return new(args[i], PipTls with { Written = word + " " + args[i + 1].Text });
        }
    }

    /// <summary>True when the command's output lands in a file: redirected (<c>&gt; f</c>, <c>&gt;&gt; f</c>) or piped into <c>tee</c>.</summary>
    public static bool WritesToFile(ShellCommand command, ShellCommand? next) =>
        command.Redirections.Any(r => r.WritesOutput)
        || (command.Terminator == "|" && next?.Name == "tee" && next.Program.Skip(1).Any(w => !w.Text.StartsWith("-", StringComparison.Ordinal)));

    /// <summary>What a sed script writes: the replacement of <c>s/old/new/</c> (so <c>s/gpgcheck=0/gpgcheck=1/</c> turns the
    /// check on), or the whole script for <c>a</c>/<c>c</c>/<c>i</c> commands and anything else.</summary>
    private static string SedWrittenText(string script)
    {
        var m = SedSubstitution.Match(script);
        if (!m.Success) return script;
        var parts = script.Substring(m.Index + m.Length).Split(m.Groups["d"].Value[0]);
        return parts.Length >= 2 ? parts[1] : script;
    }
}
