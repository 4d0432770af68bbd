using System.Diagnostics;
using HardeningTasks.Tests.Shared;

namespace HardeningTasks.Cli.Tests;

/// <summary><c>hardening fix</c> as a process: the diff (which <c>git apply</c> takes), <c>--apply</c>, <c>--rule</c>, and
/// nothing suppressed.</summary>
[TestFixture]
public sealed class FixCommandTests
{
    private const string Compose =
        "# demo stack\r\nservices:\r\n  web:\r\n    image: nginx:1.25.3   # the proxy\r\n    ports:\r\n      - \"8080:80\"\r\n    depends_on:\r\n      - db\r\n" +
        "  db:\r\n    image: postgres:16.2\r\n    ports:\r\n      - 5432:5432\r\n    healthcheck:\r\n      test: [\"CMD\", \"pg_isready\"]\r\n";

    private static TempTree Tree() => new(
        ("compose.yml", Compose),
        ("Dockerfile", "FROM alpine:3.19\nADD app.sh /app.sh\nCMD /app.sh --serve\n"),
        (".editorconfig", TempTree.Only("HRD022", "HRD040", "HRD041", "HRD051", "HRD062", "HRD066", "HRD023")));

    [Test]
    public void It_fixes_only_what_check_reports_with_the_same_options_and_baseline()
    {
        using var tree = Tree();
        var hidden = Cli.Run(tree.Root, "fix", "--nowarn", "HRD062");
        Assert.That(hidden.ExitCode, Is.EqualTo(0), hidden.ToString());
        Assert.That(hidden.Stdout, Does.Not.Contain("+COPY app.sh"), "--nowarn hides HRD062 from check, so fix leaves it");
        Assert.That(hidden.ErrorLines.Last(), Does.StartWith("hardening: 6 fixes for 6 findings in 2 files;"));

        var update = Cli.Run(tree.Root, "check", "--update-baseline");
        Assert.That(update.ExitCode, Is.EqualTo(0), update.ToString());
        var accepted = Cli.Run(tree.Root, "fix");
        Assert.That(accepted.ExitCode, Is.EqualTo(0), accepted.ToString());
        Assert.That(accepted.Stdout, Is.Empty, "the project's baseline accepted every finding, so check reports none and fix changes nothing");
        Assert.That(accepted.ErrorLines.Last(), Does.StartWith("hardening: 0 fixes for 0 findings in 0 files;"));
    }

    [Test]
    public void Without_apply_it_prints_a_diff_git_applies_and_changes_nothing()
    {
        using var tree = Tree();
        var result = Cli.Run(tree.Root, "fix");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(File.ReadAllText(tree["compose.yml"]), Is.EqualTo(Compose), "nothing written without --apply");
        // (the captured lines lose their CRs; the patch below keeps them)
        Assert.That(result.Stdout, Does.Contain("--- a/compose.yml\n+++ b/compose.yml\n").And.Contain("-      - \"8080:80\"\n+      - \"127.0.0.1:8080:80\"\n")
            .And.Contain("-ADD app.sh /app.sh\n-CMD /app.sh --serve\n+COPY app.sh /app.sh\n+CMD [\"/app.sh\", \"--serve\"]\n"));
        Assert.That(result.Stdout, Does.Not.Contain("hardening-ignore"), "fix never suppresses");
        Assert.That(result.ErrorLines.Last(), Does.StartWith("hardening: 7 fixes for 7 findings in 2 files; run with --apply to write them;"));

        // the diff is a patch git takes, and gives what --apply writes
        Git(tree.Root, "init", "-q");
        var patch = Cli.Process(tree.Root, "bash", new[] { "-c", $"dotnet '{Cli.Dll}' fix > fix.patch" });
        Assert.That(patch.ExitCode, Is.EqualTo(0), patch.ToString());
        Git(tree.Root, "apply", "--whitespace=nowarn", "fix.patch");
        var patched = new[] { "compose.yml", "Dockerfile" }.ToDictionary(f => f, f => File.ReadAllText(tree[f]));
        File.WriteAllText(tree["compose.yml"], Compose);
        File.WriteAllText(tree["Dockerfile"], "FROM alpine:3.19\nADD app.sh /app.sh\nCMD /app.sh --serve\n");

        var applied = Cli.Run(tree.Root, "fix", "--apply");
        Assert.That(applied.ExitCode, Is.EqualTo(0), applied.ToString());
        Assert.That(applied.Stdout, Is.Empty);
        foreach (var (file, text) in patched) Assert.That(File.ReadAllText(tree[file]), Is.EqualTo(text), file);
        Assert.That(File.ReadAllText(tree["compose.yml"]), Does.Contain("    image: nginx:1.25.3   # the proxy\r\n").And.Contain("      db:\r\n        condition: service_healthy\r\n")
            .And.Contain("    security_opt:\r\n      - no-new-privileges:true\r\n"), "comments and CRLF line ends kept");

        var check = Cli.Run(tree.Root, "check");
        Assert.That(check.Lines.Where(l => !l.Contains("HRD023")), Is.Empty, "only the rule without a fix is left:\n" + check);
        var again = Cli.Run(tree.Root, "fix");
        Assert.That(again.Stdout, Is.Empty);
        Assert.That(again.ErrorLines.Last(), Does.StartWith("hardening: 0 fixes for 0 findings in 0 files;"));
    }

    [Test]
    public void Rule_limits_the_fixes()
    {
        using var tree = Tree();
        var result = Cli.Run(tree.Root, "fix", "--rule", "HRD062", "--apply");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(File.ReadAllText(tree["Dockerfile"]), Is.EqualTo("FROM alpine:3.19\nCOPY app.sh /app.sh\nCMD /app.sh --serve\n"));
        Assert.That(File.ReadAllText(tree["compose.yml"]), Is.EqualTo(Compose));
    }

    [TestCase("HRD001", "the rule has no mechanical fix")]
    [TestCase("HRD999", "no such rule")]
    public void A_rule_without_a_fix_is_a_usage_error(string rule, string message)
    {
        using var tree = Tree();
        var result = Cli.Run(tree.Root, "fix", "--rule", rule);
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain(message));
    }

    private static void Git(string directory, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = directory };
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        var result = ChildProcess.Run(psi);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Output);
    }
}
