using HardeningTasks.Core.Configuration;

namespace HardeningTasks.Core.Tests.Configuration;

public class EditorConfigFileTests
{
    [Test]
    public void Keeps_sections_properties_and_their_positions()
    {
        var file = EditorConfigFile.Parse(
            "root = true\n" +
            "# comment\n" +
            "[*.yml]  ; why\n" +
            "  Dotnet_Diagnostic.HRD001.Severity =  Error   # inline\n" +
            "\n" +
            "[docker-compose.yml]\n" +
            "indent_style = SPACE\n",
            "/repo/.editorconfig");

        Assert.Multiple(() =>
        {
            Assert.That(file.IsRoot, Is.True);
            Assert.That(file.IsGlobal, Is.False);
            Assert.That(file.Sections.Select(s => (s.Name, s.Line)), Is.EqualTo(new[] { ("*.yml", 3), ("docker-compose.yml", 6) }));
            Assert.That(file.Sections[0].Properties.Single(), Is.EqualTo(new ConfigProperty(
                "dotnet_diagnostic.hrd001.severity", "Dotnet_Diagnostic.HRD001.Severity", "Error", Line: 4, Column: 40, EndColumn: 45) { KeyColumn = 3 }));
            Assert.That(file.Sections[1].Properties.Single().Value, Is.EqualTo("space"), "values of reserved keys are lowercased");
        });
    }

    [Test]
    public void Drops_bad_lines_silently_and_keeps_later_properties_in_the_section_before_a_bad_header()
    {
        var file = EditorConfigFile.Parse("[*.yml]\nnot a property\n[a#b]\nkey = value\n= nokey\n", "/repo/.editorconfig");

        Assert.That(file.Sections.Single().Properties.Select(p => (p.Key, p.Value, p.Line)), Is.EqualTo(new[] { ("key", "value", 4) }));
    }

    [Test]
    public void A_key_repeated_in_a_section_keeps_its_last_line()
    {
        var file = EditorConfigFile.Parse("[*]\na = 1\nA = 2\n", "/repo/.editorconfig");

        Assert.That(file.Sections.Single().Properties.Select(p => (p.Key, p.Value, p.Line)), Is.EqualTo(new[] { ("a", "2", 3) }));
    }

    [Test]
    public void Counts_lines_as_Roslyn_does()
    {
        var file = EditorConfigFile.Parse("[*]\r\na = 1\rb = 2\u2028c = 3\u0085d = 4\u2029e = 5\n", "/repo/.editorconfig");

        Assert.That(file.Sections.Single().Properties.Select(p => (p.Key, p.Line)), Is.EqualTo(new[] { ("a", 2), ("b", 3), ("c", 4), ("d", 5), ("e", 6) }));
    }

    [TestCase(".globalconfig", "", true, 100)]
    [TestCase(".GlobalConfig", "", true, 100)]
    [TestCase(".globalconfig", "global_level = 7\n", true, 7)]
    [TestCase(".globalconfig", "global_level = high\n", true, 100)]
    [TestCase(".editorconfig", "", false, 0)]
    [TestCase(".editorconfig", "is_global = true\n", true, 0)]
    [TestCase(".editorconfig", "is_global = false\n", true, 0)]
    [TestCase("team.globalconfig", "is_global = true\nglobal_level = -3\n", true, -3)]
    public void Global_configs_are_recognised_by_name_or_by_an_is_global_key(string name, string preamble, bool isGlobal, int level)
    {
        var file = EditorConfigFile.Parse(preamble + "[*]\nis_global = true\n", "/repo/" + name);

        Assert.That((file.IsGlobal, file.GlobalLevel), Is.EqualTo((isGlobal, level)));
    }
}
