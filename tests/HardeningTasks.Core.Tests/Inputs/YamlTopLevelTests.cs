using CsCheck;
using HardeningTasks.Core.Model.Yaml;
using HardeningTasks.Core.Parsing.Yaml;

namespace HardeningTasks.Core.Tests.Inputs;

/// <summary>
/// The top-level sniff: the line scan must say what the full loader says whenever it answers alone, and hand the rest
/// to the loader. Checked on hand-written edge cases, on every YAML file of the corpus, and on generated documents.
/// </summary>
public class YamlTopLevelTests
{
    private static string Describe(YamlTopLevel top) => $"{top.Shape} [{string.Join(",", top.Keys)}] services={top.Services}";

    [TestCase("services:\n  web:\n    image: nginx\n", "Mapping [services] services=Mapping")]
    [TestCase("\uFEFFservices:\n  web: {}\n", "Mapping [services] services=Mapping", TestName = "A byte-order mark")]
    [TestCase("# comment\n\n%YAML 1.2\n---\nversion: '3.8'\nservices: # the services\n  web: {}\n", "Mapping [version,services] services=Mapping", TestName = "Comments, a directive, a document marker")]
    [TestCase("services:\n  web: {}\n---\nkind: Other\n", "Mapping [services] services=Mapping", TestName = "Only the first document")]
    [TestCase("\"services\":\n  web: {}\n'x-a''b': 1\n", "Mapping [services,x-a'b] services=Mapping", TestName = "Quoted keys")]
    [TestCase("services: {web: {image: nginx}}\n", "Mapping [services] services=Mapping", TestName = "A flow mapping value")]
    [TestCase("services:\n- docker:dind\n", "Mapping [services] services=Sequence", TestName = "A sequence at column 0 is the value")]
    [TestCase("services:\n  - docker:dind\nstages: [test]\n", "Mapping [services,stages] services=Sequence", TestName = "GitLab CI's services list")]
    [TestCase("services:\nnetworks: {}\n", "Mapping [services,networks] services=Empty", TestName = "A null services")]
    [TestCase("services: &s\n  web: {}\n", "Mapping [services] services=Mapping", TestName = "An anchored value")]
    [TestCase("services: !reset {}\n", "Mapping [services] services=Mapping", TestName = "A tagged value")]
    [TestCase("- hosts: all\n  tasks: []\n", "Sequence [] services=Empty", TestName = "An Ansible playbook")]
    [TestCase("# only a comment\n\n", "Empty [] services=Empty")]
    [TestCase("", "Empty [] services=Empty")]
    [TestCase("{services: {web: {}}, name: x}\n", "Mapping [services,name] services=Mapping", TestName = "A flow root goes to the loader")]
    [TestCase("  services:\n    web: {}\n", "Mapping [services] services=Mapping", TestName = "An indented root goes to the loader")]
    [TestCase("description: \"a long text\n  services: still the text\"\nname: x\n", "Mapping [description,name] services=Empty", TestName = "A quoted value over two lines goes to the loader")]
    [TestCase("a: [1,\n  2]\nservices: {}\n", "Mapping [a,services] services=Mapping", TestName = "A flow value over two lines goes to the loader")]
    [TestCase("description: \"a long text\nservices: not a key\"\n", "Invalid [] services=Empty", TestName = "A quoted value continued at column 0 is invalid YAML")]
    [TestCase("? services\n: {web: {}}\n", "Mapping [services] services=Mapping", TestName = "An explicit key goes to the loader")]
    [TestCase("x: &base\n  web: {}\nservices: *base\n", "Mapping [x,services] services=Mapping", TestName = "An aliased value goes to the loader")]
    [TestCase("just a scalar\n", "Scalar [] services=Empty")]
    [TestCase("a: 1\nb: |\n  services:\n    web: {}\nc: 2\n", "Mapping [a,b,c] services=Empty", TestName = "A block scalar is not keys")]
    [TestCase("http:\n  routers: {}\ntls:\n  options: {}\n", "Mapping [http,tls] services=Empty")]
    public void Reads_the_top_level(string text, string expected) => Assert.That(Describe(YamlTopLevel.Read(text)), Is.EqualTo(expected));

    [Test]
    public void Broken_yaml_keeps_the_keys_read_before_the_error()
    {
        // a duplicate key: the loader refuses the file, but it is a compose file whose loader must say so
        var top = YamlTopLevel.Read("services:\n  web:\n    image: nginx\n  web:\n    image: redis\nx: \"unterminated\n");
        Assert.That((top.Shape, top.Services), Is.EqualTo((YamlShape.Invalid, YamlShape.Mapping)));
        Assert.That(top.Keys, Is.EqualTo(new[] { "services" }));
    }

    [Test]
    public void The_scan_answers_alone_for_ordinary_files()
    {
        YamlTopLevel.Scan("# compose\nname: app\nservices:\n  web:\n    image: nginx\n    command: [\"a\", \"b\"]\nvolumes:\n  data: {}\n", out var complete);
        Assert.That(complete, Is.True, "a plain block mapping needs no loader");
    }

    [Test]
    public void The_line_scan_agrees_with_the_loader_on_every_corpus_yaml_file()
    {
        var files = Directory.EnumerateFiles(TestPaths.CorpusRoot, "*", SearchOption.AllDirectories)
            .Where(InputClassifier.IsYaml).Select(f => Path.GetRelativePath(TestPaths.CorpusRoot, f)).OrderBy(f => f, StringComparer.Ordinal).ToList();
        Assert.That(files, Has.Count.GreaterThan(400), "the corpus lives at " + TestPaths.CorpusRoot);
        var answeredAlone = 0;
        var disagreements = new List<string>();
        foreach (var relative in files)
        {
            var text = Core.Parsing.SourceText.NormalizeLineEnds(File.ReadAllText(Path.Combine(TestPaths.CorpusRoot, relative)));
            var scanned = YamlTopLevel.Scan(text, out var complete);
            if (!complete) continue;
            answeredAlone++;
            var loaded = YamlTopLevel.Load(text);
            if (loaded.Shape != YamlShape.Invalid && Describe(scanned) != Describe(loaded))
                disagreements.Add($"{relative}: scan {Describe(scanned)}, loader {Describe(loaded)}");
        }
        Assert.That(disagreements, Is.Empty);
        Assert.That(answeredAlone, Is.GreaterThan(files.Count * 9 / 10), "the scan answers alone for almost every real file (else it is not cheap)");
    }

    /// <summary>Lines a top level is made of, valid and tricky: every combination must read as the loader reads it.</summary>
    private static readonly string[] Pieces =
    {
        "services:\n  web:\n    image: nginx\n", "services:\n- a\n", "services:\n  - docker:dind\n", "services:\n  # a comment\n  web: {}\n", "services:\n", "services: {}\n", "services: [a]\n", "services: ~\n",
        "\"services\":\n  web: {}\n", "'name': x\n", "version: \"3.8\"\n", "x-anchors: &a\n  k: v\n", "entryPoints:\n  web:\n    address: \":80\"\n",
        "http:\n  routers: {}\n", "# a comment\n", "\n", "key: value # trailing\n", "text: |\n  services:\n  more\n", "folded: >-\n  a\n  b\n",
        "list:\n  - 1\n  - 2\n", "q: 'it''s'\n", "url: http://x:80/y\n", "a:b: c\n", "multi: \"one\n  two\"\n", "flow: [1,\n  2]\n",
        "---\n", "- item\n", "  indented: 1\n", "? complex\n: value\n", "apiVersion: v1\nkind: Pod\n",
    };

    [Test]
    public void The_line_scan_agrees_with_the_loader_on_generated_documents()
    {
        // the loader never sees a byte-order mark (SourceText.Decode drops it); the scan may be given one
        Gen.Select(Gen.Bool, Gen.Int[0, Pieces.Length - 1].Array[1, 6], (bom, pieces) => (Bom: bom, Text: string.Concat(pieces.Select(i => Pieces[i]))))
            .Sample(sample =>
            {
                var text = sample.Text;
                var scanned = YamlTopLevel.Scan((sample.Bom ? "\uFEFF" : "") + text, out var complete);
                var loaded = YamlTopLevel.Load(text);
                if (!complete || loaded.Shape == YamlShape.Invalid) return true;
                return Describe(scanned) == Describe(loaded);
            }, iter: 4000, print: sample => (sample.Bom ? "BOM " : "") + sample.Text.Replace("\n", "\\n"));
    }
}
