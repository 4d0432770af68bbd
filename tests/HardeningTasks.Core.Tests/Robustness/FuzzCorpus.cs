using HardeningTasks.Core.IO;

namespace HardeningTasks.Core.Tests.Robustness;

/// <summary>One corpus file to mutate: where the mutated bytes go and which inputs the engine is given with it.</summary>
internal sealed record FuzzSeed(string Source, string Target, byte[] Bytes, IReadOnlyList<InputFile> Inputs)
{
    public override string ToString() => Source;
}

/// <summary>
/// The shared corpus in memory (read once), and a seed per file the engine reads: every input
/// <see cref="InputClassifier"/> knows, plus the YAML files it does not know by name but that are compose projects (the
/// Coolify templates) or Traefik files (a <c>traefik/</c> folder), <c>Containerfile</c>s as Dockerfiles, and the
/// <c>.env</c> files (<c>.env.example</c> and the like are mutated in the place of the folder's <c>.env</c>).
/// Each seed is analysed together with the inputs of its folder, so overlays, <c>.env</c> and Dockerfiles beside a
/// compose file take part, unless the folder is a catalogue of unrelated files (more than <see cref="MaxSiblings"/>).
/// </summary>
internal static class FuzzCorpus
{
    private const int MaxSiblings = 6;

    private static readonly Lazy<(InMemoryFileSystem FileSystem, IReadOnlyList<FuzzSeed> Seeds)> Loaded = new(Load);

    public static InMemoryFileSystem FileSystem => Loaded.Value.FileSystem;

    public static IReadOnlyList<FuzzSeed> Seeds => Loaded.Value.Seeds;

    public static string Root => TestPaths.CorpusRoot;

    private static (InMemoryFileSystem, IReadOnlyList<FuzzSeed>) Load()
    {
        var fileSystem = new InMemoryFileSystem();
        var files = Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "SOURCES.md")
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        var texts = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            texts[file] = File.ReadAllBytes(file);
            fileSystem.Add(file, texts[file]);
        }

        var kinds = files.Select(f => (File: f, Kind: KindOf(f, texts[f]))).Where(x => x.Kind != null).ToDictionary(x => x.File, x => x.Kind!.Value, StringComparer.Ordinal);
        List<InputFile> InputsOf(string directory) =>
            kinds.Where(k => Path.GetDirectoryName(k.Key) == directory).OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => new InputFile(k.Key, k.Value)).ToList();

        var seeds = new List<FuzzSeed>();
        foreach (var file in files)
        {
            var directory = Path.GetDirectoryName(file)!;
            var siblings = InputsOf(directory);
            if (kinds.TryGetValue(file, out var kind))
            {
                var inputs = siblings.Count <= MaxSiblings ? siblings : new List<InputFile> { new(file, kind) };
                seeds.Add(new FuzzSeed(file, file, texts[file], inputs));
            }
            else if (IsEnvFile(file))
            {
                var composeInputs = siblings.Where(i => i.Kind == InputKind.Compose).Take(MaxSiblings).ToList();
                if (composeInputs.Count > 0) seeds.Add(new FuzzSeed(file, Path.Combine(directory, ".env"), texts[file], composeInputs));
            }
        }
        return (fileSystem, seeds);
    }

    private static InputKind? KindOf(string path, byte[] bytes)
    {
        if (InputClassifier.Classify(path) is { } kind) return kind;
        var name = Path.GetFileName(path);
        if (name.StartsWith("Containerfile", StringComparison.Ordinal)) return InputKind.Dockerfile;
        if (name.EndsWith(".yml", StringComparison.Ordinal) || name.EndsWith(".yaml", StringComparison.Ordinal))
        {
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            if (text.StartsWith("services:", StringComparison.Ordinal) || text.Contains("\nservices:", StringComparison.Ordinal)) return InputKind.Compose;
            if (path.Replace('\\', '/').Contains("/traefik/", StringComparison.Ordinal)) return InputKind.TraefikConfig;
        }
        return null;
    }

    private static bool IsEnvFile(string path)
    {
        var name = Path.GetFileName(path);
        return name == ".env" || name.StartsWith(".env.", StringComparison.Ordinal) || name.EndsWith(".env", StringComparison.Ordinal);
    }
}

/// <summary>A file system that shows <see cref="Bytes"/> at <see cref="Path"/> over another one: the mutated file in the corpus.</summary>
internal sealed class OverlayFileSystem : IFileSystem
{
    private readonly IFileSystem inner;

    public OverlayFileSystem(IFileSystem inner, string path, byte[] bytes)
    {
        this.inner = inner;
        Path = path;
        Bytes = bytes;
    }

    public string Path { get; }
    public byte[] Bytes { get; }

    public bool FileExists(string path) => path == Path || inner.FileExists(path);
    public bool DirectoryExists(string path) => inner.DirectoryExists(path);
    public long GetFileLength(string path) => path == Path ? Bytes.LongLength : inner.GetFileLength(path);
    public byte[] ReadAllBytes(string path) => path == Path ? Bytes : inner.ReadAllBytes(path);

    public IEnumerable<string> EnumerateFiles(string directory)
    {
        var files = inner.EnumerateFiles(directory).ToList();
        if (System.IO.Path.GetDirectoryName(Path) == directory.TrimEnd('/') && !files.Contains(Path)) files.Add(Path);
        return files;
    }

    public IEnumerable<string> EnumerateDirectories(string directory) => inner.EnumerateDirectories(directory);
}
