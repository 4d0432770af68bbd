namespace HardeningTasks.Cli.Tests;

/// <summary>Help, version and usage errors (exit 2, nothing on standard output).</summary>
public class UsageTests
{
    private static string Here => Path.GetTempPath();

    [TestCase("--help")]
    [TestCase("-h")]
    [TestCase("help")]
    [TestCase("check", "--help")]
    public void Help_IsPrintedOnStdout(params string[] args)
    {
        var result = Cli.Run(Here, args);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Stdout, Does.Contain("hardening check [<path>...] [options]"));
        foreach (var option in new[] { "--format", "--output", "--var", "--trusted-registries", "--project-dir", "--max-file-size", "--version" })
            Assert.That(result.Stdout, Does.Contain(option));
        Assert.That(result.Stderr, Is.Empty);
    }

    [Test]
    public void Version_IsTheSemanticVersion()
    {
        var result = Cli.Run(Here, "--version");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Lines.Single(), Does.Match(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$"), "no commit hash");
    }

    [TestCase(new string[0], "hardening: no command given.")]
    [TestCase(new[] { "lint" }, "hardening: unknown command 'lint'; the commands are 'check', 'fix' and 'lsp'.")]
    [TestCase(new[] { "--format", "sarif" }, "hardening: unknown option '--format' before the command.")]
    [TestCase(new[] { "check", "--colour" }, "hardening: unknown option '--colour'.")]
    [TestCase(new[] { "check", "--format", "xml" }, "hardening: --format must be text, sarif or json, not 'xml'.")]
    [TestCase(new[] { "check", "--format" }, "hardening: option '--format' needs a value.")]
    [TestCase(new[] { "check", "--var", "=x" }, "hardening: --var '=x' is not NAME=VALUE.")]
    [TestCase(new[] { "check", "--var", "TAG" }, "hardening: --var 'TAG' is not NAME=VALUE.")]
    [TestCase(new[] { "check", "--max-file-size", "lots" }, "hardening: --max-file-size 'lots' is not a size in bytes (e.g. 10485760, 512KB, 10MB).")]
    [TestCase(new[] { "check", "no-such-dir-3f9a" }, "hardening: 'no-such-dir-3f9a' does not exist.")]
    [TestCase(new[] { "check", "--project-dir", "no-such-dir-3f9a" }, "hardening: --project-dir 'no-such-dir-3f9a' is not a directory.")]
    public void UsageError_ExitsTwo(string[] args, string message)
    {
        var result = Cli.Run(Here, args);
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stdout, Is.Empty);
        Assert.That(result.ErrorLines[0], Is.EqualTo(message));
    }
}
