using HardeningTasks.Core.Parsing.Compose;

namespace HardeningTasks.Core.Tests.Compose;

public class DotEnvParserTests
{
    private static DotEnvResult Parse(string text, Dictionary<string, string>? outside = null) =>
        DotEnvParser.Parse(text, n => outside != null && outside.TryGetValue(n, out var v) ? new EnvValue(v) : null);

    private static string? Value(DotEnvResult result, string name) => result.Variables.TryGetValue(name, out var v) ? v.Value : null;

    [Test]
    public void Reads_compose_dotenv_syntax()
    {
        var result = Parse("""
            # a comment
            TAG=1.25
            export EXPORTED=yes
              INDENTED = spaced   
            COLON: yaml-style
            INLINE=value # comment
            HASH=a#b
            SINGLE='literal ${TAG} \n'
            DOUBLE="tab\there \"q\" ${TAG}"
            MULTI="line one
            line two"
            SINGLE_MULTI='a
            b'
            EMPTY=
            REF=${TAG}-suffix
            DEFAULTED=${NOPE:-fallback}
            UNSET_REF=${NOPE}
            DOTTED.NAME-1=ok
            """);

        Assert.That(result.Error, Is.Null);
        Assert.Multiple(() =>
        {
            Assert.That(Value(result, "TAG"), Is.EqualTo("1.25"));
            Assert.That(Value(result, "EXPORTED"), Is.EqualTo("yes"));
            Assert.That(Value(result, "INDENTED"), Is.EqualTo("spaced"));
            Assert.That(Value(result, "COLON"), Is.EqualTo("yaml-style"));
            Assert.That(Value(result, "INLINE"), Is.EqualTo("value"));
            Assert.That(Value(result, "HASH"), Is.EqualTo("a#b"));
            Assert.That(Value(result, "SINGLE"), Is.EqualTo("literal ${TAG} \\n"));
            Assert.That(Value(result, "DOUBLE"), Is.EqualTo("tab\there \"q\" 1.25"));
            Assert.That(Value(result, "MULTI"), Is.EqualTo("line one\nline two"));
            Assert.That(Value(result, "SINGLE_MULTI"), Is.EqualTo("a\nb"));
            Assert.That(Value(result, "EMPTY"), Is.EqualTo(""));
            Assert.That(Value(result, "REF"), Is.EqualTo("1.25-suffix"));
            Assert.That(Value(result, "DEFAULTED"), Is.EqualTo("fallback"));
            Assert.That(Value(result, "UNSET_REF"), Is.EqualTo(""));
            Assert.That(result.Variables["UNSET_REF"].Unresolved, Is.EqualTo(new[] { "NOPE" }));
            Assert.That(Value(result, "DOTTED.NAME-1"), Is.EqualTo("ok"));
        });
    }

    [Test]
    public void Later_lines_win_and_outside_variables_are_used_in_expansion()
    {
        var result = Parse("A=1\nA=2\nB=${OUT}-${A}\nINHERITED\nNOT_OUTSIDE\n", new() { ["OUT"] = "o", ["INHERITED"] = "from-build" });
        Assert.That(Value(result, "A"), Is.EqualTo("2"));
        Assert.That(Value(result, "B"), Is.EqualTo("o-2"));
        Assert.That(Value(result, "INHERITED"), Is.EqualTo("from-build"));
        Assert.That(result.Variables.ContainsKey("NOT_OUTSIDE"), Is.False);
    }

    [TestCase("A=1\nB=\"never closed\nC=3\n", 2)]
    [TestCase("A=1\nthis is prose\n", 2)]
    [TestCase("A=1\n\nB{=2\n", 3)]
    [TestCase("A=${OPEN\n", 1)]
    public void Errors_point_at_their_line_and_keep_what_came_before(string text, int line)
    {
        var result = Parse(text);
        Assert.That(result.Error, Is.Not.Null);
        Assert.That(result.Error!.Span.Line, Is.EqualTo(line));
        if (line > 1) Assert.That(Value(result, "A"), Is.EqualTo("1"));
    }

    [Test]
    public void Each_bad_line_is_an_error_at_its_line_and_the_lines_after_it_are_kept()
    {
        var result = Parse("A=1\nthis is prose\nB{=2\nC=${OPEN\nD=4\n=5\nE=5\n");
        Assert.That(result.Errors.Select(e => e.Span.Line), Is.EqualTo(new[] { 2, 3, 4, 6 }));
        Assert.That(result.Variables.Keys, Is.EquivalentTo(new[] { "A", "D", "E" }));
        Assert.That(Value(result, "E"), Is.EqualTo("5"));
    }

    /// <summary>A NUL byte drops its line only (it used to drop the whole file, and every compose file then saw unset variables).</summary>
    [Test]
    public void A_NUL_byte_is_an_error_at_its_line_and_column_and_the_other_lines_are_kept()
    {
        var result = Parse("A=1\nB=x\0y\nC=3\n");
        var error = result.Errors.Single();
        Assert.That((error.Span.Line, error.Span.Column), Is.EqualTo((2, 4)));
        Assert.That(error.Message, Does.Contain("line 2 contains a NUL byte"));
        Assert.That(result.Variables.Keys, Is.EquivalentTo(new[] { "A", "C" }));
    }

    /// <summary>Through the engine: the HRD000 is at the .env line, and the compose file still sees the variables of the valid lines (no HRD005).</summary>
    [Test]
    public void A_NUL_line_in_the_projects_env_leaves_the_other_variables_to_the_compose_file()
    {
        var fs = new Core.IO.InMemoryFileSystem()
            .Add("/p/.editorconfig", "root = true\n[*]\ndotnet_analyzer_diagnostic.severity = none\ndotnet_diagnostic.HRD000.severity = error\ndotnet_diagnostic.HRD005.severity = warning\n")
            .Add("/p/.env", System.Text.Encoding.UTF8.GetBytes("JUNK=\0\0\nTAG=1.27.3\n"))
            .Add("/p/compose.yaml", "services:\n  web:\n    image: nginx:${TAG}\n");
        var result = Engine.Analyze(new AnalysisRequest { ProjectDirectory = "/p", Files = new[] { new InputFile("/p/compose.yaml", InputKind.Compose) }, FileSystem = fs });
        Assert.That(result.Findings.Select(f => $"{f.Location.FilePath}({f.Location.Line},{f.Location.Column}) {f.RuleId}"), Is.EqualTo(new[] { "/p/.env(1,6) HRD000" }));
    }

    [Test]
    public void An_unclosed_quote_ends_the_reading()
    {
        var result = Parse("A=1\nB=\"open\nC=3\n");
        Assert.That(result.Errors.Select(e => e.Span.Line), Is.EqualTo(new[] { 2 }));
        Assert.That(result.Variables.Keys, Is.EquivalentTo(new[] { "A" }));
    }

    [Test]
    public void Empty_and_comment_only_files_have_no_variables()
    {
        Assert.That(Parse("").Variables, Is.Empty);
        Assert.That(Parse("# only\n   \n#another").Variables, Is.Empty);
    }
}
