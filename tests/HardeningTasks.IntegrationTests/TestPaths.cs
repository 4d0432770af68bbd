namespace HardeningTasks.IntegrationTests;

public static class TestPaths
{
    /// <summary>The repository root: the first directory above the test assembly that holds HardeningTasks.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The shared corpus of real-world files, beside the repository (../shared/corpus).</summary>
    public static string CorpusRoot => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "corpus"));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "HardeningTasks.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("HardeningTasks.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A new empty directory under the system temp folder.</summary>
    public static string NewTempDirectory(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), prefix + "-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss") + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }
}
