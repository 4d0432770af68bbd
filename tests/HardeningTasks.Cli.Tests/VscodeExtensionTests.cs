using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using HardeningTasks.Tests.Shared;

namespace HardeningTasks.Cli.Tests;

/// <summary>editors/vscode packs into a .vsix with @vscode/vsce (eng/package-vscode.sh), holding the client and its
/// language-client library, and starting <c>hardening lsp</c>.</summary>
[TestFixture]
public sealed class VscodeExtensionTests
{
    [Test]
    public void The_extension_packs_into_a_vsix_that_starts_the_language_server()
    {
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Cli.Project)!, "..", ".."));
        var output = Path.Combine(Path.GetTempPath(), "hardening-vsix-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(output);
        try
        {
            _ = NodePackages.Node; // fails, not skips, without Node
            var psi = new ProcessStartInfo("bash") { WorkingDirectory = root };
            foreach (var arg in new[] { Path.Combine(root, "eng", "package-vscode.sh"), output }) psi.ArgumentList.Add(arg);
            var result = ChildProcess.Run(psi);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.Output);

            var vsix = Directory.GetFiles(output, "*.vsix").Single();
            using var archive = ZipFile.OpenRead(vsix);
            var names = archive.Entries.Select(e => e.FullName).ToList();
            Assert.That(names, Does.Contain("extension/package.json").And.Contain("extension/extension.js")
                .And.Contain("extension/node_modules/vscode-languageclient/package.json"));
            using var manifest = JsonDocument.Parse(archive.GetEntry("extension/package.json")!.Open());
            Assert.That(manifest.RootElement.GetProperty("main").GetString(), Is.EqualTo("./extension.js"));
            using var reader = new StreamReader(archive.GetEntry("extension/extension.js")!.Open());
            var client = reader.ReadToEnd();
            Assert.That(client, Does.Contain("args: ['lsp']").And.Contain("configurationSection: 'hardening'"));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
