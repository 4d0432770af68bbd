using HardeningTasks.Core.Model;
using HardeningTasks.Core.Parsing.Dockerfile;
using HardeningTasks.Core.Rules.Dockerfile;
using HardeningTasks.Core.Rules.Secrets;

namespace HardeningTasks.Core.Tests.Rules;

public class DockerfileRuleHelpersTests
{
    private static List<ShellCommand> Tokenize(string script) => ShellCommands.Tokenize(script, (o, l) => new SourceSpan(1, o + 1, 1, o + l + 1));

    [Test]
    public void Tokenize_SplitsOnOperators_AndKeepsTerminators()
    {
        var commands = Tokenize("set -ex; apt-get update && apt-get install -y curl | tee log || true\nrm -rf /x &");
        Assert.That(commands.Select(c => c.Name), Is.EqualTo(new[] { "set", "apt-get", "apt-get", "tee", "true", "rm" }));
        Assert.That(commands.Select(c => c.Terminator), Is.EqualTo(new[] { ";", "&&", "|", "||", "\n", "&" }));
        Assert.That(commands[2].Words[0].Span, Is.EqualTo(new SourceSpan(1, 28, 1, 35)));
    }

    [Test]
    public void Tokenize_QuotesCommentsRedirectionsAndSubstitutions()
    {
        var commands = Tokenize("echo \"a && b\" 'c | d' > /out 2>&1 # sudo here\nX=1 Y=\"2 3\" sudo -u app env Z=4 /usr/bin/make install\nsh -c \"$(curl -fsSL https://x/i.sh)\"");
        Assert.That(commands.Count, Is.EqualTo(3));
        Assert.That(commands[0].Words.Select(w => w.Text), Is.EqualTo(new[] { "echo", "a && b", "c | d" }));
        Assert.That(commands[1].Assignments.Select(w => w.Text), Is.EqualTo(new[] { "X=1", "Y=2 3" }));
        Assert.That(commands[1].Command[0].Text, Is.EqualTo("sudo"));
        Assert.That(commands[1].Name, Is.EqualTo("make"), "sudo -u app and env Z=4 are wrappers");
        Assert.That(commands[2].Words[2].Text, Is.EqualTo("$(curl -fsSL https://x/i.sh)"));
    }

    [Test]
    public void Tokenize_HeredocBodiesInsideAScriptAreData()
    {
        var commands = Tokenize("cat <<EOF > /etc/x\nsudo rm -rf /\nEOF\necho done");
        Assert.That(commands.Select(c => c.Name), Is.EqualTo(new[] { "cat", "echo" }));
        Assert.That(commands[0].Heredocs, Is.EqualTo(new[] { "EOF" }));
    }

    [Test]
    public void Of_Run_ShellHeredocs_ButNotDataHeredocs()
    {
        var df = DockerfileParser.Parse("/r/Dockerfile",
            "FROM alpine\nRUN <<EOF\napk add curl\nEOF\nRUN <<EOT bash\nsudo x\nEOT\nRUN cat <<EOF > /f\nsudo y\nEOF\nRUN python3 <<EOF\nimport os\nEOF\nRUN [\"/bin/sh\", \"-c\", \"apk add git\"]\n").Model!;
        var runs = df.Stages[0].InstructionsOf("RUN").ToList();
        Assert.That(ShellCommands.Of(runs[0]).Where(c => c.Name != null).Select(c => (c.Name, c.Words[0].Span.Line, c.Words[0].Span.Column)), Is.EqualTo(new[] { ((string?)"apk", 3, 1) }));
        Assert.That(ShellCommands.Of(runs[1]).Select(c => c.Words[0].Text), Is.EqualTo(new[] { "bash", "sudo" }));
        Assert.That(ShellCommands.Of(runs[2]).Select(c => c.Name), Is.EqualTo(new[] { "cat" }));
        Assert.That(ShellCommands.Of(runs[3]).Select(c => c.Name), Is.EqualTo(new[] { "python3" }));
        var json = ShellCommands.Of(runs[4]).Single();
        Assert.That(json.Name, Is.EqualTo("apk"));
        Assert.That(json.Words[0].Span, Is.EqualTo(new SourceSpan(14, 24, 14, 27)));
    }

    [Test]
    public void Tokenize_RecordsRedirectionsWithTheirFileDescriptor()
    {
        var commands = Tokenize("echo \"deb [trusted=yes] x\" > /etc/apt/sources.list.d/x.list 2>>/tmp/err\ncat <<<word >&2");
        Assert.That(commands[0].Redirections, Is.EqualTo(new[] { new ShellRedirection(">", "/etc/apt/sources.list.d/x.list"), new ShellRedirection("2>>", "/tmp/err") }));
        Assert.That(commands[0].Redirections.Select(r => r.WritesOutput), Is.EqualTo(new[] { true, false }));
        Assert.That(commands[1].Redirections, Is.EqualTo(new[] { new ShellRedirection("<<<", "word") }), "here-strings are kept; 2>&1-style duplications are not files");
    }

    [TestCase("sh -c 'apk add curl'", "apk")]
    [TestCase("bash -euo pipefail -c \"apk add curl\"", "apk")]
    [TestCase("sh -ec 'apk add curl'", "apk")]
    [TestCase("su app -c 'apk add curl'", "apk")]
    [TestCase("/bin/sh -c \"bash -c 'apk add curl'\"", "apk")]
    [TestCase("sh -o errexit /setup.sh -c 'apk add curl'", null)]
    [TestCase("sh /setup.sh 'apk add curl'", null)]
    [TestCase("python3 -c 'apk add curl'", null)]
    public void Of_FollowsScriptsHandedToAShell(string script, string? nested)
    {
        var df = DockerfileParser.Parse("/r/Dockerfile", "FROM alpine\nRUN " + script + "\n").Model!;
        var commands = ShellCommands.Of(df.Stages[0].InstructionsOf("RUN").Single());
        var inner = commands.Skip(1).Select(c => c.Name).LastOrDefault();
        Assert.That(inner, Is.EqualTo(nested));
        if (nested == null) return;
        var apk = commands.Last();
        Assert.That(apk.Words[0].Span.Line, Is.EqualTo(2));
        Assert.That(apk.Words[0].Span.Column, Is.EqualTo(4 + 1 + script.IndexOf("apk", StringComparison.Ordinal)), "the nested word points into the quoted script");
    }

    [TestCase("DB_PASSWORD", true)]
    [TestCase("MYSQL_ROOT_PASSWORD", true)]
    [TestCase("PASSWD", true)]
    [TestCase("NPM_TOKEN", true)]
    [TestCase("apiToken", true)]
    [TestCase("API_KEY", true)]
    [TestCase("APIKEY", true)]
    [TestCase("AWS_SECRET_ACCESS_KEY", true)]
    [TestCase("SSH_PRIVATE_KEY", true)]
    [TestCase("GOOGLE_APPLICATION_CREDENTIALS", true)]
    [TestCase("DBPASSWORD", true)]
    [TestCase("POSTGRES_PASSWORD_FILE", false)]
    [TestCase("TOKEN_URL", false)]
    [TestCase("AWS_ACCESS_KEY_ID", false)]
    [TestCase("TOKENIZERS_PARALLELISM", false)]
    [TestCase("GPG_KEY", false)]
    [TestCase("KEYCLOAK_VERSION", false)]
    [TestCase("SECRETARY", false)]
    public void LooksSecret(string name, bool expected) => Assert.That(SecretNames.LooksSecret(name), Is.EqualTo(expected));
}
