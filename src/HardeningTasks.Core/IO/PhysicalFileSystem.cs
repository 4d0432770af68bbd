using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace HardeningTasks.Core.IO;

public sealed class PhysicalFileSystem : IFileSystem
{
    public static readonly PhysicalFileSystem Instance = new();

    public bool FileExists(string path) => File.Exists(path);
    public bool DirectoryExists(string path) => Directory.Exists(path);

    /// <summary>The length of what reading the file would give: symbolic links are followed (a link's own length
    /// would let a link to a huge file past the size limit), and a link that cannot be followed says so.</summary>
    public long GetFileLength(string path)
    {
        using var stream = Open(path);
        return stream.Length;
    }

    /// <summary>Reads the file, refusing one that yields more than its length (a device such as /dev/zero, or a file
    /// growing while it is read) instead of reading without end.</summary>
    public byte[] ReadAllBytes(string path)
    {
        using var stream = Open(path);
        var length = stream.Length;
        if (length > int.MaxValue) throw new IOException("The file is larger than 2 GB.");
        var bytes = new byte[length];
        var read = 0;
        while (read < bytes.Length)
        {
            var n = stream.Read(bytes, read, bytes.Length - read);
            if (n == 0) break;
            read += n;
        }
        if (stream.ReadByte() >= 0)
            throw new IOException("it yields more bytes than its length (a device, or a file being written while it is read).");
        if (read < bytes.Length) System.Array.Resize(ref bytes, read);
        return bytes;
    }

    public IEnumerable<string> EnumerateFiles(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory).ToList() : Enumerable.Empty<string>();

    public IEnumerable<string> EnumerateDirectories(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateDirectories(directory).ToList() : Enumerable.Empty<string>();

    private static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException) when (IsSymbolicLink(path))
        {
            throw new IOException("it is a symbolic link whose target does not exist.");
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException && IsSymbolicLink(path))
        {
            throw new IOException("it is a symbolic link that cannot be followed (" + ex.Message.TrimEnd('.') + ").", ex);
        }
    }

    private static bool IsSymbolicLink(string path)
    {
        try
        {
            return (File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0;
        }
        catch (System.Exception ex) when (ex is IOException or System.UnauthorizedAccessException)
        {
            return false;
        }
    }
}
