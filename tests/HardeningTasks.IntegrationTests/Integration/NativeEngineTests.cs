using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace HardeningTasks.IntegrationTests.Integration;

/// <summary>
/// The package's native engine (tools/native/&lt;rid&gt;/hardening, the CLI's Native AOT build) in real builds: it runs
/// when the package has one for the machine, says so at detailed verbosity, loads no YAML parser into MSBuild, and
/// gives exactly what the managed engine gives (HardeningUseNativeEngine=false): the same lines, exit code and SARIF
/// bytes. A native engine that fails leaves the check to the managed engine, never failing the build.
/// </summary>
[TestFixture]
[Category("Integration")]
[Parallelizable(ParallelScope.Children)]
public class NativeEngineTests
{
    /// <summary>The RIDs eng/test.sh publishes a native engine for: linux-x64, on a linux-x64 machine.</summary>
    private static bool PublishesNative => RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && RuntimeInformation.OSArchitecture == Architecture.X64;

    /// <summary>The native engines the package must hold on this machine.</summary>
    public static IEnumerable<string> PackedEngines => PublishesNative ? new[] { "tools/native/linux-x64/hardening" } : Array.Empty<string>();

    // what a build said about the check, without the engine lines and timings that differ by design
    private static readonly Regex Said = new(@"^\s*(?:\d+(?::\d+)?>)?\s*(?<line>\S.*?: (?:warning|error|message) HRD\d{3}: .*|HardeningTasks: (?!native engine|managed engine).*)$", RegexOptions.Multiline);

    private static List<string> WhatTheBuildSaid(DotnetResult result) =>
        Said.Matches(result.Output).Select(m => m.Groups["line"].Value.TrimEnd('\r')).Distinct().ToList();

    [Test]
    public void NativeAndManagedEnginesGiveTheSameBuild()
    {
        if (!PublishesNative) Assert.Ignore("the native engine is published for linux-x64 only (eng/test.sh); this machine is another platform");
        var c = IntegrationSetup.Consumer("native-parity");
        var sarif = c.PathOf("artifacts/hardening.sarif");

        var native = c.Build("-v:d");
        var nativeSarif = File.ReadAllBytes(sarif);
        Directory.Delete(Path.Combine(c.Directory, "obj", "hardening"), recursive: true);
        File.Delete(sarif);
        var managed = c.Build("-v:d", "-p:HardeningUseNativeEngine=false");

        var engine = Path.Combine(IntegrationSetup.Workspace.Packages, "hardeningtasks", IntegrationSetup.Workspace.Version, "tools", "native", "linux-x64", "hardening");
        Assert.Multiple(() =>
        {
            Assert.That(native.Output, Does.Contain("HardeningTasks: native engine " + engine + " ("), native.ToString());
            Assert.That(native.Output, Does.Not.Contain("YamlDotNet, Version"), "the native engine checks out of process: MSBuild loads no YAML parser");
            Assert.That(managed.Output, Does.Contain("HardeningTasks: managed engine (HardeningUseNativeEngine=false)"), managed.ToString());
            Assert.That(managed.Output, Does.Contain("YamlDotNet, Version"), "the managed engine ran in MSBuild's process");

            var said = WhatTheBuildSaid(native);
            Assert.That(said.Count(l => l.Contains(": error HRD000: ")), Is.EqualTo(1), "the malformed file: " + native);
            Assert.That(said, Has.Some.Contains(" HRD090: HardeningVariables"), "the malformed setting: " + native);
            Assert.That(said.Count(l => Regex.IsMatch(l, ": warning HRD0(0[1-9]|[1-8][0-9]): ")), Is.GreaterThanOrEqualTo(5), "the sample's findings: " + native);
            Assert.That(said, Has.Some.StartsWith("HardeningTasks: checked ").And.Some.StartsWith("HardeningTasks: skipped k8s/deployment.yaml"), native.ToString());
            Assert.That(said, Is.EqualTo(WhatTheBuildSaid(managed)), "native:\n" + native + "\nmanaged:\n" + managed);
            Assert.That(native.HardeningLines, Is.EqualTo(managed.HardeningLines));
            Assert.That(native.ExitCode, Is.EqualTo(1).And.EqualTo(managed.ExitCode), "HRD000 is an error");
            Assert.That(File.ReadAllBytes(sarif), Is.EqualTo(nativeSarif), "the same SARIF log, byte for byte");
        });
    }

    [Test]
    public void NativeEngineThatFails_LeavesTheCheckToTheManagedEngine()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("the fake engine is a shell script");
        var c = IntegrationSetup.Consumer("native-broken");
        var fake = c.PathOf($"fake-native/{NativeEngine.HostRuntimeIdentifier()}/hardening");
        c.Write($"fake-native/{NativeEngine.HostRuntimeIdentifier()}/hardening", "#!/bin/sh\necho 'Segmentation fault' >&2\nexit 139\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = c.Build("-v:d");
        var expected = c.Line("docker-compose.yml", 3, 12, "HRD001", "warning");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(result.HardeningLines, Is.EqualTo(new[] { expected }), result.ToString());
            Assert.That(result.Output, Does.Contain($"HardeningTasks: the native engine failed, so the managed engine checks instead: '{fake}' exited with code 139: Segmentation fault"), result.ToString());
            Assert.That(result.Output, Does.Contain("YamlDotNet, Version"), "the managed engine ran");
        });

        var quiet = c.Build("--no-incremental");
        Assert.That(quiet.Output, Does.Not.Contain("native engine"), "a low-importance message: quiet at normal verbosity\n" + quiet);
        Assert.That(quiet.HardeningLines, Is.EqualTo(new[] { expected }), quiet.ToString());
    }
}
