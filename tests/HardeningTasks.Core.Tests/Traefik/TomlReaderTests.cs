using HardeningTasks.Core.Model.Yaml;
using HardeningTasks.Core.Parsing.Toml;

namespace HardeningTasks.Core.Tests.Traefik;

public class TomlReaderTests
{
    private static YMapping Load(string text)
    {
        var result = TomlReader.Load("/t/traefik.toml", text);
        Assert.That(result.Error, Is.Null, () => result.Error!.Message + " at " + result.Error.Span);
        return result.Root!;
    }

    private static YNode At(YMapping root, params string[] path)
    {
        YNode node = root;
        foreach (var key in path)
            node = key.StartsWith('#') ? ((YSequence)node).Items[int.Parse(key[1..])] : ((YMapping)node)[key] ?? throw new AssertionException("no key " + key);
        return node;
    }

    private static YScalar S(YMapping root, params string[] path) => (YScalar)At(root, path);

    private static (int Line, int Column, string Message) Error(string text)
    {
        var result = TomlReader.Load("/t/traefik.toml", text);
        Assert.That(result.Error, Is.Not.Null, "expected the TOML to be refused");
        return (result.Error!.Span.Line, result.Error.Span.Column, result.Error.Message);
    }

    [Test]
    public void Tables_and_key_values_with_positions()
    {
        var root = Load("# static\n[entryPoints.websecure]\n  address = \":443\"  # https\n\n[api]\ninsecure = true\n");
        var address = S(root, "entryPoints", "websecure", "address");
        Assert.That(address.Value, Is.EqualTo(":443"));
        Assert.That(address.IsPlain, Is.False, "strings are not plain scalars");
        Assert.That((address.Location.Line, address.Location.Column, address.Location.Span.EndColumn), Is.EqualTo((3, 13, 19)));
        var insecure = S(root, "api", "insecure");
        Assert.That((insecure.Value, insecure.IsPlain, insecure.Location.Line, insecure.Location.Column), Is.EqualTo(("true", true, 6, 12)));
        var key = ((YMapping)At(root, "api")).Entries[0].Key;
        Assert.That((key.Value, key.Location.Line, key.Location.Column), Is.EqualTo(("insecure", 6, 1)));
        Assert.That(At(root, "api").Location.Line, Is.EqualTo(5), "a table is located at its header");
    }

    [Test]
    public void Dotted_and_quoted_keys()
    {
        var root = Load("entryPoints.web.address = \":80\"\n\"quoted.key\" = 1\nsite.'literal key'.x = 'v'\na . b = 2\n");
        Assert.That(S(root, "entryPoints", "web", "address").Value, Is.EqualTo(":80"));
        Assert.That(S(root, "quoted.key").Value, Is.EqualTo("1"));
        Assert.That(S(root, "site", "literal key", "x").Value, Is.EqualTo("v"));
        Assert.That(S(root, "a", "b").Value, Is.EqualTo("2"));
    }

    [Test]
    public void Strings_basic_literal_and_multi_line()
    {
        var root = Load(
            "basic = \"tab\\there \\\"q\\\" \\u00e9 \\U0001F600 back\\\\slash\"\n" +
            "literal = 'C:\\Users\\x'\n" +
            "ml = \"\"\"\nline1\nline2 \\\n    continued\"\"\"\n" +
            "mll = '''\nraw \\n text\n'''\n" +
            "quotes = \"\"\"a \"\" b\"\"\"\"\"\n" +
            "empty = \"\"\n");
        Assert.That(S(root, "basic").Value, Is.EqualTo("tab\there \"q\" é 😀 back\\slash"));
        Assert.That(S(root, "literal").Value, Is.EqualTo("C:\\Users\\x"));
        Assert.That(S(root, "ml").Value, Is.EqualTo("line1\nline2 continued"));
        Assert.That(S(root, "mll").Value, Is.EqualTo("raw \\n text\n"));
        Assert.That(S(root, "quotes").Value, Is.EqualTo("a \"\" b\"\""));
        Assert.That(S(root, "empty").Value, Is.EqualTo(""));
        Assert.That(S(root, "empty").IsNull, Is.False, "an empty string is not null");
        var ml = S(root, "ml");
        Assert.That((ml.Location.Line, ml.Location.Span.EndLine), Is.EqualTo((3, 6)));
    }

    [Test]
    public void Numbers_booleans_and_dates_keep_canonical_text()
    {
        var root = Load("a = 1_000\nb = -17\nc = 0xDEAD_beef\nd = 0o755\ne = 0b1010\nf = 6.626e-34\ng = -inf\nh = false\n" +
                        "i = 1979-05-27T07:32:00Z\nj = 1979-05-27 07:32:00.999-07:00\nk = 07:32:00\nl = 1979-05-27\nm = +3.14_15\n");
        Assert.That(new[] { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m" }.Select(k => S(root, k).Value), Is.EqualTo(new[]
        {
            "1000", "-17", "3735928559", "493", "10", "6.626e-34", "-inf", "false",
            "1979-05-27T07:32:00Z", "1979-05-27 07:32:00.999-07:00", "07:32:00", "1979-05-27", "+3.1415",
        }));
        Assert.That(S(root, "a").IsPlain, Is.True);
    }

    [Test]
    public void Arrays_multi_line_with_comments_and_trailing_comma()
    {
        var root = Load("resolvers = [\n  \"1.1.1.1:53\", # cloudflare\n  \"8.8.8.8:53\",\n]\nnested = [[1, 2], ['a']]\nempty = []\n");
        var resolvers = (YSequence)At(root, "resolvers");
        Assert.That(resolvers.Items.Cast<YScalar>().Select(s => s.Value), Is.EqualTo(new[] { "1.1.1.1:53", "8.8.8.8:53" }));
        Assert.That(resolvers.Items[1].Location.Line, Is.EqualTo(3));
        Assert.That(S(root, "nested", "#0", "#1").Value, Is.EqualTo("2"));
        Assert.That(S(root, "nested", "#1", "#0").Value, Is.EqualTo("a"));
        Assert.That(((YSequence)At(root, "empty")).Items, Is.Empty);
    }

    [Test]
    public void Inline_tables()
    {
        var root = Load("point = { x = 1, y.z = \"two\" }\nempty = {}\n");
        Assert.That(S(root, "point", "x").Value, Is.EqualTo("1"));
        Assert.That(S(root, "point", "y", "z").Value, Is.EqualTo("two"));
        Assert.That(((YMapping)At(root, "empty")).Entries, Is.Empty);
    }

    [Test]
    public void Arrays_of_tables_and_sub_tables()
    {
        var root = Load("[[tls.certificates]]\ncertFile = \"a.crt\"\n[[tls.certificates]]\ncertFile = \"b.crt\"\n[tls.certificates.extra]\nx = 1\n[tls.options.default]\nminVersion = \"VersionTLS12\"\n");
        var certificates = (YSequence)At(root, "tls", "certificates");
        Assert.That(certificates.Items, Has.Count.EqualTo(2));
        Assert.That(S(root, "tls", "certificates", "#1", "certFile").Value, Is.EqualTo("b.crt"));
        Assert.That(S(root, "tls", "certificates", "#1", "extra", "x").Value, Is.EqualTo("1"), "a sub-table goes to the last element");
        Assert.That(certificates.Items[1].Location.Line, Is.EqualTo(3));
        Assert.That(S(root, "tls", "options", "default", "minVersion").Value, Is.EqualTo("VersionTLS12"));
    }

    [Test]
    public void Implicit_table_may_be_defined_later_once()
    {
        var root = Load("[a.b.c]\nx = 1\n[a]\ny = 2\n");
        Assert.That(S(root, "a", "b", "c", "x").Value, Is.EqualTo("1"));
        Assert.That(S(root, "a", "y").Value, Is.EqualTo("2"));
    }

    [Test]
    public void Empty_and_comment_only_documents()
    {
        Assert.That(Load("").Entries, Is.Empty);
        Assert.That(Load("# nothing\n\n   # here\n").Entries, Is.Empty);
        Assert.That(Load("a = 1").Entries, Has.Count.EqualTo(1), "no newline at the end is fine");
    }

    [TestCase("a = 1\na = 2\n", 2, 1, "already defined at line 1")]
    [TestCase("[x]\n[x]\n", 2, 2, "defined only once")]
    [TestCase("a = 1\n[a]\n", 2, 2, "already defined at line 1")]
    [TestCase("[a]\nb.c = 1\n[a.b]\n", 3, 4, "already defined")]
    [TestCase("a = {x = 1}\na.y = 2\n", 2, 1, "inline table")]
    [TestCase("a = [1]\n[[a]]\n", 2, 3, "array of tables")]
    [TestCase("[a]\nx = 1\n[[a]]\n", 3, 3, "array of tables")]
    public void Redefinitions_are_refused(string text, int line, int column, string message)
    {
        var error = Error(text);
        Assert.That((error.Line, error.Column), Is.EqualTo((line, column)), error.Message);
        Assert.That(error.Message, Does.Contain(message));
        Assert.That(error.Message, Does.StartWith("Invalid TOML: "));
    }

    [TestCase("address = :443\n", 1, 11, "strings need quotes")]
    [TestCase("[entryPoints.web]\naddress = \":80\n", 2, 11, "not closed")]
    [TestCase("a = \"\"\"never closed\n", 1, 5, "multi-line string is not closed")]
    [TestCase("a = [1, 2\nb = 3\n", 2, 1, "expected ','")]
    [TestCase("a = [1, 2", 1, 5, "array is not closed")]
    [TestCase("a = { x = 1,\n y = 2 }\n", 1, 13, "one line")]
    [TestCase("a = { x = 1, }\n", 1, 12, "trailing comma")]
    [TestCase("a = 1 b = 2\n", 1, 7, "after the value")]
    [TestCase("[table\nx = 1\n", 1, 7, "expected ']'")]
    [TestCase("[[aot]\n", 1, 6, "expected ']]'")]
    [TestCase("key\n", 1, 4, "has no value")]
    [TestCase("key = \n", 1, 7, "expected a value")]
    [TestCase("a = \"bad \\q escape\"\n", 1, 10, "not a valid escape")]
    [TestCase("a = \"\\uD800\"\n", 1, 6, "not a unicode scalar")]
    [TestCase("a = 99999999999999999999\n", 1, 5, "64 bits")]
    [TestCase("a = 01\n", 1, 5, "not a valid TOML value")]
    [TestCase("= 1\n", 1, 1, "where a key was expected")]
    [TestCase("a = \"tab\u0001\"\n", 1, 9, "control character")]
    [TestCase("x = 1\n  y = 'open\n", 2, 7, "not closed")]
    public void Malformed_toml_is_refused_at_the_problem(string text, int line, int column, string message)
    {
        var error = Error(text);
        Assert.That(error.Message, Does.Contain(message));
        Assert.That((error.Line, error.Column), Is.EqualTo((line, column)), error.Message);
    }

    [Test]
    public void Deep_nesting_is_refused_not_overflowed()
    {
        var text = "a = " + new string('[', 5000) + new string(']', 5000) + "\n";
        var error = Error(text);
        Assert.That(error.Message, Does.Contain("nest deeper"));
    }

    [Test]
    public void Traefik_static_file_in_toml()
    {
        var root = Load("""
            [global]
              checkNewVersion = false

            [entryPoints]
              [entryPoints.web]
                address = ":80"
                [entryPoints.web.http.redirections.entryPoint]
                  to = "websecure"
                  scheme = "https"
              [entryPoints.websecure]
                address = ":443"

            [certificatesResolvers.le.acme]
              email = "ops@example.com"
              storage = "/letsencrypt/acme.json"
              [certificatesResolvers.le.acme.httpChallenge]
                entryPoint = "web"

            [providers.docker]
              exposedByDefault = false
            """);
        Assert.That(S(root, "entryPoints", "web", "http", "redirections", "entryPoint", "to").Value, Is.EqualTo("websecure"));
        Assert.That(S(root, "certificatesResolvers", "le", "acme", "httpChallenge", "entryPoint").Location.Line, Is.EqualTo(17));
        Assert.That(((YMapping)At(root, "providers", "docker")).Entries, Has.Count.EqualTo(1));
    }
}
