using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using HardeningTasks.Core;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Rules;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HardeningTasks;

/// <summary>
/// Checks the files and writes the findings to <see cref="FindingsFile"/>; it logs none of them itself
/// (<see cref="HardeningReport"/> does, on every build, so a no-op build shows the same findings). Also writes
/// every file the analysis read (<see cref="InputsFile"/>) and every path it probed that did not exist
/// (<see cref="AbsentInputsFile"/>): the targets use them to decide when the next scan is needed.
/// Never throws: anything unexpected is one HRD000 error naming the problem.
/// </summary>
public sealed class HardeningScan : Task
{
    public ITaskItem[] ComposeFiles { get; set; } = Array.Empty<ITaskItem>();
    public ITaskItem[] Dockerfiles { get; set; } = Array.Empty<ITaskItem>();
    public ITaskItem[] TraefikConfigs { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Other YAML files (HardeningYamlFile): compose, Traefik or skipped, by what they hold.</summary>
    public ITaskItem[] YamlFiles { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The rule-ID lists as the build has them (NoWarn, WarningsAsErrors, WarningsNotAsErrors): an HRD ID in them
    /// that no rule has is a misspelling, reported as HRD090.</summary>
    public string? NoWarn { get; set; }
    public string? WarningsAsErrors { get; set; }
    public string? WarningsNotAsErrors { get; set; }

    /// <summary>Explicit compose projects: Include = the main file, metadata <c>Overlays</c> = a <c>;</c>-list of files merged onto it in order.</summary>
    public ITaskItem[] ComposeProjects { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Interpolation variables, <c>A=1;B=2</c> (HardeningVariables).</summary>
    public string? Variables { get; set; }

    /// <summary>Rule options: ItemSpec = the property name (e.g. HardeningTrustedRegistries), metadata <c>Value</c>.</summary>
    public ITaskItem[] Options { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The largest file that is checked, in bytes (suffixes KB, MB allowed); empty for the engine's default.</summary>
    public string? MaxFileSize { get; set; }

    /// <summary>Where to write a SARIF 2.1.0 log of the findings (HardeningSarifFile); empty for none.</summary>
    public string? SarifFile { get; set; }

    /// <summary>The directory SARIF locations are relative to (HardeningSarifRootDirectory): the repository root for code scanning.</summary>
    public string? SarifRootDirectory { get; set; }

    /// <summary>The per-unit cache of the incremental scan (obj/hardening/…units.txt): only the units whose files changed are
    /// analysed again. Empty: the whole request is analysed every time.</summary>
    public string? UnitsFile { get; set; }

    /// <summary>The baseline (HardeningBaselineFile): findings it accepts are not reported. Empty for none; a missing file is no baseline.</summary>
    public string? BaselineFile { get; set; }

    /// <summary>Write <see cref="BaselineFile"/> from this scan's findings (HardeningUpdateBaseline) instead of reading it.</summary>
    public bool UpdateBaseline { get; set; }

    [Required] public string ProjectDirectory { get; set; } = "";
    [Required] public string FindingsFile { get; set; } = "";
    [Required] public string InputsFile { get; set; } = "";
    [Required] public string AbsentInputsFile { get; set; } = "";

    /// <summary>How many findings were written.</summary>
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
            TryDelete(FindingsFile);
            Log.LogError(null, "HRD000", null, TaskMessages.HelpLink("HRD000"), null, 0, 0, 0, 0,
                TaskMessages.Crash("check the files", ex));
            Log.LogMessage(MessageImportance.Low, ex.ToString());
        }
        return !Log.HasLoggedErrors;
    }

    // Kept out of Execute so that a missing HardeningTasks.Core/YamlDotNet fails inside the try above
    // (the JIT resolves a method's types when it compiles that method).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Run()
    {
        var watch = Stopwatch.StartNew();
        var problems = new List<CachedFinding>();
        var request = BuildRequest(problems);
        var result = Analyze(request);

        // The baseline is its own step after analysis, on the combined findings (not inside Engine.Analyze).
        IReadOnlyList<Finding> analysed = result.Findings;
        string? baselinePath = null;
        if (!string.IsNullOrWhiteSpace(BaselineFile))
        {
            baselinePath = FullPath(BaselineFile!, request.ProjectDirectory);
            var outcome = Core.Reporting.Baseline.Process(result.Findings, baselinePath, UpdateBaseline, Core.IO.PhysicalFileSystem.Instance);
            analysed = outcome.Findings;
            if (outcome.Written >= 0)
                // high, not normal: `dotnet build` shows only high-importance messages by default (minimal verbosity), and the user asked for this write
                Log.LogMessage(MessageImportance.High, $"HardeningTasks: wrote {outcome.Written} finding{(outcome.Written == 1 ? "" : "s")} to {baselinePath}");
            if (outcome.Stale > 0)
                Log.LogMessage(MessageImportance.Low,
                    $"HardeningTasks: {outcome.Stale} finding{(outcome.Stale == 1 ? "" : "s")} accepted in {baselinePath} {(outcome.Stale == 1 ? "was" : "were")} not found any more; build with -p:HardeningUpdateBaseline=true to drop {(outcome.Stale == 1 ? "it" : "them")} from the baseline.");
        }

        var findings = problems.Concat(analysed.Where(f => f.Suppression == null && f.Severity.IsReported()).Select(ToCached)).ToList();
        var summary = new List<CachedFinding> { FindingsCache.SummaryLine(FindingsCache.Summary, result.Summary.Describe()) };
        summary.AddRange(result.Summary.DescribeSkipped(request.ProjectDirectory).Select(line => FindingsCache.SummaryLine(FindingsCache.Detail, line)));
        FindingsCache.Write(FindingsFile, findings.Concat(summary));
        FindingCount = findings.Count;
        if (!string.IsNullOrWhiteSpace(SarifFile))
        {
            var sarifPath = FullPath(SarifFile!, request.ProjectDirectory);
            var options = new Core.Reporting.SarifOptions
            {
                RootDirectory = string.IsNullOrWhiteSpace(SarifRootDirectory) ? request.ProjectDirectory : FullPath(SarifRootDirectory!, request.ProjectDirectory),
                Summary = result.Summary,
            };
            try
            {
                // accepted findings (in-file suppressions, the baseline) stay in the log, marked suppressed with the reason
                var logged = analysed.Concat(result.Suppressed).ToList();
                AtomicFile.Write(sarifPath, stream => Core.Reporting.SarifWriter.Write(stream, logged, options));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // a path the user chose that cannot be written (a folder, no permission, a read-only share): their
                // fix, so say which path and which property, not "please report it". The findings cache is already
                // written; the missing log keeps the scan out of date, so the next build tries again.
                Log.LogError(null, "HRD000", null, TaskMessages.HelpLink("HRD000"), null, 0, 0, 0, 0,
                    $"HardeningTasks could not write the SARIF log '{sarifPath}' (HardeningSarifFile): {ex.GetType().Name}: {ex.Message.Replace('\r', ' ').Replace('\n', ' ')}");
                Log.LogMessage(MessageImportance.Low, ex.ToString());
            }
        }

        var read = new SortedSet<string>(StringComparer.Ordinal);
        var absent = new SortedSet<string>(StringComparer.Ordinal);
        // the baseline is an input too: it appearing, vanishing or changing makes the next build scan again
        foreach (var path in result.Inputs.Concat(request.Files.Select(f => f.Path)).Concat(request.Candidates).Concat(baselinePath != null ? new[] { baselinePath } : Array.Empty<string>()))
            (File.Exists(path) ? read : absent).Add(path);
        FindingsCache.WriteAllText(InputsFile, string.Concat(read.Select(p => p + "\n")));
        FindingsCache.WriteAllText(AbsentInputsFile, string.Concat(absent.Select(p => p + "\n")));

        Log.LogMessage(MessageImportance.Low,
            $"HardeningScan: {request.Files.Count} file(s), {request.ComposeProjects.Count} compose project(s), {findings.Count} finding(s), {read.Count} input(s) read, in {watch.ElapsedMilliseconds} ms -> {FindingsFile}");
    }

    private AnalysisResult Analyze(AnalysisRequest request)
    {
        if (string.IsNullOrWhiteSpace(UnitsFile)) return Engine.Analyze(request);
        var outcome = Core.Incremental.IncrementalEngine.Analyze(request, Core.Incremental.IncrementalState.Load(UnitsFile!));
        FindingsCache.WriteAllText(UnitsFile!, outcome.State.Serialize());
        Log.LogMessage(MessageImportance.Low,
            $"HardeningTasks: analysed {outcome.UnitsAnalysed} of {outcome.UnitsTotal} unit(s), {outcome.UnitsReused} reused from {UnitsFile} ({outcome.EngineRuns} engine run(s){(outcome.PreviousUsable ? "" : "; no usable cache")})");
        return outcome.Result;
    }

    internal AnalysisRequest BuildRequest(List<CachedFinding> problems)
    {
        var projectDirectory = Path.GetFullPath(string.IsNullOrEmpty(ProjectDirectory) ? "." : ProjectDirectory);
        var files = new List<InputFile>();
        var seen = new HashSet<string>(Core.IO.PathText.Comparer);
        void Add(ITaskItem[] items, InputKind kind)
        {
            foreach (var item in items ?? Array.Empty<ITaskItem>())
            {
                var path = FullPath(item.ItemSpec, projectDirectory);
                if (seen.Add(path)) files.Add(new InputFile(path, kind));
            }
        }
        Add(ComposeFiles, InputKind.Compose);
        Add(Dockerfiles, InputKind.Dockerfile);
        Add(TraefikConfigs, InputKind.TraefikConfig);
        var candidates = new List<string>();
        foreach (var item in YamlFiles ?? Array.Empty<ITaskItem>())
        {
            var path = FullPath(item.ItemSpec, projectDirectory);
            if (seen.Add(path)) candidates.Add(path);
        }

        var projects = new List<ComposeProjectSpec>();
        foreach (var item in ComposeProjects ?? Array.Empty<ITaskItem>())
        {
            var overlays = SplitList(item.GetMetadata("Overlays")).Select(o => FullPath(o, projectDirectory)).ToList();
            projects.Add(new ComposeProjectSpec(FullPath(item.ItemSpec, projectDirectory), overlays));
        }

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in SplitList(Variables))
        {
            var eq = entry.IndexOf('=');
            var name = eq < 0 ? "" : entry.Substring(0, eq).Trim();
            if (name.Length == 0)
            {
                problems.Add(Problem($"HardeningVariables: '{entry}' is not NAME=value; it is ignored."));
                continue;
            }
            variables[name] = entry.Substring(eq + 1).Trim();
        }

        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var option in Options ?? Array.Empty<ITaskItem>())
            if (option.ItemSpec.Length > 0)
                properties[option.ItemSpec] = option.GetMetadata("Value");

        long maxBytes = Core.IO.SourceReader.DefaultMaxFileBytes;
        if (!string.IsNullOrWhiteSpace(MaxFileSize))
        {
            if (TryParseSize(MaxFileSize!, out var parsed)) maxBytes = parsed;
            else problems.Add(Problem($"HardeningMaxFileSize: '{MaxFileSize}' is not a size in bytes (e.g. 10485760, 512KB, 10MB); the default {maxBytes / (1024 * 1024)} MB is used."));
        }

        foreach (var (property, list) in new[] { ("NoWarn", NoWarn), ("WarningsAsErrors", WarningsAsErrors), ("WarningsNotAsErrors", WarningsNotAsErrors) })
            foreach (var unknown in RuleCatalog.Names.UnknownIds(list))
                problems.Add(Problem($"{property}: '{unknown}' is not a HardeningTasks rule ID{RuleCatalog.Names.DidYouMean(unknown)}, so this entry has no effect; every rule is listed at {RuleNames.IndexLink}."));

        return new AnalysisRequest
        {
            ProjectDirectory = projectDirectory,
            Files = files,
            Candidates = candidates,
            ComposeProjects = projects,
            Variables = variables,
            Properties = properties,
            MaxFileBytes = maxBytes,
        };
    }

    private static CachedFinding ToCached(Finding f) => new(
        f.Severity == Severity.Error ? "error" : f.Severity == Severity.Warning ? "warning" : "suggestion",
        f.RuleId, f.Location.FilePath, f.Location.Line, f.Location.Column, f.Rule.HelpLink, f.Message);

    private static CachedFinding Problem(string message) =>
        new("warning", ToolDiagnostics.ConfigurationProblem.Id, "", 0, 0, ToolDiagnostics.ConfigurationProblem.HelpLink, message);

    internal static bool TryParseSize(string text, out long bytes) => Core.IO.SourceReader.TryParseSize(text, out bytes);

    private static IEnumerable<string> SplitList(string? list) =>
        (list ?? "").Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).Where(s => s.Length > 0);

    private static string FullPath(string path, string baseDirectory) => Path.GetFullPath(Path.Combine(baseDirectory, path.Trim()));

    private static void TryDelete(string path)
    {
        try
        {
            if (!string.IsNullOrEmpty(path) && File.Exists(path)) File.Delete(path);
        }
        catch (Exception)
        {
            // best effort: the error already logged is what matters
        }
    }
}
