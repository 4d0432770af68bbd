using HardeningTasks.Tests.Shared;

namespace HardeningTasks.Cli.Tests;

/// <summary>
/// <c>hardening lsp</c> driven by a real LSP client: a Node script on <c>vscode-jsonrpc</c> and
/// <c>vscode-languageserver-protocol</c> (the libraries VS Code's own client is built on) starts the built tool, opens and
/// edits documents without saving them, asks for code actions, applies the quick fix as a client does, and shuts the
/// server down. The expectations are in LspClient/lsp-client-test.js, which prints one line per expectation.
/// </summary>
[TestFixture]
public sealed class LspClientTests
{
    public const string JsonRpc = "vscode-jsonrpc@10.0.0";
    public const string Protocol = "vscode-languageserver-protocol@3.18.5";

    [Test]
    public void A_real_client_sees_findings_as_it_types_and_applies_a_quick_fix()
    {
        using var tree = new TempTree(
            ("compose.yml", "# a small stack\nservices:\n  web:\n    image: nginx:latest\n    mem_limit: 256m\n  api:\n    image: \"myorg/api:${API_TAG}\"\n    mem_limit: 256m\n"),
            (".env", "# the API release\nAPI_TAG=2.4.1\n"),
            (".editorconfig", TempTree.Only("HRD001", "HRD022", "HRD023")));
        var modules = NodePackages.Install("lsp-client", JsonRpc, Protocol);
        var script = Path.Combine(TestContext.CurrentContext.TestDirectory, "LspClient", "lsp-client-test.js");
        Assert.That(File.Exists(Cli.Dll), Is.True, $"{Cli.Dll} is missing: build src/HardeningTasks.Cli first");

        var result = Cli.Process(tree.Root, NodePackages.Node, new[] { script, Cli.Dll, tree.Root }, new Dictionary<string, string> { ["NODE_PATH"] = modules });

        TestContext.Out.WriteLine(result.ToString());
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Lines, Has.Some.EqualTo("ok - after the fix only that HRD022 is gone; every other diagnostic is unchanged"));
        Assert.That(result.Lines, Has.Some.EqualTo("ok - the server exits with code 0 after shutdown and exit"));
        Assert.That(result.Lines.Last(), Is.EqualTo("all passed"));
    }

    [Test]
    public void The_editor_shows_what_hardening_check_shows_and_follows_a_file_changed_on_disk()
    {
        const string web = "services:\n  web:\n    image: nginx:1.25.3\n    mem_limit: 256m\n";
        using var tree = new TempTree(("compose.yml", web), (".env", "# the database release\nPG_TAG=16.1\n"));
        // the baseline accepts what web has today; db comes after it
        var update = Cli.Run(tree.Root, "check", "--update-baseline", "--analysis-mode", "All");
        Assert.That(File.Exists(Path.Combine(tree.Root, "hardening-baseline.json")), Is.True, update.ToString());
        tree.Write("compose.yml", web + "  db:\n    image: \"postgres:${PG_TAG}\"\n    mem_limit: 512m\n");
        var report = Path.Combine(tree.Root, "check.json");
        var check = Cli.Run(tree.Root, "check", "--format", "json", "--output", report, "--analysis-mode", "All");
        Assert.That(check.ExitCode, Is.AnyOf(0, 1), check.ToString());
        var modules = NodePackages.Install("lsp-client", JsonRpc, Protocol);
        var script = Path.Combine(TestContext.CurrentContext.TestDirectory, "LspClient", "lsp-check-service-test.js");

        var result = Cli.Process(tree.Root, NodePackages.Node, new[] { script, Cli.Dll, tree.Root, report, "All" }, new Dictionary<string, string> { ["NODE_PATH"] = modules });

        TestContext.Out.WriteLine(result.ToString());
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Lines, Has.Some.EqualTo("ok - the diagnostics equal hardening check --format json --analysis-mode All"));
        Assert.That(result.Lines, Has.Some.EqualTo("ok - the findings hardening-baseline.json accepted (service web) are not shown"));
        Assert.That(result.Lines, Has.Some.EqualTo("ok - after didChangeWatchedFiles the compose file is re-published with HRD001 from the new .env"));
        Assert.That(result.Lines.Last(), Is.EqualTo("all passed"));
    }
}
