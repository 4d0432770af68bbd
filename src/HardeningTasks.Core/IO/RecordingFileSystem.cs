using System;
using System.Collections.Generic;

namespace HardeningTasks.Core.IO;

/// <summary>Wraps a file system and remembers every path the engine asked about, whether or not it
/// existed: a file that appears later (an override file, an .env) must make the next build re-check.</summary>
public sealed class RecordingFileSystem : IFileSystem
{
    private readonly IFileSystem inner;
    private readonly HashSet<string> files = new(StringComparer.Ordinal);
    private readonly object gate = new();

    public RecordingFileSystem(IFileSystem inner) => this.inner = inner;

    /// <summary>Every file path that was probed or read, sorted.</summary>
    public IReadOnlyList<string> Probed
    {
        get
        {
            lock (gate)
            {
                var list = new List<string>(files);
                list.Sort(StringComparer.Ordinal);
                return list;
            }
        }
    }

    private void Record(string path)
    {
        lock (gate) files.Add(path);
    }

    public bool FileExists(string path) { Record(path); return inner.FileExists(path); }
    public bool DirectoryExists(string path) => inner.DirectoryExists(path);
    public long GetFileLength(string path) { Record(path); return inner.GetFileLength(path); }
    public byte[] ReadAllBytes(string path) { Record(path); return inner.ReadAllBytes(path); }
    public IEnumerable<string> EnumerateFiles(string directory) => inner.EnumerateFiles(directory);
    public IEnumerable<string> EnumerateDirectories(string directory) => inner.EnumerateDirectories(directory);
}
