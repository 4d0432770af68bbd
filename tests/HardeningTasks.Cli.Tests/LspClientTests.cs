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
}
