using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Parsing;

namespace HardeningTasks.Core.Configuration;

/// <summary>
/// The effective severity of a rule for a file, from the .editorconfig and .globalconfig files around it, with
/// Roslyn's semantics (see <c>shared/notes/msbuild-packaging.md</c> §4):
/// <list type="number">
/// <item><c>dotnet_diagnostic.&lt;ID&gt;.severity</c> from the .editorconfig sections that match the file: files are
/// found upward from the file's directory up to the first one with <c>root = true</c>; a closer file beats a farther
/// one and a later section beats an earlier one;</item>
/// <item>the same key from the global configs (<c>.globalconfig</c> in every directory above the file, merged by
/// <c>global_level</c>): an editorconfig entry beats a global one;</item>
/// <item>for rules enabled by default only: <c>dotnet_analyzer_diagnostic.category-&lt;Category&gt;.severity</c>, then
/// <c>dotnet_analyzer_diagnostic.severity</c> (editorconfig values over global ones) — except for HRD000, which that
/// key does not reach (see <see cref="RuleDescriptor.IgnoresAllRulesKey"/>);</item>
/// <item>the rule's default. The word <c>default</c> anywhere means the rule's default, and stops the search.</item>
/// </list>
/// Parsed files, directory lookups and per-file results are cached, so one instance should serve a whole build.
/// Thread-safe: every method may be called concurrently; each config file is read and each file resolved once.
/// </summary>
public sealed class SeverityConfiguration
{
    private const string EditorConfigName = ".editorconfig";

    private readonly IFileSystem fileSystem;
    private readonly ConcurrentDictionary<string, Lazy<LoadedFile>> files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<DirectoryConfig>> directories = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<GlobalConfig>> globalConfigs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<FileOptions>> fileOptions = new(StringComparer.Ordinal);
    private readonly HashSet<ConfigurationProblem> problems = new();
    private readonly object problemsGate = new();
    private readonly RuleNames? names;

    /// <param name="names">The rules there are: a key naming an <c>HRD</c> ID or a <c>Hardening.</c> category that is none of
    /// them is a problem at its line (it silently does nothing). Null: keys are not checked.</param>
    public SeverityConfiguration(IFileSystem fileSystem, RuleNames? names = null)
    {
        this.fileSystem = fileSystem ?? throw new ArgumentNullException(nameof(fileSystem));
        this.names = names;
    }

    /// <summary>The effective severity of <paramref name="rule"/> for the file at the absolute path
    /// <paramref name="filePath"/> (forward or OS slashes).</summary>
    public Severity Resolve(RuleDescriptor rule, string filePath) => Resolve(rule, filePath, rule?.DefaultSeverity ?? Severity.None);

    /// <summary>
    /// As <see cref="Resolve(RuleDescriptor, string)"/>, starting from <paramref name="startingSeverity"/> instead of the
    /// rule's default: the severity a preset (<see cref="AnalysisMode"/>) gives it. The word <c>default</c> means that
    /// starting severity, and the bulk keys reach only rules it enables.
    /// </summary>
    public Severity Resolve(RuleDescriptor rule, string filePath, Severity startingSeverity)
    {
        if (rule is null) throw new ArgumentNullException(nameof(rule));
        var options = OptionsFor(filePath);

        if (options.File.Severities.TryGetValue(rule.Id, out var severity)) return severity ?? startingSeverity;
        if (options.Global.Severities.TryGetValue(rule.Id, out severity)) return severity ?? startingSeverity;

        // Bulk keys never turn on a rule that is off by default (Roslyn: !descriptor.IsEnabledByDefault); an
        // invalid word in one of them is skipped, so the next key gets its turn.
        var enabledByDefault = startingSeverity is not (Severity.Silent or Severity.None);
        if (enabledByDefault && (TryBulk(options.File, SeverityKeys.ForCategory(rule.Category), out severity) || (!rule.IgnoresAllRulesKey && TryBulk(options.File, SeverityKeys.AllRules, out severity))))
            return severity ?? startingSeverity;
        return startingSeverity;
    }

    /// <summary>The .editorconfig and .globalconfig files consulted for <paramref name="filePath"/>, full paths, sorted
    /// ordinally: the inputs of the incremental build.</summary>
    public IReadOnlyList<string> ConfigFilesFor(string filePath) => DirectoryOf(Normalize(filePath)).ConfigFiles;

    /// <summary>The problems found in the config files consulted so far, each once, sorted by file and position.</summary>
    public IReadOnlyList<ConfigurationProblem> Problems
    {
        get
        {
            lock (problemsGate)
            {
                return problems
                    .OrderBy(p => p.Location.FilePath, StringComparer.Ordinal)
                    .ThenBy(p => p.Location.Line)
                    .ThenBy(p => p.Location.Column)
                    .ThenBy(p => p.Message, StringComparer.Ordinal)
                    .ToList();
            }
        }
    }

    /// <summary>A raw option value in force for a file (editorconfig over global), as Roslyn's
    /// <c>AnalyzerConfigOptionsResult.AnalyzerOptions</c> has it. For tests against Roslyn.</summary>
    internal bool TryGetOption(string filePath, string key, out string value) => OptionsFor(filePath).File.Values.TryGetValue(key, out value!);

    /// <summary>Everything resolved for a file, in Roslyn's terms: the ID severities of its sections ("tree options",
    /// null = <c>default</c>), the global configs' ID severities, and the raw options. For tests against Roslyn.</summary>
    internal (IReadOnlyDictionary<string, Severity?> Tree, IReadOnlyDictionary<string, Severity?> Global, IReadOnlyDictionary<string, string> Options) Snapshot(string filePath)
    {
        var options = OptionsFor(filePath);
        return (options.File.Severities, options.Global.Severities, options.File.Values);
    }

    /// <summary>A bulk key with a valid word (an invalid one counts as absent, as in Roslyn).</summary>
    private static bool TryBulk(ConfigOptions options, string key, out Severity? severity)
    {
        severity = null;
        return options.Values.TryGetValue(key, out var word) && SeverityWords.TryParse(word, out severity);
    }

    private void Report(ConfigurationProblem problem)
    {
        lock (problemsGate) problems.Add(problem);
    }

    private static string Normalize(string filePath)
    {
        if (filePath is null) throw new ArgumentNullException(nameof(filePath));
        if (!Path.IsPathRooted(filePath)) throw new ArgumentException("The path must be absolute: '" + filePath + "'.", nameof(filePath));
        return ConfigPath.Normalize(filePath);
    }

    private FileOptions OptionsFor(string filePath)
    {
        var path = Normalize(filePath);
        return fileOptions.GetOrAdd(path, p => new Lazy<FileOptions>(() => ComputeOptions(p))).Value;
    }

    private DirectoryConfig DirectoryOf(string normalizedFilePath)
    {
        var directory = ConfigPath.Parent(normalizedFilePath) ?? normalizedFilePath;
        return directories.GetOrAdd(directory, d => new Lazy<DirectoryConfig>(() => Discover(d))).Value;
    }

    /// <summary>Roslyn's <c>GetOptionsForSourcePath</c> over the discovered files: global options first, then the
    /// global section naming this very file, then every matching .editorconfig section from the root file inwards.</summary>
    private FileOptions ComputeOptions(string path)
    {
        var directory = DirectoryOf(path);
        var options = new ConfigOptions();
        foreach (var pair in directory.Global.Settings.Values) options.Values[pair.Key] = pair.Value;

        if (directory.Global.FileSections.TryGetValue(path, out var entries))
            foreach (var entry in entries) options.Apply(entry, Report);

        foreach (var config in directory.EditorConfigs)
        {
            var relativePath = ConfigPath.RelativeTo(config.Directory, path);
            foreach (var section in config.File.Sections)
            {
                if (!section.Matcher.IsMatch(relativePath)) continue;
                foreach (var property in section.Properties) options.Apply(new ConfigEntry(config.File, property), Report);
            }
        }
        return new FileOptions(options, directory.Global.Settings);
    }

    /// <summary>
    /// The configs for files in <paramref name="directory"/>: .editorconfig files upward until one is a root, and
    /// .globalconfig files in every directory up to the top, as the SDK's <c>DiscoverEditorConfigFiles</c> target finds
    /// them. An .editorconfig with an <c>is_global</c> key is a global config for Roslyn, so it is merged with those.
    /// </summary>
    private DirectoryConfig Discover(string directory)
    {
        var editorConfigs = new List<LocatedConfig>();
        var globals = new List<EditorConfigFile>();
        var consulted = new List<string>();
        var rootSeen = false;

        for (string? dir = directory; dir is not null; dir = ConfigPath.Parent(dir))
        {
            if (!rootSeen)
            {
                var editorConfig = Load(ConfigPath.Combine(dir, EditorConfigName));
                if (editorConfig.Exists) consulted.Add(editorConfig.OsPath);
                if (editorConfig.File is { IsGlobal: true } global)
                {
                    globals.Add(global);
                }
                else if (editorConfig.File is { } file)
                {
                    editorConfigs.Add(new LocatedConfig(file, dir));
                    rootSeen = file.IsRoot;
                }
            }

            var globalConfig = Load(ConfigPath.Combine(dir, EditorConfigFile.GlobalConfigFileName));
            if (globalConfig.Exists) consulted.Add(globalConfig.OsPath);
            if (globalConfig.File is { } globalFile) globals.Add(globalFile);
        }

        editorConfigs.Reverse(); // outermost first: later entries override earlier ones
        consulted.Sort(StringComparer.Ordinal);
        return new DirectoryConfig(editorConfigs, MergeGlobals(globals), consulted);
    }

    /// <summary>Directories that see the same global configs share one merge.</summary>
    private GlobalConfig MergeGlobals(List<EditorConfigFile> globals)
    {
        var key = string.Join("\n", globals.Select(g => g.Path).OrderBy(p => p, StringComparer.Ordinal));
        return globalConfigs.GetOrAdd(key, _ => new Lazy<GlobalConfig>(() => GlobalConfig.Merge(globals, Report))).Value;
    }

    private LoadedFile Load(string normalizedPath) =>
        files.GetOrAdd(normalizedPath, p => new Lazy<LoadedFile>(() => Read(p))).Value;

    private LoadedFile Read(string normalizedPath)
    {
        var osPath = ConfigPath.ToOs(normalizedPath);
        if (!fileSystem.FileExists(osPath)) return new LoadedFile(osPath, Exists: false, File: null);
        try
        {
            var text = SourceText.Decode(fileSystem.ReadAllBytes(osPath), out var error);
            if (text is null)
            {
                Report(new ConfigurationProblem("The configuration file is ignored: " + error!.Message, new SourceLocation(osPath, error.Span)));
                return new LoadedFile(osPath, Exists: true, File: null);
            }
            var parsed = EditorConfigFile.Parse(text, osPath);
            if (names != null) CheckRuleNames(parsed);
            return new LoadedFile(osPath, Exists: true, parsed);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Report(new ConfigurationProblem("The configuration file could not be read and is ignored: " + ex.Message, SourceLocation.FileStart(osPath)));
            return new LoadedFile(osPath, Exists: true, File: null);
        }
    }

    /// <summary>Every severity key of the file, in every section, whose rule ID or category is misspelled.</summary>
    private void CheckRuleNames(EditorConfigFile file)
    {
        foreach (var section in new[] { file.Preamble }.Concat(file.Sections))
            foreach (var property in section.Properties)
            {
                string what, name;
                if (SeverityKeys.TryGetDiagnosticId(property, out var id) && names!.IsUnknownId(id)) (what, name) = ("rule ID", id);
                else if (SeverityKeys.TryGetCategory(property, out var category) && names!.IsUnknownCategory(category)) (what, name) = ("category", category);
                else continue;
                // at the name inside the key: dotnet_diagnostic.<HRD0O1>.severity
                var column = property.KeyColumn + property.KeyAsWritten.IndexOf(name, StringComparison.Ordinal);
                Report(new ConfigurationProblem(
                    $"The {what} '{name}' in {Path.GetFileName(file.Path)} is not one of HardeningTasks{names!.DidYouMean(name)}, so this setting has no effect; every rule and category is listed at {RuleNames.IndexLink}.",
                    new SourceLocation(file.Path, new SourceSpan(property.Line, column, property.Line, column + name.Length))));
            }
    }

    private sealed record LoadedFile(string OsPath, bool Exists, EditorConfigFile? File);

    private sealed record LocatedConfig(EditorConfigFile File, string Directory);

    private sealed record DirectoryConfig(IReadOnlyList<LocatedConfig> EditorConfigs, GlobalConfig Global, IReadOnlyList<string> ConfigFiles);

    /// <summary><see cref="File"/>: the ID severities and options from the file's sections (on top of the global
    /// options); <see cref="Global"/>: the global configs' own ID severities, consulted after the file's.</summary>
    private sealed record FileOptions(ConfigOptions File, ConfigOptions Global);
}
