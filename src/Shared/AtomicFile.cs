using System;
using System.IO;
using System.Threading;

namespace HardeningTasks;

/// <summary>
/// Writes a file through a temporary file in the same folder, then renames it over the target. Parallel builds make
/// this matter: a reader (the report step, a CI upload of the SARIF log) sees the old file or the new one, never a
/// half-written one; and two writers of one path — two projects given the same HardeningSarifFile (a user error), or
/// one project built twice at once with different global properties — both finish, the last rename winning, instead
/// of one failing on a sharing violation. Compiled into both HardeningTasks.Core (the units cache, the baseline) and
/// HardeningTasks.dll (the findings cache, which the replay writes and reads without loading the engine).
/// </summary>
internal static class AtomicFile
{
    // Windows refuses to replace a file that a reader holds open without FILE_SHARE_DELETE; such a reader is done
    // within milliseconds, so a few short retries cover it. On Unix a rename never waits for readers.
    private const int ReplaceAttempts = 8;

    public static void Write(string path, Action<Stream> write)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        // same folder: a rename across file systems would be a copy, not atomic. Unique per writer, hidden, and named
        // after the target so a leftover (a killed build) is recognisable.
        var temp = Path.Combine(directory, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + ".tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                write(stream);
            Replace(temp, fullPath);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    private static void Replace(string source, string destination)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
#if NETFRAMEWORK
                // .NET Framework's File.Move cannot overwrite; File.Replace needs the target to exist. Between the two
                // another writer may create or replace it: the retry below sorts that out.
                if (File.Exists(destination)) File.Replace(source, destination, null, ignoreMetadataErrors: true);
                else File.Move(source, destination);
#else
                File.Move(source, destination, overwrite: true);
#endif
                return;
            }
            catch (Exception ex) when ((ex is IOException || ex is UnauthorizedAccessException) && attempt < ReplaceAttempts && !Directory.Exists(destination))
            {
                Thread.Sleep(10 * attempt);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path)) File.Delete(path);
        }
        catch (Exception)
        {
            // a leftover temporary file is harmless: the real file was written or the caller reports why not
        }
    }
}
