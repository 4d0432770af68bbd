using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using HardeningTasks.Core;
using HardeningTasks.Core.Checking;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Reporting;

namespace HardeningTasks;

/// <summary>
/// One scan of the build: <see cref="ScanInputs"/> to the engine's <see cref="CheckRequest"/>, <see cref="CheckService"/>,
/// then every file the build reads afterwards — the findings cache (with the summary lines) that
/// <see cref="HardeningReport"/> replays, the SARIF log, the lists of inputs read and absent — and the notes for the log.
/// The same code in both places it runs: in MSBuild's process (<see cref="HardeningScan"/>, the managed engine) and in the
/// native engine's (<c>hardening msbuild-scan</c>, compiled into the CLI), so both write the same bytes.
/// </summary>
internal static class ScanJob
{
    public static ScanOutcome Run(ScanInputs inputs)
    {
        var watch = Stopwatch.StartNew();
        var outcome = new ScanOutcome();
        var result = CheckService.Run(ToCheckRequest(inputs));
        var directory = Path.GetFullPath(inputs.ProjectDirectory);

        // the run summary travels with the findings, so a no-op build replays it too
        var summary = new[] { FindingsCache.SummaryLine(FindingsCache.Summary, result.Summary.Describe()) }
            .Concat(result.Summary.DescribeSkipped(directory).Select(line => FindingsCache.SummaryLine(FindingsCache.Detail, line)));
        FindingsCache.Write(inputs.FindingsFile, result.Reported.Select(f =>
            new CachedFinding(f.Severity.ToWord(), f.RuleId, f.Location.FilePath, f.Location.Line, f.Location.Column, f.Rule.HelpLink, f.Message)).Concat(summary));
        outcome.FindingCount = result.Reported.Count;
        if (!string.IsNullOrWhiteSpace(inputs.SarifFile)) WriteSarif(inputs, result, directory, outcome);
        FindingsCache.WriteAllText(inputs.InputsFile, string.Concat(result.InputsRead.Select(p => p + "\n")));
        FindingsCache.WriteAllText(inputs.AbsentInputsFile, string.Concat(result.InputsAbsent.Select(p => p + "\n")));

        // high: `dotnet build` shows only high-importance messages by default, and the user asked for this write
        if (result.BaselineWrittenNote is { } written) outcome.Notes.Add(new ScanNote(ScanNote.High, "HardeningTasks: " + written));
        if (result.BaselineStaleNote is { } stale) outcome.Notes.Add(new ScanNote(ScanNote.Low, "HardeningTasks: " + stale));
        if (result.Incremental is { } units)
            outcome.Notes.Add(new ScanNote(ScanNote.Low, $"HardeningTasks: analysed {units.UnitsAnalysed} of {units.UnitsTotal} unit(s), {units.UnitsReused} reused from {inputs.UnitsFile} " +
                $"({units.EngineRuns} engine run(s){(units.PreviousUsable ? "" : "; no usable cache")})"));
        outcome.Notes.Add(new ScanNote(ScanNote.Low, $"HardeningScan: {inputs.ComposeFiles.Count + inputs.Dockerfiles.Count + inputs.TraefikConfigs.Count} file(s), {inputs.ComposeProjects.Count} compose project(s), " +
            $"{result.Reported.Count} finding(s), {result.InputsRead.Count} input(s) read, in {watch.ElapsedMilliseconds} ms -> {inputs.FindingsFile}"));
        return outcome;
    }

    /// <summary><c>hardening msbuild-scan &lt;request&gt; &lt;outcome&gt;</c>: the native engine's side of the task.</summary>
    public static void RunFiles(string requestFile, string outcomeFile) => Run(ScanInputs.Read(requestFile)).Write(outcomeFile);

    public static CheckRequest ToCheckRequest(ScanInputs inputs)
    {
        var directory = Path.GetFullPath(string.IsNullOrEmpty(inputs.ProjectDirectory) ? "." : inputs.ProjectDirectory);
        var problems = new List<string>();
        var files = new[] { (inputs.ComposeFiles, InputKind.Compose), (inputs.Dockerfiles, InputKind.Dockerfile), (inputs.TraefikConfigs, InputKind.TraefikConfig) }
            .SelectMany(group => group.Item1.Select(spec => new InputFile(FullPath(spec, directory), group.Item2)))
            .GroupBy(f => f.Path, Core.IO.PathText.Comparer).Select(g => g.First()).ToList();
        // the other YAML files, classified by what they hold (compose, Traefik, or skipped with a reason)
        var named = new HashSet<string>(files.Select(f => f.Path), Core.IO.PathText.Comparer);
        var candidates = inputs.YamlFiles.Select(spec => FullPath(spec, directory)).Where(named.Add).ToList();

        return new CheckRequest
        {
            Analysis = new AnalysisRequest
            {
                ProjectDirectory = directory,
                Files = files,
                Candidates = candidates,
                ComposeProjects = inputs.ComposeProjects.Select(p => new ComposeProjectSpec(FullPath(p.Key, directory),
                    PropertyText.Entries(p.Value).Select(o => FullPath(o, directory)).ToList())).ToList(),
                Variables = PropertyText.Variables(inputs.Variables, problems),
                Properties = inputs.Options.Where(o => o.Key.Length > 0).GroupBy(o => o.Key, StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.OrdinalIgnoreCase),
                MaxFileBytes = PropertyText.MaxFileBytes(inputs.MaxFileSize, problems),
                Mode = PropertyText.Mode(inputs.AnalysisMode, problems),
            },
            Warnings = new WarningOptions
            {
                NoWarn = WarningOptions.ParseList(inputs.NoWarn),
                WarningsAsErrors = WarningOptions.ParseList(inputs.WarningsAsErrors),
                WarningsNotAsErrors = WarningOptions.ParseList(inputs.WarningsNotAsErrors),
                TreatWarningsAsErrors = inputs.TreatWarningsAsErrors,
            },
            BaselineFile = string.IsNullOrWhiteSpace(inputs.BaselineFile) ? null : FullPath(inputs.BaselineFile, directory),
            UpdateBaseline = inputs.UpdateBaseline,
            UnitsCacheFile = string.IsNullOrWhiteSpace(inputs.UnitsFile) ? null : FullPath(inputs.UnitsFile, directory),
            SettingProblems = problems,
        };
    }

    private static void WriteSarif(ScanInputs inputs, CheckResult result, string directory, ScanOutcome outcome)
    {
        var path = FullPath(inputs.SarifFile, directory);
        var root = string.IsNullOrWhiteSpace(inputs.SarifRootDirectory) ? directory : FullPath(inputs.SarifRootDirectory, directory);
        try
        {
            AtomicFile.Write(path, stream => result.WriteSarif(stream, new SarifOptions { RootDirectory = root }));
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            // a path the user chose that cannot be written: their fix, so say which path and which property. The missing
            // log keeps the scan out of date, so the next build tries again.
            outcome.Notes.Add(new ScanNote(ScanNote.Error,
                $"HardeningTasks could not write the SARIF log '{path}' (HardeningSarifFile): {ex.GetType().Name}: {ex.Message.Replace('\r', ' ').Replace('\n', ' ')}",
                ex.ToString()));
        }
    }

    private static string FullPath(string path, string baseDirectory) => Path.GetFullPath(Path.Combine(baseDirectory, path.Trim()));
}
