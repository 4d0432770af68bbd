using System.Reflection;
using CsCheck;
using HardeningTasks.Core.Configuration;
using Microsoft.CodeAnalysis;

namespace HardeningTasks.Core.Tests.Configuration;

/// <summary>Our glob compiler against Roslyn's <c>AnalyzerConfig.TryCreateSectionNameMatcher</c>: chosen cases with
/// the expected answer written down, then random globs and paths.</summary>
public class SectionMatcherTests
{
    private static TestCaseData Case(string glob, string relativePath, bool expected) =>
        new TestCaseData(glob, relativePath).Returns(expected).SetName($"[{glob}] vs {relativePath} → {expected}");

    public static IEnumerable<TestCaseData> Cases() => new[]
    {
        Case("*.yml", "/a.yml", true),
        Case("*.yml", "/deep/er/a.yml", true),
        Case("*.yml", "/a.yaml", false),
        Case("*", "/any/thing", true),
        Case("deploy/*.yml", "/deploy/a.yml", true),
        Case("deploy/*.yml", "/deploy/sub/a.yml", false),
        Case("deploy/**.yml", "/deploy/sub/a.yml", true),
        Case("**/prod/*.yml", "/deep/prod/a.yml", true),
        Case("**/prod/*.yml", "/prod/a.yml", false),
        Case("a?b.yml", "/a/b.yml", true),
        Case("a?b.yml", "/axb.yml", true),
        Case("a?b.yml", "/ab.yml", false),
        Case("[abc].yml", "/b.yml", true),
        Case("[!abc].yml", "/b.yml", false),
        Case("[!abc].yml", "/d.yml", true),
        Case("[a-c].yml", "/b.yml", true),
        Case("[\\]].yml", "/].yml", true),
        Case("*.{yml,yaml}", "/a.yaml", true),
        Case("{a,{b,c}}.yml", "/c.yml", true),
        Case("{a,{b,c}}.yml", "/d.yml", false),
        Case("f{1..3}.yml", "/f2.yml", true),
        Case("f{1..3}.yml", "/f4.yml", false),
        Case("f{3..-5}.yml", "/f-5.yml", true),
        Case("f{3..-5}.yml", "/f-6.yml", false),
        Case("{1..3}{1..30}.yml", "/123.yml", false),
        Case("{a,{1..3}}.yml", "/a.yml", false),
        Case("f{-..3}.yml", "/f-..3.yml", true),
        Case("f{1..}.yml", "/f1...yml", true),
        Case("sub/*.yml", "/sub/x.yml", true),
        Case("sub/*.yml", "/x/sub/x.yml", false),
        Case("/sub/*.yml", "/sub/x.yml", true),
        Case("*.YML", "/a.yml", false),
        Case("a\\*.yml", "/a*.yml", true),
        Case("a\\*.yml", "/ab.yml", false),
        Case("a,b", "/a,b", false),
        Case("{a", "/{a", false),
        Case("a}", "/a}", false),
        Case("[ab", "/a", false),
        Case("ab\\", "/ab\\", false),
        Case("a.b", "/axb", false),
        Case("(a|b)+", "/(a|b)+", true),
    };

    [TestCaseSource(nameof(Cases))]
    public bool Matches_like_Roslyn(string glob, string relativePath)
    {
        var ours = SectionMatcher.For(glob).IsMatch(relativePath);
        Assert.That(ours, Is.EqualTo(RoslynOracle.SectionMatches(glob, relativePath, out _)), "Roslyn disagrees with the expectation");
        return ours;
    }

    [TestCase("[]a.yml")]
    [TestCase("[z-a].yml")]
    public void A_class_the_regex_engine_rejects_never_matches_where_Roslyn_throws(string glob)
    {
        RoslynOracle.SectionMatches(glob, "/a.yml", out var roslynThrew);
        Assert.Multiple(() =>
        {
            Assert.That(roslynThrew, Is.True, "Roslyn 5.12.0 throws a RegexParseException from AnalyzerConfigSet.Create");
            Assert.That(SectionMatcher.For(glob).IsValid, Is.False);
            Assert.That(SectionMatcher.For(glob).IsMatch("/a.yml"), Is.False);
        });
    }

    [Test]
    public void Each_section_name_is_compiled_once()
    {
        Assert.That(SectionMatcher.For("*.{yml,yaml}"), Is.SameAs(SectionMatcher.For("*.{yml,yaml}")));
    }

    private static readonly PropertyInfo RoslynRegex =
        typeof(AnalyzerConfig).GetNestedType("SectionNameMatcher", BindingFlags.NonPublic)!.GetProperty("Regex", BindingFlags.Instance | BindingFlags.NonPublic)!;

    private static readonly MethodInfo RoslynCompile =
        typeof(AnalyzerConfig).GetMethod("TryCreateSectionNameMatcher", BindingFlags.Static | BindingFlags.NonPublic)!;

    /// <summary>Random globs over the characters that mean something, against random paths: same pattern text,
    /// same validity, same answer.</summary>
    [Test]
    public void Random_globs_compile_and_match_like_Roslyn()
    {
        var glob = Gen.Char["ab/*?{},.[]!-\\12#"].Array[0, 14].Select(chars => new string(chars));
        var path = Gen.Char["ab/.12-,{}[]*?!"].Array[0, 12].Select(chars => "/" + new string(chars));

        Gen.Select(glob, path).Sample((g, p) =>
        {
            var ours = SectionMatcher.For(g);
            object? roslyn;
            try
            {
                roslyn = RoslynCompile.Invoke(null, new object[] { g });
            }
            catch (TargetInvocationException e) when (e.InnerException is ArgumentException)
            {
                return !ours.IsValid; // Roslyn throws; we call it invalid
            }
            var roslynPattern = roslyn is null ? null : RoslynRegex.GetValue(roslyn)!.ToString();
            return ours.Pattern == roslynPattern && ours.IsMatch(p) == RoslynOracle.SectionMatches(g, p, out _);
        }, iter: 10_000, threads: 1);
    }
}
