using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using HardeningTasks.Core.IO;

namespace HardeningTasks.Cli.Lsp;

/// <summary>
/// The disk's answers, kept between checks: file contents, lengths, whether files and directories exist, directory
/// listings. Every edit checks the workspace again, and the incremental engine asks the disk again every question each
/// unit asked (hundreds of files read and hashed, over a thousand existence probes on the corpus) to learn that almost
/// nothing changed; with this cache those answers cost a dictionary look-up. It is only right while someone says when the
/// disk changes: the client's <c>workspace/didChangeWatchedFiles</c> events and the server's own knowledge of saves and
/// closes call <see cref="Invalidate"/>. The open documents' unsaved text is laid over it (<see cref="OverlayFileSystem"/>).
/// Thread-safe: a check reads it from several threads; invalidation happens between checks or during one (the next check
/// then asks again).
/// </summary>
internal sealed class DiskCache : IFileSystem
{
    private readonly IFileSystem disk;
    private readonly Func<string, bool> watched;
    private int generation;
    private readonly ConcurrentDictionary<string, bool> fileExists = new(PathText.Comparer);
    private readonly ConcurrentDictionary<string, bool> directoryExists = new(PathText.Comparer);
    private readonly ConcurrentDictionary<string, long> lengths = new(PathText.Comparer);
    private readonly ConcurrentDictionary<string, byte[]> contents = new(PathText.Comparer);
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> files = new(PathText.Comparer);
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> directories = new(PathText.Comparer);

    /// <param name="watched">The files whose changes the client reports: only their answers are kept.</param>
    public DiskCache(IFileSystem disk, Func<string, bool> watched)
    {
        this.disk = disk;
        this.watched = watched;
    }

    /// <summary>How many answers are held (for <c>hardening/status</c>).</summary>
    public int Count => fileExists.Count + directoryExists.Count + lengths.Count + contents.Count + files.Count + directories.Count;

    // Keyed by the path as asked (the disk answers in the caller's spelling); Invalidate compares full paths.
    public bool FileExists(string path) => watched(path) ? Answer(fileExists, path, disk.FileExists) : disk.FileExists(path);

    public bool DirectoryExists(string path) => Answer(directoryExists, path, disk.DirectoryExists);

    public long GetFileLength(string path) => watched(path) ? Answer(lengths, path, disk.GetFileLength) : disk.GetFileLength(path);

    public byte[] ReadAllBytes(string path) => watched(path) ? Answer(contents, path, disk.ReadAllBytes) : disk.ReadAllBytes(path);

    public IEnumerable<string> EnumerateFiles(string directory) => Answer(files, directory, d => disk.EnumerateFiles(d).ToList());

    public IEnumerable<string> EnumerateDirectories(string directory) => Answer(directories, directory, d => disk.EnumerateDirectories(d).ToList());

    /// <summary>
    /// The kept answer, or the disk's, kept. A check reads while the client reports changes: an answer the disk gave
    /// before a change and stored after its invalidation would be kept for good, so an answer stored while an
    /// invalidation ran is dropped again (the next question asks the disk). A failure (a file that cannot be read) is
    /// never kept: it is the caller's to report, and may be passing.
    /// </summary>
    private T Answer<T>(ConcurrentDictionary<string, T> answers, string path, Func<string, T> ask)
    {
        if (answers.TryGetValue(path, out var known)) return known;
        var before = Volatile.Read(ref generation);
        var answer = ask(path);
        answers.TryAdd(path, answer);
        if (Volatile.Read(ref generation) != before) answers.TryRemove(path, out _);
        return answer;
    }

    /// <summary>Forgets every answer about <paramref name="paths"/>, about anything under them (a directory created or
    /// deleted) and the listings and existence of every directory above them. One pass, however many paths (a checkout
    /// reports hundreds at once).</summary>
    public void Invalidate(IEnumerable<string> paths)
    {
        var changed = new HashSet<string>(paths.Select(Key), PathText.Comparer);
        if (changed.Count == 0) return;
        Interlocked.Increment(ref generation); // before forgetting: see Answer
        var ancestors = new HashSet<string>(PathText.Comparer);
        foreach (var path in changed)
            for (var parent = Path.GetDirectoryName(path); !string.IsNullOrEmpty(parent) && ancestors.Add(parent!); parent = Path.GetDirectoryName(parent)) { }
        bool Affected(string key)
        {
            for (var path = Key(key); !string.IsNullOrEmpty(path); path = Path.GetDirectoryName(path))
                if (changed.Contains(path)) return true;
            return false;
        }
        bool AffectedOrAbove(string key) => ancestors.Contains(Key(key)) || Affected(key);
        Forget(fileExists, Affected);
        Forget(lengths, Affected);
        Forget(contents, Affected);
        Forget(directoryExists, AffectedOrAbove);
        Forget(files, AffectedOrAbove);
        Forget(directories, AffectedOrAbove);
    }

    public void Invalidate(string path) => Invalidate(new[] { path });

    private static void Forget<T>(ConcurrentDictionary<string, T> answers, Func<string, bool> affected)
    {
        foreach (var key in answers.Keys)
            if (affected(key)) answers.TryRemove(key, out _);
    }

    private static string Key(string path) => PathText.Full(path).TrimEnd('/', '\\') is { Length: > 0 } trimmed ? trimmed : PathText.Full(path);
}
