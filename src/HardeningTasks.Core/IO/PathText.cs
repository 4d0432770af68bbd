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

    /// <summary>The full path of an absolute (or current-directory relative) path.</summary>
    public static string Full(string path) => Resolve(Directory.GetCurrentDirectory(), path);

    private static string Sanitize(string path)
    {
        var invalid = Path.GetInvalidPathChars();
        var result = new StringBuilder(path.Length);
        foreach (var c in path)
            result.Append(c < ' ' || Array.IndexOf(invalid, c) >= 0 || c is ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c);
        return result.ToString().TrimStart('/', '\\');
    }
}
