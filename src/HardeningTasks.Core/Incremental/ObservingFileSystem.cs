using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using HardeningTasks.Core.IO;

namespace HardeningTasks.Core.Incremental;

/// <summary>What an analysis asked the file system and what it was told; the unit's findings hold as long as every answer still does.</summary>
public enum ObservationKind
{
    /// <summary>FileExists: "1" or "0".</summary>
    FileExists,

    /// <summary>GetFileLength: the length, or "!" when it threw.</summary>
    FileLength,

    /// <summary>ReadAllBytes: a hash of the content, or "!" when it threw.</summary>
    FileContent,

    /// <summary>DirectoryExists: "1" or "0".</summary>
    DirectoryExists,

    /// <summary>EnumerateFiles: a hash of the sorted listing.</summary>
    DirectoryListing,

    /// <summary>EnumerateDirectories: a hash of the sorted listing.</summary>
    SubdirectoryListing,
}

public readonly record struct Observation(ObservationKind Kind, string Path, string Answer);

/// <summary>
/// Wraps the file system of one unit's analysis and records every question with its answer (files read, files probed
/// whether or not they exist, directories probed and listed). <see cref="StillHolds"/> asks the same questions again:
/// a unit is reused only when every answer is unchanged. Content is compared by hash, not by time stamp, so a file
/// touched without change does not cost a re-analysis and an in-memory file system works the same way.
/// </summary>
public sealed class ObservingFileSystem : IFileSystem
{
    private readonly IFileSystem inner;
    private readonly Dictionary<(ObservationKind, string), string> answers = new();
    private readonly object gate = new();

    public ObservingFileSystem(IFileSystem inner) => this.inner = inner;

    public IReadOnlyList<Observation> Observations
    {
        get
        {
            lock (gate)
                return answers.Select(a => new Observation(a.Key.Item1, a.Key.Item2, a.Value))
                    .OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => o.Kind).ToList();
        }
    }

    private void Record(ObservationKind kind, string path, string answer)
    {
        lock (gate) answers[(kind, path)] = answer;
    }

    public bool FileExists(string path)
    {
        var exists = inner.FileExists(path);
        Record(ObservationKind.FileExists, path, exists ? "1" : "0");
        return exists;
    }

    public bool DirectoryExists(string path)
    {
        var exists = inner.DirectoryExists(path);
        Record(ObservationKind.DirectoryExists, path, exists ? "1" : "0");
        return exists;
    }

    public long GetFileLength(string path)
    {
        try
        {
            var length = inner.GetFileLength(path);
            Record(ObservationKind.FileLength, path, length.ToString(CultureInfo.InvariantCulture));
            return length;
        }
        catch
        {
            Record(ObservationKind.FileLength, path, "!");
            throw;
        }
    }

    public byte[] ReadAllBytes(string path)
    {
        try
        {
            var bytes = inner.ReadAllBytes(path);
            Record(ObservationKind.FileContent, path, ContentHash.Of(bytes));
            return bytes;
        }
        catch
        {
            Record(ObservationKind.FileContent, path, "!");
            throw;
        }
    }

    public IEnumerable<string> EnumerateFiles(string directory)
    {
        var list = inner.EnumerateFiles(directory).ToList();
        Record(ObservationKind.DirectoryListing, directory, ListingHash(list));
        return list;
    }

    public IEnumerable<string> EnumerateDirectories(string directory)
    {
        var list = inner.EnumerateDirectories(directory).ToList();
        Record(ObservationKind.SubdirectoryListing, directory, ListingHash(list));
        return list;
    }

    /// <summary>True when asking <paramref name="fileSystem"/> the same question gives the same answer now.</summary>
    public static bool StillHolds(IFileSystem fileSystem, Observation observation)
    {
        try
        {
            return Answer(fileSystem, observation.Kind, observation.Path) == observation.Answer;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return observation.Answer == "!";
        }
    }

    private static string Answer(IFileSystem fileSystem, ObservationKind kind, string path) => kind switch
    {
        ObservationKind.FileExists => fileSystem.FileExists(path) ? "1" : "0",
        ObservationKind.DirectoryExists => fileSystem.DirectoryExists(path) ? "1" : "0",
        ObservationKind.FileLength => fileSystem.GetFileLength(path).ToString(CultureInfo.InvariantCulture),
        ObservationKind.FileContent => ContentHash.Of(fileSystem.ReadAllBytes(path)),
        ObservationKind.DirectoryListing => ListingHash(fileSystem.EnumerateFiles(path).ToList()),
        ObservationKind.SubdirectoryListing => ListingHash(fileSystem.EnumerateDirectories(path).ToList()),
        _ => "?",
    };

    private static string ListingHash(IEnumerable<string> files) =>
        ContentHash.Of(Encoding.UTF8.GetBytes(string.Join("\n", files.OrderBy(f => f, StringComparer.Ordinal))));
}

/// <summary>A content fingerprint: SHA-256 (hex), available on both target frameworks.</summary>
internal static class ContentHash
{
    public static string Of(byte[] bytes)
    {
        // one-shot where the runtime has it: creating a hash object per file cost more than hashing (an editor's check
        // confirms hundreds of files unchanged on every edit)
#if NET5_0_OR_GREATER
        var hash = System.Security.Cryptography.SHA256.HashData(bytes);
#else
        using var sha = System.Security.Cryptography.SHA256.Create();
        var hash = sha.ComputeHash(bytes);
#endif
        var text = new StringBuilder(hash.Length * 2);
        foreach (var b in hash) text.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        return text.ToString();
    }
}
