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
    public void Empty_and_comment_only_files_have_no_variables()
    {
        Assert.That(Parse("").Variables, Is.Empty);
        Assert.That(Parse("# only\n   \n#another").Variables, Is.Empty);
    }
}
