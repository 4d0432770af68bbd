using HardeningTasks.Core.Model.Dockerignore;
using HardeningTasks.Core.Parsing.Dockerignore;

namespace HardeningTasks.Core.Tests.Parsing;

/// <summary>The .dockerignore reader and matcher against moby's dockerignore.ReadAll and patternmatcher.MatchesOrParentMatches.</summary>
public class DockerignoreParserTests
{
    private static DockerignoreFile Parse(params string[] lines) => DockerignoreParser.Parse("/ctx/.dockerignore", string.Join("\n", lines));

    [TestCase("**", "anything/at/all", true)]
    [TestCase("**/foo", "foo", true)]
    [TestCase("**/foo", "a/b/foo", true)]
    [TestCase("**/foo", "a/foobar", false)]
    [TestCase("foo/**", "foo/x", true)]
    [TestCase("foo/**", "foo", false)]
    [TestCase("foo/**", "foobar/x", false)]
    [TestCase("foo**", "foobar/x", true)]
    [TestCase("**.env", "config/prod.env", true)] // suffix match, as moby does it: HasSuffix(path, ".env")
    [TestCase("*.pem", "tls.pem", true)]
    [TestCase("*.pem", "certs/tls.pem", false)] // no implicit "any depth" as in .gitignore
    [TestCase("*/temp*", "somedir/temporary.txt", true)]
    [TestCase("temp?", "tempa", true)]
    [TestCase("temp?", "temp/x", false)]
    [TestCase("docs", "docs/api/index.md", true)] // a parent directory matches
    [TestCase("a/**/b", "a/b", true)]
    [TestCase("a/**/b", "a/x/y/b", true)]
    [TestCase("[a-c]at", "bat", true)]
    [TestCase("[^a-c]at", "bat", false)]
    [TestCase("\\*.md", "*.md", true)]
    [TestCase("\\*.md", "x.md", false)]
    [TestCase("file.txt", "fileXtxt", false)] // '.' is literal
    public void Pattern_matches_like_docker(string pattern, string path, bool excluded) =>
        Assert.That(Parse(pattern).Excludes(path), Is.EqualTo(excluded));

    [Test]
    public void Last_matching_line_wins_and_exceptions_reinclude()
    {
        var ignore = Parse("*.md", "!README*.md", "README-secret.md");
        Assert.Multiple(() =>
        {
            Assert.That(ignore.Excludes("CHANGELOG.md"), Is.True);
            Assert.That(ignore.Excludes("README.md"), Is.False);
            Assert.That(ignore.Excludes("README-secret.md"), Is.True);
        });
        var reordered = Parse("*.md", "README-secret.md", "!README*.md");
        Assert.That(reordered.Excludes("README-secret.md"), Is.False);
    }

    [Test]
    public void An_exception_inside_an_excluded_directory_reincludes_the_file()
    {
        var ignore = Parse("*", "!src/app.py");
        Assert.Multiple(() =>
        {
            Assert.That(ignore.Excludes("src/other.py"), Is.True);
            Assert.That(ignore.Excludes("src/app.py"), Is.False);
            Assert.That(ignore.Excludes(".git"), Is.True);
        });
    }

    [Test]
    public void Lines_are_read_as_docker_reads_them()
    {
        var ignore = Parse("# a comment", " # not a comment in column 1", "  .git/  ", "", "/.env", "./build/../dist/", "! node_modules ");
        Assert.That(ignore.Patterns.Select(p => p.ToString()), Is.EqualTo(new[] { "# not a comment in column 1", ".git", ".env", "dist", "!node_modules" }));
        Assert.That(ignore.Patterns.Select(p => p.Line), Is.EqualTo(new[] { 2, 3, 5, 6, 7 }));
        Assert.That(ignore.Problems, Is.Empty);
    }

    [TestCase("!", 1)]
    [TestCase("[abc", 1)]
    [TestCase("[]", 1)]
    [TestCase("a[b-]", 1)]
    [TestCase("foo\\", 1)]
    public void Patterns_docker_refuses_are_problems(string pattern, int line)
    {
        var ignore = Parse(pattern);
        Assert.That(ignore.Problems.Select(p => p.Line), Is.EqualTo(new[] { line }));
        Assert.That(ignore.Patterns, Is.Empty);
    }

    [Test]
    public void A_directory_whose_contents_are_excluded_counts_as_excluded()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Parse("node_modules/*").ExcludesDirectory("node_modules"), Is.True);
            Assert.That(Parse("node_modules/*.js").ExcludesDirectory("node_modules"), Is.False);
            Assert.That(Parse("**/.git").ExcludesDirectory(".git"), Is.True);
        });
    }

    [TestCase("a//b/./c/", "a/b/c")]
    [TestCase("../x", "../x")]
    [TestCase("/a/../../b", "/b")]
    [TestCase("", ".")]
    [TestCase("./", ".")]
    public void Clean_is_go_filepath_clean(string input, string expected) => Assert.That(DockerignoreFile.Clean(input), Is.EqualTo(expected));
}
