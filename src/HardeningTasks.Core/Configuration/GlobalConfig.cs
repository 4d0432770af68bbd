using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Configuration;

/// <summary>
/// Several global configs merged into one, as <c>AnalyzerConfigSet.MergeGlobalConfigs</c> does. For each key, the
/// file with the highest <c>global_level</c> wins; when two or more files share the highest level the key is unset
/// (and reported). Global configs have no globs: a section must name one file by its absolute path, and is merged
/// the same way; any other section is ignored (and reported).
/// </summary>
internal sealed class GlobalConfig
{
    public static readonly GlobalConfig Empty = new(new ConfigOptions(), new Dictionary<string, IReadOnlyList<ConfigEntry>>(StringComparer.Ordinal));

    private GlobalConfig(ConfigOptions settings, Dictionary<string, IReadOnlyList<ConfigEntry>> fileSections)
    {
        Settings = settings;
        FileSections = fileSections;
    }

    /// <summary>The merged preamble: global ID severities, and the options every file starts from.</summary>
    public ConfigOptions Settings { get; }

    /// <summary>Merged <c>[/absolute/path]</c> sections, by normalised path.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ConfigEntry>> FileSections { get; }

    public static GlobalConfig Merge(IReadOnlyList<EditorConfigFile> files, Action<ConfigurationProblem> report)
    {
        if (files.Count == 0) return Empty;

        // section name ("" for the preamble) → key → the contest for that key
        var sections = new Dictionary<string, Dictionary<string, Contest>>(StringComparer.Ordinal);
        Dictionary<string, Contest> SectionNamed(string name)
        {
            if (!sections.TryGetValue(name, out var keys)) sections[name] = keys = new Dictionary<string, Contest>(StringComparer.OrdinalIgnoreCase);
            return keys;
        }

        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var level = file.GlobalLevel;
            foreach (var property in file.Preamble.Properties)
            {
                if (property.Key == EditorConfigFile.GlobalKey || property.Key == EditorConfigFile.GlobalLevelKey) continue;
                Enter(SectionNamed(""), new ConfigEntry(file, property), level);
            }
            foreach (var section in file.Sections)
            {
                if (TryGetAbsolutePath(section.Name, out var path))
                {
                    foreach (var property in section.Properties) Enter(SectionNamed(path), new ConfigEntry(file, property), level);
                }
                else
                {
                    report(new ConfigurationProblem(
                        "The section [" + section.Name + "] of the global config " + Path.GetFileName(file.Path) +
                        " is ignored: a section of a global config must name one file by its absolute path.",
                        new SourceLocation(file.Path, SourceSpan.At(section.Line, 1))));
                }
            }
        }

        var settings = new ConfigOptions();
        var fileSections = new Dictionary<string, IReadOnlyList<ConfigEntry>>(StringComparer.Ordinal);
        foreach (var section in sections.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var winners = new List<ConfigEntry>();
            foreach (var contest in section.Value.Values)
            {
                if (contest.Entries.Count == 1) winners.Add(contest.Entries[0]);
                else report(Conflict(section.Key, contest));
            }
            if (section.Key.Length == 0)
                foreach (var entry in winners) settings.Apply(entry, report);
            else
                fileSections[section.Key] = winners;
        }
        return new GlobalConfig(settings, fileSections);
    }

    /// <summary>The entries at the highest level seen so far for one key; more than one means a tie.</summary>
    private sealed class Contest
    {
        public int Level;
        public readonly List<ConfigEntry> Entries = new();
    }

    private static void Enter(Dictionary<string, Contest> keys, ConfigEntry entry, int level)
    {
        if (!keys.TryGetValue(entry.Property.Key, out var contest))
        {
            contest = new Contest { Level = level };
            keys[entry.Property.Key] = contest;
        }
        else if (level > contest.Level)
        {
            contest.Level = level;
            contest.Entries.Clear();
        }
        else if (level < contest.Level)
        {
            return;
        }
        contest.Entries.Add(entry);
    }

    private static ConfigurationProblem Conflict(string section, Contest contest)
    {
        var first = contest.Entries[0];
        var where = section.Length == 0 ? "" : " in section [" + section + "]";
        var message = "The key '" + first.Property.KeyAsWritten + "'" + where + " is set by more than one global config at global_level " + contest.Level +
                      " (" + string.Join(", ", contest.Entries.Select(e => e.File.Path)) + "), so it is ignored, as Roslyn does; give one of them a higher global_level.";
        return new ConfigurationProblem(message, new SourceLocation(first.File.Path, SourceSpan.At(first.Property.Line, first.Property.Column)));
    }

    /// <summary>
    /// Roslyn's <c>IsAbsoluteEditorConfigPath</c> + unescaping: the name holds no glob characters (<c>* ? { } , [</c>;
    /// a <c>\</c> escapes the next character) and starts with <c>/</c> (on Windows also <c>X:/</c>).
    /// </summary>
    private static bool TryGetAbsolutePath(string sectionName, out string path)
    {
        path = "";
        var chars = new List<char>();
        for (var i = 0; i < sectionName.Length; i++)
        {
            var c = sectionName[i];
            if (c == '*' || c == '?' || c == '{' || c == '}' || c == ',' || c == '[') return false;
            if (c == '\\')
            {
                if (++i >= sectionName.Length) return false;
                c = sectionName[i];
            }
            chars.Add(c);
        }
        var unescaped = new string(chars.ToArray());
        var windowsDrive = Path.DirectorySeparatorChar == '\\' && unescaped.Length >= 3 && unescaped[1] == ':' && unescaped[2] == '/';
        if (!unescaped.StartsWith("/", StringComparison.Ordinal) && !windowsDrive) return false;
        path = unescaped;
        return true;
    }
}
