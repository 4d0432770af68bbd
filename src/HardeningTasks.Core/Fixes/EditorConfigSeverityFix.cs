using System;
using System.IO;
using System.Linq;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Fixes;

/// <summary>
/// "Set HRDxxx to none in .editorconfig": <c>dotnet_diagnostic.HRDxxx.severity = none</c> at the end of the nearest
/// .editorconfig between the file and the workspace root (in a <c>[*]</c> section, added when the last section is
/// another: the last matching entry wins, so nothing earlier in the file overrides it), or in a new .editorconfig at the
/// root. It silences the rule for every file under that .editorconfig, which the fix lists as resolved.
/// </summary>
internal static class EditorConfigSeverityFix
{
    private const string FileName = ".editorconfig";

    public static CodeFix? Create(Finding finding, FixContext context)
    {
        var root = PathText.Full(context.ProjectDirectory);
        var path = Nearest(context.FileSystem, finding.Location.FilePath, root) ?? Path.Combine(root, FileName);
        var entry = $"dotnet_diagnostic.{finding.RuleId}.severity = none";
        var directory = Path.GetDirectoryName(path) ?? root;
        var resolves = context.Findings.Where(f => f.RuleId == finding.RuleId && IsUnder(f.Location.FilePath, directory)).ToList();
        if (!resolves.Contains(finding)) resolves.Add(finding);
        var title = $"Set {finding.RuleId} to none in .editorconfig";

        var document = context.FileSystem.FileExists(path) ? context.Document(path) : null;
        if (document == null)
        {
            if (context.FileSystem.FileExists(path)) return null; // there, but not text we can edit
            return new CodeFix(title, FixKind.ConfigureSeverity, finding.RuleId, resolves,
                new[] { new FileChange(path, new[] { TextEdit.Insert(1, 1, "[*]\n" + entry + "\n") }, Creates: true) });
        }
        var lastSection = Enumerable.Range(1, document.LineCount).Select(document.Line).Select(l => l.Trim())
            .LastOrDefault(l => l.StartsWith("[", StringComparison.Ordinal) && l.EndsWith("]", StringComparison.Ordinal));
        var last = document.LineCount;
        while (last > 1 && document.Line(last).Trim().Length == 0) last--;
        var lines = lastSection == "[*]" ? new[] { entry } : new[] { "", "[*]", entry };
        var edit = document.Line(last).Trim().Length == 0 && last == 1
            ? TextEdit.Insert(1, 1, string.Join(document.Newline, lines.SkipWhile(l => l.Length == 0)) + document.Newline)
            : TextEdits.InsertLinesAfter(document, last, lines);
        return new CodeFix(title, FixKind.ConfigureSeverity, finding.RuleId, resolves, new[] { new FileChange(path, new[] { edit }) });
    }

    /// <summary>The closest .editorconfig from the file's directory up to <paramref name="root"/>, when the file is under it.</summary>
    private static string? Nearest(IFileSystem fileSystem, string file, string root)
    {
        if (!IsUnder(file, root)) return null;
        for (var directory = Path.GetDirectoryName(PathText.Full(file)); directory != null; directory = Path.GetDirectoryName(directory))
        {
            var candidate = Path.Combine(directory, FileName);
            if (fileSystem.FileExists(candidate)) return candidate;
            if (PathText.Comparer.Equals(directory.TrimEnd(Path.DirectorySeparatorChar), root.TrimEnd(Path.DirectorySeparatorChar))) break;
        }
        return null;
    }

    private static bool IsUnder(string file, string directory)
    {
        var prefix = PathText.Full(directory).TrimEnd(Path.DirectorySeparatorChar, '/') + Path.DirectorySeparatorChar;
        return PathText.Full(file).StartsWith(prefix, PathText.Comparison);
    }
}
