using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace HardeningTasks.Tests.Shared;

/// <summary>
/// npm packages the tests run (the LSP client libraries, @vscode/vsce), installed once into a cache folder under the temp
/// directory, keyed by the exact versions. These tests must not pass without running: a missing node or npm fails them.
/// </summary>
public static class NodePackages
{
    private static readonly object Gate = new();

    /// <summary>node on PATH; fails the test when there is none.</summary>
    public static string Node => Require(OperatingSystem.IsWindows() ? "node.exe" : "node");

    /// <summary>The node_modules folder holding <paramref name="packages"/> (<c>name@version</c> each), installed when missing.</summary>
    public static string Install(string cacheName, params string[] packages)
    {
        lock (Gate)
        {
            var prefix = Path.Combine(Path.GetTempPath(), "hardening-tools", cacheName + "-" + string.Join("+", packages.Select(p => p.Replace('/', '_'))));
            var modules = Path.Combine(prefix, "node_modules");
            var marker = Path.Combine(prefix, "installed.txt");
            if (File.Exists(marker)) return modules;
            var npm = Require(OperatingSystem.IsWindows() ? "npm.cmd" : "npm");
            Directory.CreateDirectory(prefix);
            var psi = new ProcessStartInfo(npm) { WorkingDirectory = prefix };
            foreach (var arg in new[] { "install", "--no-audit", "--no-fund", "--no-save", "--prefix", prefix }.Concat(packages)) psi.ArgumentList.Add(arg);
            var result = ChildProcess.Run(psi);
            Assert.That(result.ExitCode, Is.EqualTo(0), $"npm install {string.Join(" ", packages)} failed:\n{result.Output}");
            File.WriteAllText(marker, string.Join("\n", packages));
            return modules;
        }
    }

    private static string Require(string program) =>
        ChildProcess.FindOnPath(program) ?? throw new AssertionException(
            $"{program} is not on PATH: these tests drive real Node tools and must run (install Node.js and npm; .ci/run does on a fresh machine).");
}
