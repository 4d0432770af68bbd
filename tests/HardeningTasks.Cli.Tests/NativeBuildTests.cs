namespace HardeningTasks.Cli.Tests;

/// <summary>
/// The Native AOT build says exactly what the JIT build says, byte for byte, on the corpus and on every fixture. The
/// native build is trimmed: a rule or a parser path the trimmer dropped shows here as a difference (a native build that
/// ran no rule at all, as a reflected rule catalog once did, prints nothing and fails every case).
/// </summary>
public class NativeBuildTests
{
    private static string Corpus => Path.GetFullPath(Path.Combine(Cli.Fixtures, "..", "..", "..", "shared", "corpus"));

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var format in new[] { "text", "json", "sarif" })
            yield return new TestCaseData("corpus", format).SetName("Corpus_" + format);
        yield return new TestCaseData("fixtures", "json").SetName("Fixtures_json");
    }

    [TestCaseSource(nameof(Cases))]
    public void NativeOutput_EqualsTheJitBuild(string tree, string format)
    {
        var root = tree == "corpus" ? Corpus : Cli.Fixtures;
        Assert.That(Directory.Exists(root), Is.True, root + " is missing");
        // with the suggestions, which the text report hides by default: the comparison covers every rule
        var native = Cli.RunNative(root, "check", ".", "--format", format, "--suggestions");
        var jit = Cli.Run(root, "check", ".", "--format", format, "--suggestions");

        Assert.That(jit.ExitCode, Is.EqualTo(1), "the corpus and the fixtures have error findings: " + jit.Stderr);
        Assert.Multiple(() =>
        {
            Assert.That(native.ExitCode, Is.EqualTo(jit.ExitCode), native.Stderr);
            Assert.That(native.Stderr, Is.EqualTo(jit.Stderr), "the summary line");
            Assert.That(native.Stdout == jit.Stdout, Is.True, $"the {format} report differs from the JIT build's (first difference at character {FirstDifference(native.Stdout, jit.Stdout)})");
        });
        // what the equality is worth: the JIT build reports most of the catalog on these trees
        var rules = System.Text.RegularExpressions.Regex.Matches(jit.Stdout, @"HRD\d{3}").Select(m => m.Value).Distinct().Count();
        Assert.That(rules, Is.GreaterThan(tree == "corpus" ? 30 : 45), "distinct rule IDs in the JIT build's report");
    }

    private static int FirstDifference(string a, string b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        return i;
    }
}
