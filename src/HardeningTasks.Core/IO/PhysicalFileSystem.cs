using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace HardeningTasks.Core.IO;

public sealed class PhysicalFileSystem : IFileSystem
{
    public static readonly PhysicalFileSystem Instance = new();

    public bool FileExists(string path) => File.Exists(path);
    public bool DirectoryExists(string path) => Directory.Exists(path);
    public long GetFileLength(string path) => new FileInfo(path).Length;
    public byte[] ReadAllBytes(string path) => File.ReadAllBytes(path);

    public IEnumerable<string> EnumerateFiles(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory).ToList() : Enumerable.Empty<string>();
}
