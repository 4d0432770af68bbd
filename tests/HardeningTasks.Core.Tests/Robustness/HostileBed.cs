using System.Text;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Tests.Robustness;

/// <summary>
/// A stack holding one hostile file and, beside it, an ordinary compose file whose HRD001 must still be reported: the
/// proof that one strange input never costs the findings of the others. In memory under /repo, or on disk in a temporary
/// directory when the case is about the disk.
/// </summary>
internal sealed class HostileBed : IDisposable
{
    public const string OrdinaryName = "docker-compose.ordinary.yml";
    public const string OrdinaryText = "services:\n  web:\n    image: nginx:latest\n";

    private readonly InMemoryFileSystem? memory;

    private HostileBed(string root, InMemoryFileSystem? memory)
    {
        Root = root;
        this.memory = memory;
        Write(OrdinaryName, OrdinaryText);
    }

    public static HostileBed InMemory() => new("/repo", new InMemoryFileSystem());

    public static HostileBed OnDisk() => new(Directory.CreateTempSubdirectory("hardening-hostile-").FullName, null);

    public string Root { get; }

    public bool IsOnDisk => memory == null;

    /// <summary>The file system the engine reads; a test may wrap it.</summary>
    public IFileSystem FileSystem => (IFileSystem?)memory ?? PhysicalFileSystem.Instance;

    public string P(string relative) => Root + "/" + relative;

    public HostileBed Write(string relative, string text) => Write(relative, Encoding.UTF8.GetBytes(text));

    public HostileBed Write(string relative, byte[] bytes)
    {
        if (memory != null)
        {
            memory.Add(P(relative), bytes);
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(P(relative))!);
            File.WriteAllBytes(P(relative), bytes);
        }
        return this;
    }

    /// <summary>Runs the real engine on <paramref name="inputs"/> (classified by name) plus the ordinary compose file.</summary>
    public AnalysisResult Analyze(string[] inputs, IFileSystem? fileSystem = null, IReadOnlyList<ComposeProjectSpec>? projects = null) =>
        Engine.Analyze(new AnalysisRequest
        {
            ProjectDirectory = Root,
            FileSystem = fileSystem ?? FileSystem,
            ComposeProjects = projects ?? Array.Empty<ComposeProjectSpec>(),
            Files = inputs.Append(OrdinaryName)
                .Select(f => new InputFile(P(f), InputClassifier.Classify(f) ?? throw new ArgumentException(f + " is not an input name")))
                .ToList(),
        });

    public AnalysisResult Analyze(params string[] inputs) => Analyze(inputs, null);

    /// <summary>The one <paramref name="ruleId"/> finding in <paramref name="relative"/>, asserting it is there at
    /// (<paramref name="line"/>, <paramref name="column"/>), that no other HRD000 was raised in that file, that no rule
    /// crashed anywhere, and that the ordinary file was still checked.</summary>
    public Finding AssertSingle(AnalysisResult result, string relative, string ruleId, int line, int column)
    {
        var all = Describe(result);
        var matching = result.Findings.Where(f => f.RuleId == ruleId && f.Location.FilePath == P(relative)).ToList();
        Assert.That(matching, Has.Count.EqualTo(1), $"one {ruleId} in {relative}:\n{all}");
        var finding = matching[0];
        Assert.That((finding.Location.Line, finding.Location.Column), Is.EqualTo((line, column)), $"where the {ruleId} points:\n{all}");
        Assert.That(result.Findings.Where(f => f.RuleId == "HRD000" && f.Location.FilePath == P(relative) && !ReferenceEquals(f, finding)), Is.Empty, "no other HRD000 in the file:\n" + all);
        AssertOrdinaryFileChecked(result);
        return finding;
    }

    public void AssertOrdinaryFileChecked(AnalysisResult result)
    {
        Assert.That(result.Findings.Where(f => f.RuleId == "HRD000" && (f.Location.FilePath == P(OrdinaryName) || f.Message.StartsWith("Rule ", StringComparison.Ordinal))),
            Is.Empty, "no rule failed and the ordinary file loaded:\n" + Describe(result));
        Assert.That(result.Findings.Any(f => f.RuleId == "HRD001" && f.Location.FilePath == P(OrdinaryName) && f.Location.Line == 3 && f.Location.Column == 12),
            Is.True, "the ordinary compose file beside it is still checked (HRD001 at 3,12):\n" + Describe(result));
    }

    public static string Describe(AnalysisResult result) => string.Join("\n", result.Findings.Select(f => f.ToString()));

    /// <summary>1-based line and column of the <paramref name="occurrence"/>-th <paramref name="needle"/> in <paramref name="text"/>.</summary>
    public static (int Line, int Column) Position(string text, string needle, int occurrence = 1)
    {
        var index = -1;
        for (var i = 0; i < occurrence; i++)
        {
            index = text.IndexOf(needle, index + 1, StringComparison.Ordinal);
            if (index < 0) throw new ArgumentException($"'{needle}' (#{occurrence}) not found");
        }
        var lineStart = text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        if (index == 0) lineStart = 0;
        return (1 + text.Take(index).Count(c => c == '\n'), index - lineStart + 1);
    }

    public void Dispose()
    {
        if (memory != null) return;
        if (!OperatingSystem.IsWindows())
            foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).Where(f => new FileInfo(f).LinkTarget == null))
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.Delete(Root, recursive: true);
    }
}

/// <summary>Wraps a file system to count reads and to make chosen paths fail the way a locked or forbidden file does.</summary>
internal sealed class InstrumentedFileSystem : IFileSystem
{
    private readonly IFileSystem inner;
    private readonly Dictionary<string, Func<Exception>> failures = new(StringComparer.Ordinal);

    public InstrumentedFileSystem(IFileSystem inner) => this.inner = inner;

    public Dictionary<string, int> Reads { get; } = new(StringComparer.Ordinal);

    public InstrumentedFileSystem Fail(string path, Func<Exception> exception)
    {
        failures[path] = exception;
        return this;
    }

    public bool FileExists(string path) => inner.FileExists(path);
    public bool DirectoryExists(string path) => inner.DirectoryExists(path);

    public long GetFileLength(string path) =>
        failures.TryGetValue(path, out var fail) ? throw fail() : inner.GetFileLength(path);

    public byte[] ReadAllBytes(string path)
    {
        lock (Reads) Reads[path] = Reads.TryGetValue(path, out var n) ? n + 1 : 1;
        return failures.TryGetValue(path, out var fail) ? throw fail() : inner.ReadAllBytes(path);
    }

    public IEnumerable<string> EnumerateFiles(string directory) => inner.EnumerateFiles(directory);
    public IEnumerable<string> EnumerateDirectories(string directory) => inner.EnumerateDirectories(directory);
}
