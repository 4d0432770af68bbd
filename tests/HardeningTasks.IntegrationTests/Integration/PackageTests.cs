using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Xml.Linq;

namespace HardeningTasks.IntegrationTests.Integration;

/// <summary>
/// The packed package as a reviewer reads it: licence, readme, icon, URLs, tags, release notes from CHANGELOG.md,
/// description, a symbols package, no absolute path of the build machine in our assemblies, and assemblies whose
/// version follows the package's (a long-lived MSBuild node must load the new task after an upgrade).
/// </summary>
[TestFixture]
[Category("Integration")]
public class PackageTests
{
    private static Workspace W => IntegrationSetup.Workspace;

    private static XElement Metadata()
    {
        var nuspec = XDocument.Parse(W.Nuspec());
        return nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string? Value(XElement metadata, string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

    private static XElement Element(XElement metadata, string name) => metadata.Elements().Single(e => e.Name.LocalName == name);

    private static byte[] Entry(string path)
    {
        using var zip = ZipFile.OpenRead(W.PackagePath);
        using var stream = zip.GetEntry(path)?.Open() ?? throw new AssertionException(path + " is not in the package");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    [Test]
    public void NuspecHasWhatAReviewerLooksFor()
    {
        var metadata = Metadata();
        var changelog = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "CHANGELOG.md")).Replace("\r\n", "\n");
        var prefix = W.Version.Split('-')[0];
        Assert.Multiple(() =>
        {
            Assert.That(Element(metadata, "license").Attribute("type")?.Value, Is.EqualTo("expression"));
            Assert.That(Value(metadata, "license"), Is.EqualTo("MIT"));
            Assert.That(Encoding.UTF8.GetString(Entry("LICENSE")), Does.StartWith("MIT License"));
            Assert.That(Value(metadata, "readme"), Is.EqualTo("README.md"));
            Assert.That(Encoding.UTF8.GetString(Entry("README.md")), Does.Contain("## Quick start").And.Contain("PackageReference Include=\"HardeningTasks\""));
            Assert.That(Value(metadata, "icon"), Is.EqualTo("icon.png"));
            Assert.That(Entry("icon.png").Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "a PNG");
            Assert.That(Value(metadata, "projectUrl"), Is.EqualTo("https://github.com/HardeningTasks/HardeningTasks"));
            Assert.That(Element(metadata, "repository").Attribute("url")?.Value, Is.EqualTo("https://github.com/HardeningTasks/HardeningTasks"));
            Assert.That(Element(metadata, "repository").Attribute("type")?.Value, Is.EqualTo("git"));
            Assert.That(Value(metadata, "tags")!.Split(' '), Is.SupersetOf(new[] { "docker", "compose", "dockerfile", "traefik", "msbuild" }));
            Assert.That(Value(metadata, "description"), Does.Contain("Docker Compose"));
            Assert.That(Value(metadata, "releaseNotes")!.Replace("\r\n", "\n"), Is.EqualTo(changelog.TrimEnd('\n')).Or.EqualTo(changelog), "the release notes are CHANGELOG.md");
            Assert.That(changelog, Does.Contain("\n## " + prefix.Split('.')[0] + ".").Or.Contain("\n## 1.0.0"), "CHANGELOG.md has a section for the version");
            Assert.That(Value(metadata, "developmentDependency"), Is.EqualTo("true"));
        });
    }

    [Test]
    public void SymbolsPackageHoldsTheTaskPdbs()
    {
        var snupkg = Path.ChangeExtension(W.PackagePath, ".snupkg");
        Assert.That(File.Exists(snupkg), Is.True, "a .snupkg beside the .nupkg");
        using var zip = ZipFile.OpenRead(snupkg);
        Assert.That(zip.Entries.Select(e => e.FullName), Is.SupersetOf(new[] { "tasks/net472/HardeningTasks.pdb", "tasks/net8.0/HardeningTasks.pdb" }));
    }

    [TestCase("tasks/net8.0/HardeningTasks.dll")]
    [TestCase("tasks/net8.0/HardeningTasks.Core.dll")]
    [TestCase("tasks/net472/HardeningTasks.dll")]
    [TestCase("tasks/net472/HardeningTasks.Core.dll")]
    public void AssembliesCarryNoBuildMachinePath_AndFollowThePackageVersion(string entry)
    {
        var bytes = Entry(entry);
        var root = TestPaths.RepositoryRoot.TrimEnd('/', '\\');
        // the repository's absolute path is where the sources and the PDB were on the build machine
        Assert.That(IndexOf(bytes, Encoding.UTF8.GetBytes(root)), Is.EqualTo(-1), $"{entry} holds the build path {root} (UTF-8)");
        Assert.That(IndexOf(bytes, Encoding.Unicode.GetBytes(root)), Is.EqualTo(-1), $"{entry} holds the build path {root} (UTF-16)");

        var file = Path.Combine(W.Root, "assembly-" + Guid.NewGuid().ToString("N") + ".dll");
        File.WriteAllBytes(file, bytes);
        // the workspace packs with its own PackageVersion; the assemblies carry the repository's one version
        var prefix = System.Xml.Linq.XDocument.Load(Path.Combine(TestPaths.RepositoryRoot, "Directory.Build.props")).Descendants("VersionPrefix").Single().Value;
        Assert.That(AssemblyName.GetAssemblyName(file).Version!.ToString(), Is.EqualTo(prefix + ".0"), "AssemblyVersion is the version (VersionPrefix), not a fixed 1.0.0.0");
        Assert.That(FileVersionInfo.GetVersionInfo(file).FileVersion, Is.EqualTo(prefix + ".0"));
        Assert.That(FileVersionInfo.GetVersionInfo(file).ProductVersion, Does.StartWith(prefix));
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            var j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }
}
