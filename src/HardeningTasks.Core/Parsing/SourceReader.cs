using System;
using System.IO;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Parsing;

/// <summary>Reads a checked file as text, turning every way that can fail into a <see cref="LoadError"/>.</summary>
public static class SourceReader
{
    /// <summary>No compose file, Dockerfile or Traefik config is anywhere near this size; a file this big is a mistake or an attack.</summary>
    public const long DefaultMaxFileBytes = 10 * 1024 * 1024;

    /// <summary>A size limit as users write it (HardeningMaxFileSize, --max-file-size): bytes, or a number with B, KB or MB.</summary>
    public static bool TryParseSize(string text, out long bytes)
    {
        var t = text.Trim().ToUpperInvariant();
        long factor = 1;
        if (t.EndsWith("KB", StringComparison.Ordinal)) { factor = 1024; t = t.Substring(0, t.Length - 2); }
        else if (t.EndsWith("MB", StringComparison.Ordinal)) { factor = 1024 * 1024; t = t.Substring(0, t.Length - 2); }
        else if (t.EndsWith("B", StringComparison.Ordinal)) t = t.Substring(0, t.Length - 1);
        bytes = 0;
        if (!long.TryParse(t.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n <= 0 || n > long.MaxValue / factor) return false;
        bytes = n * factor;
        return true;
    }

    private static string Size(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024.0):0.#} MB" : bytes >= 1024 ? $"{bytes / 1024.0:0.#} KB" : $"{bytes} bytes";

    /// <summary>The file's text, or null with the reason. <paramref name="allowNul"/>: keep NUL bytes in the text for a
    /// parser that reports them per line (a <c>.env</c>) instead of refusing the file as binary. <paramref name="limitSetting"/>:
    /// the setting that raises <paramref name="maxBytes"/> in the caller's front end, named when a file is over it.</summary>
    public static string? TryRead(IFileSystem fileSystem, string path, long maxBytes, out LoadError? error, bool allowNul = false, string? limitSetting = null) =>
        TryRead(fileSystem, path, maxBytes, out error, out _, allowNul, limitSetting);

    /// <param name="tooLarge">True when the file was not read because it is over <paramref name="maxBytes"/>.</param>
    public static string? TryRead(IFileSystem fileSystem, string path, long maxBytes, out LoadError? error, out bool tooLarge, bool allowNul = false, string? limitSetting = null)
    {
        tooLarge = false;
        try
        {
            var length = fileSystem.GetFileLength(path);
            if (length > maxBytes)
            {
                tooLarge = true;
                error = new LoadError($"The file is {Size(length)}, over the {Size(maxBytes)} limit{(limitSetting == null ? "" : " (" + limitSetting + ")")}; it is not checked.", SourceSpan.FileStart);
                return null;
            }
            return SourceText.Decode(fileSystem.ReadAllBytes(path), out error, allowNul);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException or ArgumentException or NotSupportedException)
        {
            var reason = ex is FileNotFoundException or DirectoryNotFoundException ? "it does not exist (deleted or moved after the build listed it?)"
                : ex is ArgumentException or NotSupportedException ? "the path is not valid (" + ex.Message + ")"
                : ex.Message;
            error = new LoadError("The file could not be read: " + reason, SourceSpan.FileStart);
            return null;
        }
    }
}
