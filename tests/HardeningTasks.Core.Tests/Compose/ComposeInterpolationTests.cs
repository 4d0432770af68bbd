using HardeningTasks.Core.Parsing.Compose;

namespace HardeningTasks.Core.Tests.Compose;

public class ComposeInterpolationTests
{
    private static readonly Dictionary<string, EnvValue> Env = new()
    {
        ["TAG"] = new EnvValue("1.25"),
        ["EMPTY"] = new EnvValue(""),
        ["HOST"] = new EnvValue("db"),
        ["FROM_UNSET"] = new EnvValue("", new[] { "UPSTREAM" }),
        ["lower_case"] = new EnvValue("ok"),
    };

    private static Substitution Sub(string text) => ComposeInterpolation.Substitute(text, n => Env.TryGetValue(n, out var v) ? v : null);

    [TestCase("nginx:${TAG}", "nginx:1.25")]
    [TestCase("nginx:$TAG", "nginx:1.25")]
    [TestCase("$TAG-x", "1.25-x")]
    [TestCase("${TAG:-9}", "1.25")]
    [TestCase("${MISSING:-9}", "9")]
    [TestCase("${EMPTY:-9}", "9")]
    [TestCase("${EMPTY-9}", "")]
    [TestCase("${MISSING-9}", "9")]
    [TestCase("${TAG:+set}", "set")]
    [TestCase("${EMPTY:+set}", "")]
    [TestCase("${EMPTY+set}", "set")]
    [TestCase("${MISSING+set}", "")]
    [TestCase("${MISSING:+set}", "")]
    [TestCase("${TAG:?need a tag}", "1.25")]
    [TestCase("${MISSING:-${HOST:-x}}", "db")]
    [TestCase("${MISSING:-${ALSO_MISSING:-fallback}}", "fallback")]
    [TestCase("${MISSING:-a${HOST}b}", "adbb")]
    [TestCase("$${TAG}", "${TAG}")]
    [TestCase("$$TAG", "$TAG")]
    [TestCase("cost: 5$", "cost: 5$")]
    [TestCase("$1 and $ alone", "$1 and $ alone")]
    [TestCase("${lower_case}", "ok")]
    [TestCase("${MISSING:-{x}}", "{x}")]
    [TestCase("${MISSING:-a:b-c}", "a:b-c")]
    [TestCase("no dollar", "no dollar")]
    public void Substitutes_like_compose(string text, string expected)
    {
        var result = Sub(text);
        Assert.That(result.Error, Is.Null);
        Assert.That(result.Value, Is.EqualTo(expected));
    }

    [TestCase("${MISSING}", "MISSING")]
    [TestCase("$MISSING", "MISSING")]
    [TestCase("a${MISSING}b${TAG}", "MISSING")]
    [TestCase("${MISSING:?set it}", "MISSING")]
    [TestCase("${MISSING?set it}", "MISSING")]
    [TestCase("${EMPTY:?set it}", "EMPTY")]
    [TestCase("${MISSING:-${INNER}}", "INNER")]
    [TestCase("${FROM_UNSET}", "UPSTREAM")]
    public void Lists_unresolved_variables(string text, string unresolved)
    {
        var result = Sub(text);
        Assert.That(result.Error, Is.Null);
        Assert.That(result.Unresolved, Is.EqualTo(new[] { unresolved }));
    }

    [TestCase("${MISSING:-x}")]
    [TestCase("${MISSING-x}")]
    [TestCase("${MISSING:+x}")]
    [TestCase("${EMPTY?x}")]
    [TestCase("${TAG}")]
    [TestCase("$$MISSING")]
    public void A_default_or_a_set_variable_is_resolved(string text) =>
        Assert.That(Sub(text).Unresolved, Is.Empty);

    [TestCase("nginx:${TAG")]
    [TestCase("${")]
    [TestCase("${}")]
    [TestCase("${1ABC}")]
    [TestCase("${TAG/x}")]
    [TestCase("${TAG:x}")]
    [TestCase("${MISSING:-${OPEN}")]
    public void Malformed_expressions_are_errors_not_exceptions(string text)
    {
        var result = Sub(text);
        Assert.That(result.Error, Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public void Deep_nesting_does_not_overflow()
    {
        var text = string.Concat(Enumerable.Repeat("${M:-", 5000)) + "x" + new string('}', 5000);
        Assert.DoesNotThrow(() => Sub(text));
    }
}
