using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace HardeningTasks.Core.IO;

/// <summary>A file system held in a dictionary, for tests and for tools that analyse text they already have.</summary>
public sealed class InMemoryFileSystem : IFileSystem
{
    private readonly Dictionary<string, byte[]> files = new(StringComparer.Ordinal);

    public InMemoryFileSystem Add(string path, string text)
    {
        files[Normalize(path)] = Encoding.UTF8.GetBytes(text);
        return this;
    }

    public InMemoryFileSystem Add(string path, byte[] bytes)
    {
        files[Normalize(path)] = bytes;
        return this;
    }

    /// <summary>Deletes a file (no error when there is none).</summary>
    public InMemoryFileSystem Remove(string path)
    {
        files.Remove(Normalize(path));
        return this;
    }

    private static string Normalize(string path) => path.Replace('\\', '/');

    public bool FileExists(string path) => files.ContainsKey(Normalize(path));

    public bool DirectoryExists(string path)
    {
        var prefix = Normalize(path).TrimEnd('/') + "/";
        return files.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal));
    }

    public long GetFileLength(string path) => Get(path).LongLength;
    public byte[] ReadAllBytes(string path) => Get(path);

    public IEnumerable<string> EnumerateFiles(string directory)
    {
        var prefix = Normalize(directory).TrimEnd('/') + "/";
        return files.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.IndexOf('/', prefix.Length) < 0).OrderBy(k => k, StringComparer.Ordinal).ToList();
    }

    public IEnumerable<string> EnumerateDirectories(string directory)
    {
        var prefix = Normalize(directory).TrimEnd('/') + "/";
        return files.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.IndexOf('/', prefix.Length) > 0)
            .Select(k => k.Substring(0, k.IndexOf('/', prefix.Length)))
            .Distinct(StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal).ToList();
    }

    private byte[] Get(string path) =>
        files.TryGetValue(Normalize(path), out var bytes) ? bytes : throw new FileNotFoundException("Could not find file '" + path + "'.", path);
}
