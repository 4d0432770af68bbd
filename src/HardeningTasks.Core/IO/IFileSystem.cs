using System.Collections.Generic;

namespace HardeningTasks.Core.IO;

/// <summary>
/// The engine's only window on the disk, so tests can run it on in-memory trees and the engine can
/// record every file it looked at (the inputs of the incremental build).
/// </summary>
public interface IFileSystem
{
    bool FileExists(string path);
    bool DirectoryExists(string path);

    /// <summary>The file's length in bytes. Throws <see cref="System.IO.IOException"/> (or
    /// <see cref="System.UnauthorizedAccessException"/>) when it cannot be read.</summary>
    long GetFileLength(string path);

    /// <summary>Throws <see cref="System.IO.IOException"/> (or <see cref="System.UnauthorizedAccessException"/>)
    /// when the file cannot be read.</summary>
    byte[] ReadAllBytes(string path);

    /// <summary>File names (full paths) directly inside a directory; empty when it does not exist.</summary>
    IEnumerable<string> EnumerateFiles(string directory);

    /// <summary>Directory names (full paths) directly inside a directory; empty when it does not exist.</summary>
    IEnumerable<string> EnumerateDirectories(string directory);
}
