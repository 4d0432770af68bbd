using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace HardeningTasks.Core.IO;

/// <summary>
/// Files held in memory laid over another file system: an editor's unsaved buffers over the disk, or the result of
/// fixes before they are written. A path in the overlay is read from it (a path marked deleted does not exist); every
/// other path goes to the file system below. Immutable once built, so an analysis can read it from many threads while
/// the next edit builds the next overlay.
/// </summary>
public sealed class OverlayFileSystem : IFileSystem
{
    private readonly IFileSystem below;
    private readonly Dictionary<string, byte[]?> files;

    public OverlayFileSystem(IFileSystem below, IEnumerable<KeyValuePair<string, string>> texts)
        : this(below, texts.Select(t => new KeyValuePair<string, byte[]?>(t.Key, Encoding.UTF8.GetBytes(t.Value))))
    {
    }

    /// <param name="files">Full paths and their content; a null content marks the path deleted.</param>
    public OverlayFileSystem(IFileSystem below, IEnumerable<KeyValuePair<string, byte[]?>> files)
    {
        this.below = below ?? throw new ArgumentNullException(nameof(below));
        this.files = new Dictionary<string, byte[]?>(PathText.Comparer);
        foreach (var file in files) this.files[Key(file.Key)] = file.Value;
    }

    /// <summary>The paths the overlay holds (deleted ones included).</summary>
    public IReadOnlyCollection<string> Paths => files.Keys;

    private static string Key(string path) => PathText.Full(path);

    private bool TryGet(string path, out byte[]? bytes) => files.TryGetValue(Key(path), out bytes);

    public bool FileExists(string path) => TryGet(path, out var bytes) ? bytes != null : below.FileExists(path);

    public bool DirectoryExists(string path)
    {
        if (below.DirectoryExists(path)) return true;
        var prefix = Key(path).TrimEnd('/', '\\') + Path.DirectorySeparatorChar;
        return files.Any(f => f.Value != null && f.Key.StartsWith(prefix, PathText.Comparison));
    }

    public long GetFileLength(string path)
    {
        if (!TryGet(path, out var bytes)) return below.GetFileLength(path);
        return bytes?.LongLength ?? throw new FileNotFoundException("Could not find file '" + path + "'.", path);
    }

    public byte[] ReadAllBytes(string path)
    {
        if (!TryGet(path, out var bytes)) return below.ReadAllBytes(path);
        return bytes ?? throw new FileNotFoundException("Could not find file '" + path + "'.", path);
    }

    public IEnumerable<string> EnumerateFiles(string directory)
    {
        var full = Key(directory).TrimEnd('/', '\\');
        var listed = new SortedSet<string>(below.EnumerateFiles(directory), PathText.Comparer);
        foreach (var file in files)
        {
            if (!string.Equals(Path.GetDirectoryName(file.Key), full, PathText.Comparison)) continue;
            if (file.Value == null) listed.Remove(file.Key);
            else listed.Add(file.Key);
        }
        return listed.ToList();
    }
}
