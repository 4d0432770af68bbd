using HardeningTasks.Core.Rules;

namespace HardeningTasks.IntegrationTests;

/// <summary>
/// build/HardeningTasks.RuleIds.props is generated from the rule descriptors: the package's TreatWarningsAsErrors
/// mapping needs every rule ID at evaluation time. Rules are added on other branches, so after every merge run
/// <c>HARDENING_UPDATE_GENERATED=1 dotnet test tests/HardeningTasks.IntegrationTests --filter FullyQualifiedName~GeneratedFiles</c>
/// and commit the result.
/// </summary>
public class GeneratedFilesTests
{
    public static string RuleIdsFile => Path.Combine(TestPaths.RepositoryRoot, "build", "HardeningTasks.RuleIds.props");

    public static string ExpectedRuleIdsFile()
    {
        var ids = string.Join(";", RuleCatalog.Descriptors.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal));
        return "<Project>\n" +
               "  <!-- GENERATED from HardeningTasks.Core.Rules.RuleCatalog.Descriptors; do not edit. After adding a rule or merging, run the\n" +
               "       GeneratedFiles test with HARDENING_UPDATE_GENERATED=1 (tests/HardeningTasks.IntegrationTests/GeneratedFilesTests.cs). -->\n" +
               "  <PropertyGroup>\n" +
               $"    <HardeningRuleIds>{ids}</HardeningRuleIds>\n" +
               "  </PropertyGroup>\n" +
               "</Project>\n";
    }

    [Test]
    public void RuleIdsPropsListsEveryDescriptor()
    {
        var expected = ExpectedRuleIdsFile();
        var actual = File.Exists(RuleIdsFile) ? File.ReadAllText(RuleIdsFile).Replace("\r\n", "\n") : "";
        if (actual == expected) return;
        if (Environment.GetEnvironmentVariable("HARDENING_UPDATE_GENERATED") == "1")
        {
            File.WriteAllText(RuleIdsFile, expected);
            Assert.Warn($"Rewrote {RuleIdsFile}; commit it.");
            return;
        }
        Assert.Fail($"{RuleIdsFile} is stale (a rule was added or merged). Regenerate it with\n" +
                    "  HARDENING_UPDATE_GENERATED=1 dotnet test tests/HardeningTasks.IntegrationTests --filter FullyQualifiedName~GeneratedFiles\n" +
                    "and commit it.\nExpected:\n" + expected + "\nActual:\n" + actual);
    }
}
