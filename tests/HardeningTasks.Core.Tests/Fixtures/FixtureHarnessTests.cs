using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Tests.Fixtures;

/// <summary>The fixture harness itself: an expectation that pins a message fails on a finding whose message differs.</summary>
public class FixtureHarnessTests
{
    private static readonly RuleDescriptor Rule = new("HRD060", "t", Categories.Dockerfile, Severity.Warning, "{0}");

    private static (FixtureCase Case, string File) Write(string expectation)
    {
        var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "hrd-harness-" + Guid.NewGuid().ToString("N"))).FullName;
        var file = Path.Combine(dir, "Dockerfile");
        File.WriteAllText(file, $"FROM alpine:3.20.3\n{expectation}\nUSER root\n");
        return (FixtureCase.FromDirectory("HRD060", dir), file);
    }

    private static Finding At(string file, string message) =>
        Rule.At(new SourceLocation(file, new SourceSpan(3, 1, 3, 10)), null, null, message);

    [TestCase("# expect-next-line: HRD060 \"runs as root\"", "The final stage runs as root (USER root on line 3)")]
    [TestCase("# expect-next-line: HRD060 \"…final stage…USER root…\"", "The final stage runs as root (USER root on line 3)")]
    [TestCase("# expect-next-line: HRD060@1 \"USER root\"", "USER root")]
    public void PinnedMessageThatMatchesPasses(string expectation, string message)
    {
        var (fixture, file) = Write(expectation);
        Assert.That(fixture.Expectations.Single().Message, Is.Not.Null);
        FixtureAssert.Matches(fixture, new[] { At(file, message) });
    }

    [TestCase("# expect-next-line: HRD060 \"runs as root\"", "The final stage runs as an unknown user")]
    [TestCase("# expect-next-line: HRD060 \"…USER root…final stage…\"", "The final stage runs as root (USER root on line 3)")]
    public void PinnedMessageThatDiffersFails(string expectation, string message)
    {
        var (fixture, file) = Write(expectation);
        Assert.Throws<AssertionException>(() => FixtureAssert.Matches(fixture, new[] { At(file, message) }));
    }

    [Test]
    public void SeveralPinnedIdsOnOneLineKeepTheirOwnMessages()
    {
        var (fixture, _) = Write("# expect-next-line: HRD060 \"root\" HRD067@3 \"sudo, HRD012 is text\"");
        Assert.That(fixture.Expectations.Select(e => (e.RuleId, e.Column, e.Message)),
            Is.EqualTo(new (string, int?, string?)[] { ("HRD060", null, "root"), ("HRD067", 3, "sudo, HRD012 is text") }));
    }
}
