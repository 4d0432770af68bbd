using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Parsing;
using HardeningTasks.Core.Parsing.Compose;

namespace HardeningTasks.Core.Tests.Compose;

/// <summary><c>env_file:</c> contents are read into the model while the project loads, with where each line was written and
/// whether Git commits the file.</summary>
public class EnvFileTests
{
    [Test]
    public void Env_files_are_read_in_the_order_named_with_positions_and_interpolation()
    {
        var bed = new ComposeTestBed()
            .File("compose.yaml", "services:\n  app:\n    image: app:1.0.0\n    env_file:\n      - common.env\n      - path: conf/app.env\n        required: false\n      - missing.env\n")
            .File(".env", "REGION=eu\n")
            .File("common.env", "# comment\nexport A=1\nB = \"two words\"\n")
            .File("conf/app.env", "URL=https://${REGION}.example.com\nPW='lit$eral'\n");
        var project = bed.Load("compose.yaml")!;
        var entries = project.Service("app")!.EnvFileEntries.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(bed.Diagnostics, Is.Empty);
            Assert.That(entries.Select(e => (e.Name, e.Value)), Is.EqualTo(new[] { ("A", "1"), ("B", "two words"), ("URL", "https://eu.example.com"), ("PW", "lit$eral") }));
            Assert.That(entries.Select(e => (e.KeyLocation.Line, e.KeyLocation.Column, e.ValueLocation.Line, e.ValueLocation.Column)),
                Is.EqualTo(new[] { (2, 8, 2, 10), (3, 1, 3, 6), (1, 1, 1, 5), (2, 1, 2, 5) }));
            Assert.That(entries[2].Written, Is.EqualTo("https://${REGION}.example.com"));
            Assert.That(entries[3].Written, Is.EqualTo("lit$$eral"), "a single-quoted value is never interpolated");
            Assert.That(entries.All(e => e.File.IsCommitted), Is.True, "no .gitignore: committed");
        });
    }

    [Test]
    public void A_git_ignored_env_file_is_not_committed()
    {
        var bed = new ComposeTestBed()
            .File("compose.yaml", "services:\n  app:\n    image: app:1.0.0\n    env_file: [secrets.env, shared.env]\n")
            .File(".gitignore", "*.env\n!shared.env\n")
            .File("secrets.env", "PW=x\n")
            .File("shared.env", "PW=y\n");
        var project = bed.Load("compose.yaml")!;
        Assert.That(project.EnvFiles.Values.Select(f => (System.IO.Path.GetFileName(f.Path), f.IsCommitted)),
            Is.EquivalentTo(new[] { ("secrets.env", false), ("shared.env", true) }));
    }

    [Test]
    public void A_malformed_env_file_is_an_HRD000_at_its_line()
    {
        var bed = new ComposeTestBed()
            .File("compose.yaml", "services:\n  app:\n    image: app:1.0.0\n    env_file: bad.env\n")
            .File("bad.env", "OK=1\nBAD KEY=2\n");
        bed.Load("compose.yaml");
        Assert.That(bed.Diagnostics.Select(d => (d.RuleId, System.IO.Path.GetFileName(d.Location.FilePath), d.Location.Line)), Is.EqualTo(new[] { ("HRD000", "bad.env", 2) }));
    }

    [TestCase("app.env", "app.env", true)]
    [TestCase("*.env\n!keep.env", "keep.env", false)]
    [TestCase("*.env\n!keep.env", "deploy/prod.env", true)]
    [TestCase("/prod.env", "deploy/prod.env", false)]
    [TestCase("deploy/*.env", "deploy/prod.env", true)]
    [TestCase("deploy/", "deploy/prod.env", true)]
    [TestCase("deploy/\n!deploy/prod.env", "deploy/prod.env", true)]
    [TestCase("**/secrets/**", "a/secrets/b/x.env", true)]
    [TestCase(".env*\n!.env.example", ".env.example", false)]
    [TestCase(".env*\n!.env.example", ".env.local", true)]
    [TestCase("# .env\n\\#x", ".env", false)]
    [TestCase("[ab].env", "b.env", true)]
    public void GitIgnore_follows_gitignore_patterns(string gitignore, string file, bool ignored)
    {
        var fs = new InMemoryFileSystem().Add("/repo/.gitignore", gitignore + "\n").Add("/repo/" + file, "X=1\n");
        Assert.That(new GitIgnore(fs, "/repo").IsIgnored("/repo/" + file), Is.EqualTo(ignored));
    }

    [Test]
    public void GitIgnore_deeper_files_win_and_the_walk_stops_at_the_repository_root()
    {
        var fs = new InMemoryFileSystem()
            .Add("/.gitignore", "*.env\n")
            .Add("/work/repo/.git/HEAD", "ref: refs/heads/main\n")
            .Add("/work/repo/.gitignore", "*.env\n")
            .Add("/work/repo/deploy/.gitignore", "!prod.env\n")
            .Add("/work/repo/deploy/prod.env", "X=1\n")
            .Add("/work/repo/deploy/dev.env", "X=1\n")
            .Add("/work/other/app.env", "X=1\n");
        var gitIgnore = new GitIgnore(fs, "/work");
        Assert.Multiple(() =>
        {
            Assert.That(gitIgnore.IsIgnored("/work/repo/deploy/prod.env"), Is.False, "the deeper negation wins");
            Assert.That(gitIgnore.IsIgnored("/work/repo/deploy/dev.env"), Is.True);
            Assert.That(gitIgnore.IsIgnored("/work/other/app.env"), Is.False, "no repository: the walk stops at the analysis root, before /.gitignore");
        });
    }
}
