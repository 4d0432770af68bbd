using System;
using System.IO;
using System.Text;

namespace HardeningTasks.Core.IO;

/// <summary>
/// Paths written in the checked files (a build context, an <c>extends</c> file, an <c>include</c>, a bind mount) resolved
/// without ever throwing: text like <c>"\0"</c>, <c>a|b</c> or <c>x:y:z</c> is a valid YAML string but not a valid
/// path (.NET throws on it, .NET Framework on more characters than .NET). Such a path resolves to one with the offending
/// characters replaced by '_', which names no existing file, so the loaders and rules report it as missing instead of
/// failing.
/// </summary>
public static class PathText
{
    /// <summary>How file paths compare here: ignoring case on Windows, exactly elsewhere.</summary>
    public static readonly StringComparison Comparison =
        Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <inheritdoc cref="Comparison"/>
    public static readonly StringComparer Comparer =
        Path.DirectorySeparatorChar == '\\' ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>The full path of <paramref name="path"/>, relative to <paramref name="directory"/> unless rooted.</summary>
    public static string Resolve(string directory, string path)
    {
        try
        {
            return Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(directory, path));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            try
            {
                return Path.GetFullPath(Path.Combine(directory, Sanitize(path)));
            }
            catch (Exception again) when (again is ArgumentException or NotSupportedException or PathTooLongException)
            {
                return Path.Combine(directory, "(invalid path)");
            }
        }
    }

    /// <summary>
    /// <paramref name="path"/> relative to <paramref name="directory"/> with forward slashes (<c>deploy/compose.yml</c>,
    /// <c>../other/compose.yml</c>), as a file committed beside the repository must write it; the full path with forward
    /// slashes when there is no relative form (another drive). Case-insensitive on Windows. Path.GetRelativePath is not on net472.
    /// </summary>
    public static string Relative(string directory, string path)
    {
        var from = Resolve(Directory.GetCurrentDirectory(), directory).TrimEnd('/', '\\').Split('/', '\\');
        var to = Resolve(Directory.GetCurrentDirectory(), path).Split('/', '\\');
        var common = 0;
        while (common < from.Length && common < to.Length && string.Equals(from[common], to[common], Comparison)) common++;
        if (common == 0) // another drive
            return string.Join("/", to);
        var parts = new System.Collections.Generic.List<string>();
        for (var i = common; i < from.Length; i++) parts.Add("..");
        for (var i = common; i < to.Length; i++) parts.Add(to[i]);
        return parts.Count == 0 ? "." : string.Join("/", parts);
    }

    /// <summary>A path as messages show it: relative to <paramref name="projectDirectory"/> with forward slashes (<c>.</c> for
    /// the directory itself) when it lies inside it, else the full path. The same on every machine for a file of the repository,
    /// so findings that carry it keep their fingerprint.</summary>
    public static string InProject(string projectDirectory, string path)
    {
        var full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        if (projectDirectory.Length == 0) return full;
        var root = Path.GetFullPath(projectDirectory).TrimEnd(Path.DirectorySeparatorChar);
        if (full == root) return ".";
        return full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full.Substring(root.Length + 1).Replace('\\', '/')
            : full;
    }

    /// <summary>The full path of an absolute (or current-directory relative) path.</summary>
    public static string Full(string path)
    {
        // A rooted path (almost every one here) needs no current directory: asking for it is a system call, and an
        // editor's check resolves tens of thousands of paths.
        if (Path.IsPathRooted(path))
        {
            try
            {
                return Path.GetFullPath(path);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
            {
            }
        }
        return Resolve(Directory.GetCurrentDirectory(), path);
    }

    private static string Sanitize(string path)
    {
        var invalid = Path.GetInvalidPathChars();
        var result = new StringBuilder(path.Length);
        foreach (var c in path)
            result.Append(c < ' ' || Array.IndexOf(invalid, c) >= 0 || c is ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c);
        return result.ToString().TrimStart('/', '\\');
    }
}
