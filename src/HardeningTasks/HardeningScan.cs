using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using HardeningTasks.Core;
using HardeningTasks.Core.Checking;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Reporting;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HardeningTasks;

/// <summary>
/// The build's front end of <see cref="CheckService"/>: turns items and properties into a <see cref="CheckRequest"/>,
/// then writes what the service decided — the findings cache (<see cref="HardeningReport"/> logs it on every build, so
/// a no-op build shows the same findings), the SARIF log, and the files the check read or probed (the targets decide
/// from them when the next scan is needed). Never throws: anything unexpected is one HRD000 error naming the problem.
/// </summary>
public sealed class HardeningScan : Task
{
    // Items: the checked files; explicit compose projects (metadata Overlays: a ;-list merged onto Include in order);
    // rule options (ItemSpec = the property, e.g. HardeningTrustedRegistries; metadata Value).
    public ITaskItem[] ComposeFiles { get; set; } = Array.Empty<ITaskItem>();
    public ITaskItem[] Dockerfiles { get; set; } = Array.Empty<ITaskItem>();
    public ITaskItem[] TraefikConfigs { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Other YAML files (HardeningYamlFile): compose, Traefik or skipped, by what they hold.</summary>
    public ITaskItem[] YamlFiles { get; set; } = Array.Empty<ITaskItem>();

    public ITaskItem[] ComposeProjects { get; set; } = Array.Empty<ITaskItem>();
    public ITaskItem[] Options { get; set; } = Array.Empty<ITaskItem>();

    // Properties as written (PropertyText reads them); the warning knobs are MSBuild lists of rule IDs (WarningOptions).
    public string? Variables { get; set; }
    public string? MaxFileSize { get; set; }
    public string? AnalysisMode { get; set; }
    public string? NoWarn { get; set; }
    public string? WarningsAsErrors { get; set; }
    public string? WarningsNotAsErrors { get; set; }
    public bool TreatWarningsAsErrors { get; set; }
    public string? SarifFile { get; set; }
    public string? SarifRootDirectory { get; set; }
    public string? BaselineFile { get; set; }
    public bool UpdateBaseline { get; set; }

    /// <summary>The incremental scan's units cache; empty: the whole request is analysed every time.</summary>
    public string? UnitsFile { get; set; }

    [Required] public string ProjectDirectory { get; set; } = "";
    [Required] public string FindingsFile { get; set; } = "";
    [Required] public string InputsFile { get; set; } = "";
    [Required] public string AbsentInputsFile { get; set; } = "";
    [Output] public int FindingCount { get; private set; }

    public override bool Execute()
    {
        try
        {
            Run();
        }
        catch (Exception ex)
        {
            // The engine's dlls not loading, a cache folder that cannot be written, a bug: one clear error, never MSB4018.
            try { File.Delete(FindingsFile); } catch (Exception) { /* the error below is what matters */ }
            Log.LogError(null, "HRD000", null, TaskMessages.HelpLink("HRD000"), null, 0, 0, 0, 0, TaskMessages.Crash("check the files", ex));
            Log.LogMessage(MessageImportance.Low, ex.ToString());
        }
        return !Log.HasLoggedErrors;
    }

    // Kept out of Execute so that a missing HardeningTasks.Core/YamlDotNet fails inside its try (the JIT resolves a
    // method's types when it compiles that method).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Run()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = CheckService.Run(BuildRequest());

        // the run summary travels with the findings, so a no-op build replays it too
        var summary = new[] { FindingsCache.SummaryLine(FindingsCache.Summary, result.Summary.Describe()) }
            .Concat(result.Summary.DescribeSkipped(Path.GetFullPath(ProjectDirectory)).Select(line => FindingsCache.SummaryLine(FindingsCache.Detail, line)));
        FindingsCache.Write(FindingsFile, result.Reported.Select(f =>
            new CachedFinding(f.Severity.ToWord(), f.RuleId, f.Location.FilePath, f.Location.Line, f.Location.Column, f.Rule.HelpLink, f.Message)).Concat(summary));
        FindingCount = result.Reported.Count;
        if (!string.IsNullOrWhiteSpace(SarifFile)) WriteSarif(result);
        FindingsCache.WriteAllText(InputsFile, string.Concat(result.InputsRead.Select(p => p + "\n")));
        FindingsCache.WriteAllText(AbsentInputsFile, string.Concat(result.InputsAbsent.Select(p => p + "\n")));

        // high: `dotnet build` shows only high-importance messages by default, and the user asked for this write
        if (result.BaselineWrittenNote is { } written) Log.LogMessage(MessageImportance.High, "HardeningTasks: " + written);
        if (result.BaselineStaleNote is { } stale) Log.LogMessage(MessageImportance.Low, "HardeningTasks: " + stale);
        if (result.Incremental is { } units)
            Log.LogMessage(MessageImportance.Low, $"HardeningTasks: analysed {units.UnitsAnalysed} of {units.UnitsTotal} unit(s), {units.UnitsReused} reused from {UnitsFile} " +
                $"({units.EngineRuns} engine run(s){(units.PreviousUsable ? "" : "; no usable cache")})");
        Log.LogMessage(MessageImportance.Low, $"HardeningScan: {ComposeFiles.Length + Dockerfiles.Length + TraefikConfigs.Length} file(s), {ComposeProjects.Length} compose project(s), " +
            $"{result.Reported.Count} finding(s), {result.InputsRead.Count} input(s) read, in {watch.ElapsedMilliseconds} ms -> {FindingsFile}");
    }

    internal CheckRequest BuildRequest()
    {
        var directory = Path.GetFullPath(string.IsNullOrEmpty(ProjectDirectory) ? "." : ProjectDirectory);
        var problems = new List<string>();
        var files = new[] { (ComposeFiles, InputKind.Compose), (Dockerfiles, InputKind.Dockerfile), (TraefikConfigs, InputKind.TraefikConfig) }
            .SelectMany(group => (group.Item1 ?? Array.Empty<ITaskItem>()).Select(item => new InputFile(FullPath(item.ItemSpec, directory), group.Item2)))
            .GroupBy(f => f.Path, Core.IO.PathText.Comparer).Select(g => g.First()).ToList();
        // the other YAML files, classified by what they hold (compose, Traefik, or skipped with a reason)
        var named = new HashSet<string>(files.Select(f => f.Path), Core.IO.PathText.Comparer);
        var candidates = (YamlFiles ?? Array.Empty<ITaskItem>()).Select(item => FullPath(item.ItemSpec, directory)).Where(named.Add).ToList();

        return new CheckRequest
        {
            Analysis = new AnalysisRequest
            {
                ProjectDirectory = directory,
                Files = files,
                Candidates = candidates,
                ComposeProjects = (ComposeProjects ?? Array.Empty<ITaskItem>()).Select(p => new ComposeProjectSpec(FullPath(p.ItemSpec, directory),
                    PropertyText.Entries(p.GetMetadata("Overlays")).Select(o => FullPath(o, directory)).ToList())).ToList(),
                Variables = PropertyText.Variables(Variables, problems),
                Properties = (Options ?? Array.Empty<ITaskItem>()).Where(o => o.ItemSpec.Length > 0).GroupBy(o => o.ItemSpec, StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(g => g.Key, g => g.Last().GetMetadata("Value"), StringComparer.OrdinalIgnoreCase),
                MaxFileBytes = PropertyText.MaxFileBytes(MaxFileSize, problems),
                Mode = PropertyText.Mode(AnalysisMode, problems),
            },
            Warnings = new WarningOptions
            {
                NoWarn = WarningOptions.ParseList(NoWarn),
                WarningsAsErrors = WarningOptions.ParseList(WarningsAsErrors),
                WarningsNotAsErrors = WarningOptions.ParseList(WarningsNotAsErrors),
                TreatWarningsAsErrors = TreatWarningsAsErrors,
            },
            BaselineFile = string.IsNullOrWhiteSpace(BaselineFile) ? null : FullPath(BaselineFile!, directory),
            UpdateBaseline = UpdateBaseline,
            UnitsCacheFile = string.IsNullOrWhiteSpace(UnitsFile) ? null : FullPath(UnitsFile!, directory),
            SettingProblems = problems,
        };
    }

    private void WriteSarif(CheckResult result)
    {
        var directory = Path.GetFullPath(ProjectDirectory);
        var path = FullPath(SarifFile!, directory);
        var root = string.IsNullOrWhiteSpace(SarifRootDirectory) ? directory : FullPath(SarifRootDirectory!, directory);
        try
        {
            AtomicFile.Write(path, stream => result.WriteSarif(stream, new SarifOptions { RootDirectory = root }));
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            // a path the user chose that cannot be written: their fix, so say which path and which property. The missing
            // log keeps the scan out of date, so the next build tries again.
            Log.LogError(null, "HRD000", null, TaskMessages.HelpLink("HRD000"), null, 0, 0, 0, 0,
                $"HardeningTasks could not write the SARIF log '{path}' (HardeningSarifFile): {ex.GetType().Name}: {ex.Message.Replace('\r', ' ').Replace('\n', ' ')}");
            Log.LogMessage(MessageImportance.Low, ex.ToString());
        }
    }

    private static string FullPath(string path, string baseDirectory) => Path.GetFullPath(Path.Combine(baseDirectory, path.Trim()));
}
