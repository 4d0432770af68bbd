namespace HardeningTasks.IntegrationTests.Integration;

/// <summary>
/// The README's solution recipe: the Quick start's infra project goes into a <c>.slnx</c> (SDK 10's default) and a
/// <c>.sln</c> with <c>dotnet sln add</c>, beside a C# console project, and building the solution reports the infra
/// project's findings once.
/// </summary>
[TestFixture]
[Category("Integration")]
public class SolutionTests
{
    /// <summary>The Quick start's project, verbatim but for the version under test.</summary>
    private static string InfraProject(string version) =>
        "<!-- infra/Infra.proj -->\n" +
        "<Project Sdk=\"Microsoft.Build.NoTargets/3.7.0\">\n" +
        "  <PropertyGroup>\n" +
        "    <TargetFramework>net10.0</TargetFramework>\n" +
        "    <DefaultProjectTypeGuid>FAE04EC0-301F-11D3-BF4B-00C04F79EFBC</DefaultProjectTypeGuid>\n" +
        "  </PropertyGroup>\n" +
        "  <ItemGroup>\n" +
        $"    <PackageReference Include=\"HardeningTasks\" Version=\"{version}\" PrivateAssets=\"all\" />\n" +
        "  </ItemGroup>\n" +
        "</Project>\n";

    [Test]
    public void InfraProjectJoinsASlnxAndASln_AndTheSolutionBuildReportsItsFindingsOnce()
    {
        var w = IntegrationSetup.Workspace;
        var dir = Path.Combine(w.Root, "solution");
        Directory.CreateDirectory(Path.Combine(dir, "infra"));
        File.WriteAllText(Path.Combine(dir, "infra", "Infra.proj"), InfraProject(w.Version));
        File.WriteAllText(Path.Combine(dir, "infra", "docker-compose.yml"), Consumers.LatestImage);

        DotnetResult Run(params string[] args)
        {
            var result = w.Dotnet(dir, args);
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            return result;
        }

        Run("new", "console", "-n", "App", "-o", "app", "--no-restore");
        Run("new", "sln", "-n", "Platform");
        Assert.That(File.Exists(Path.Combine(dir, "Platform.slnx")), Is.True, "SDK 10 writes .slnx");
        foreach (var project in new[] { "infra/Infra.proj", "app/App.csproj" })
            Assert.That(Run("sln", "Platform.slnx", "add", project).Output, Does.Contain("added to the solution").And.Not.Contain("unknown"));

        Run("new", "sln", "-n", "Legacy", "--format", "sln");
        Assert.That(Run("sln", "Legacy.sln", "add", "infra/Infra.proj").Output, Does.Contain("added to the solution").And.Not.Contain("unknown"));
        Assert.That(File.ReadAllText(Path.Combine(dir, "Legacy.sln")), Does.Contain("infra\\Infra.proj"));

        var build = Run("build", "Platform.slnx", "-tl:off", "-nologo");
        var expected = $"{Path.Combine(dir, "infra", "docker-compose.yml")}(3,12): warning HRD001: ";
        Assert.That(build.HardeningLines.Where(l => l.StartsWith(expected, StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(1), build.ToString());
        Assert.That(build.HardeningLines, Has.Count.EqualTo(1), "the console project adds no HRD finding: " + build);
        Assert.That(build.Occurrences(build.HardeningLines[0]), Is.EqualTo(2), "once as it happens, once in the summary: " + build);
        Assert.That(File.Exists(Path.Combine(dir, "app", "bin", "Debug", "net10.0", "App.dll")), Is.True, "the console project was built too");
    }
}
