using System;
using System.Collections.Generic;
using System.IO;

namespace HardeningTasks.Core.Configuration;

/// <summary>
/// Path handling the way Roslyn does it for analyzer configs: every path is compared in a normalised form with
/// forward slashes and with <c>.</c>/<c>..</c> segments expanded (<c>PathUtilities.NormalizeWithForwardSlash</c> and
/// <c>ExpandAbsolutePathWithRelativeParts</c>), case-sensitively. Paths handed back to callers use the OS separator.
/// </summary>
internal static class ConfigPath
{
    public static string Normalize(string path)
    {
        var slashed = path.Replace('\\', '/');
        var root = RootLength(slashed);
        var rest = slashed.Substring(root);
        if (!HasDotSegment(rest)) return slashed;

        var parts = new List<string>();
        foreach (var part in rest.Split('/'))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return slashed.Substring(0, root) + string.Join("/", parts);
    }

    /// <summary>The directory containing <paramref name="normalizedPath"/>, or null at the top. A root directory keeps
    /// its trailing slash (<c>/</c>, <c>C:/</c>), as <c>Path.GetDirectoryName</c> gives it to Roslyn.</summary>
    public static string? Parent(string normalizedPath)
    {
        var root = RootLength(normalizedPath);
        if (normalizedPath.Length <= root) return null;
        var slash = normalizedPath.LastIndexOf('/');
        return normalizedPath.Substring(0, slash < root ? root : slash);
    }

    public static string Combine(string directory, string name) =>
        directory.EndsWith("/", StringComparison.Ordinal) ? directory + name : directory + "/" + name;

    /// <summary>The path of <paramref name="normalizedPath"/> below <paramref name="directory"/>, starting with '/':
    /// what a section glob is matched against.</summary>
    public static string RelativeTo(string directory, string normalizedPath)
    {
        var length = directory.EndsWith("/", StringComparison.Ordinal) ? directory.Length - 1 : directory.Length;
        return normalizedPath.Substring(length);
    }

    public static string ToOs(string normalizedPath) =>
        Path.DirectorySeparatorChar == '/' ? normalizedPath : normalizedPath.Replace('/', Path.DirectorySeparatorChar);

    /// <summary>Length of the root: "/" for Unix paths, "C:/" for drive paths, "//server/share/" for UNC paths.</summary>
    private static int RootLength(string path)
    {
        if (path.Length >= 2 && path[1] == ':' && char.IsLetter(path[0]))
            return path.Length >= 3 && path[2] == '/' ? 3 : 2;
        if (path.StartsWith("//", StringComparison.Ordinal))
        {
            var server = path.IndexOf('/', 2);
            if (server < 0) return path.Length;
            var share = path.IndexOf('/', server + 1);
            return share < 0 ? path.Length : share + 1;
        }
        return path.StartsWith("/", StringComparison.Ordinal) ? 1 : 0;
    }

    private static bool HasDotSegment(string rest)
    {
        foreach (var part in rest.Split('/'))
            if (part == "." || part == "..") return true;
        return false;
    }
}
