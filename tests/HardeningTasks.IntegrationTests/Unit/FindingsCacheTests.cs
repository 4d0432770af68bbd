namespace HardeningTasks.IntegrationTests.Unit;

public class FindingsCacheTests
{
    [Test]
    public void RoundTripsEveryCharacterThatTheFormatEscapes()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory("hrd-cache"), "sub", "f.tsv");
        var tricky = "a\tb\\c\r\nd;%$@'\"é\\t";
        var original = new CachedFinding("warning", "HRD001", "/p/with\ttab/docker-compose.yml", 12, 34, "https://h/" + tricky, tricky);

        FindingsCache.Write(path, new[] { original, new CachedFinding("error", "HRD000", "", 0, 0, "", "") });
        var read = FindingsCache.Read(path)!;

        Assert.That(read, Has.Count.EqualTo(2));
        Assert.That((read[0].Severity, read[0].Code, read[0].File, read[0].Line, read[0].Column, read[0].HelpLink, read[0].Message),
            Is.EqualTo((original.Severity, original.Code, original.File, 12, 34, original.HelpLink, tricky)));
        Assert.That((read[1].File, read[1].Message), Is.EqualTo(("", "")));
        Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(path))!, true);
    }

    [Test]
    public void MissingFileReadsAsNull() => Assert.That(FindingsCache.Read("/nonexistent/hrd/f.tsv"), Is.Null);
}
