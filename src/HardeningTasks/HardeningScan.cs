using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using HardeningTasks.Core.Checking;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HardeningTasks;

/// <summary>
/// The build's front end of <see cref="CheckService"/>: turns items and properties into <see cref="ScanInputs"/> and has
/// <see cref="ScanJob"/> check them and write what the service decided — the findings cache (<see cref="HardeningReport"/>
/// logs it on every build, so a no-op build shows the same findings), the SARIF log, and the files the check read or
/// probed (the targets decide from them when the next scan is needed). The job runs in the package's native engine when
/// there is one for this machine (no JIT: a cold build's scan costs a fraction), else, or when that fails, in process.
/// Never throws: anything unexpected is one HRD000 error naming the problem.
/// </summary>
public sealed class HardeningScan : Task, ICancelableTask
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

    /// <summary>Run the package's native engine when it has one for this machine (HardeningUseNativeEngine; default true).</summary>
    public bool UseNativeEngine { get; set; } = true;

    /// <summary>The folder of the native engines, one subfolder per RID (<c>tools/native/</c> in the package).</summary>
    public string? NativeEngineDirectory { get; set; }

    [Output] public int FindingCount { get; private set; }

    private NativeEngine? native;

    public override bool Execute()
    {
        try
        {
            var inputs = Inputs();
            var outcome = RunNative(inputs);
            // Cancelled (Ctrl+C) while the native engine ran: stop, rather than start the same scan again in process.
            if (outcome == null && cancelled) return false;
            outcome ??= RunManaged(inputs);
            FindingCount = outcome.FindingCount;
            foreach (var note in outcome.Notes)
            {
                if (note.Importance == ScanNote.Error)
                {
                    Log.LogError(null, "HRD000", null, TaskMessages.HelpLink("HRD000"), null, 0, 0, 0, 0, note.Text);
                    if (note.Detail.Length > 0) Log.LogMessage(MessageImportance.Low, note.Detail);
                }
                else
                {
                    Log.LogMessage(HardeningReport.ParseImportance(note.Importance), note.Text);
                }
            }
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

    /// <summary>Stops a running native engine (and the scan: no managed scan follows); the managed engine, in process,
    /// finishes a scan it has started.</summary>
    public void Cancel()
    {
        cancelled = true;
        native?.Cancel();
    }

    private volatile bool cancelled;

    /// <summary>The scan by the native engine, or null (then the managed engine scans): switched off, none for this
    /// machine, or it failed — said at low importance, never a build failure, since the managed engine does the same work.</summary>
    private ScanOutcome? RunNative(ScanInputs inputs)
    {
        if (!UseNativeEngine)
        {
            Log.LogMessage(MessageImportance.Low, "HardeningTasks: managed engine (HardeningUseNativeEngine=false)");
            return null;
        }
        native = NativeEngine.Find(NativeEngineDirectory);
        if (native == null)
        {
            Log.LogMessage(MessageImportance.Low, $"HardeningTasks: managed engine (the package has no native engine for {NativeEngine.HostRuntimeIdentifier() ?? "this platform"})");
            return null;
        }
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var outcome = native.TryRun(inputs, Path.GetDirectoryName(Path.GetFullPath(FindingsFile))!, out var failure);
        if (outcome == null && !cancelled)
            Log.LogMessage(MessageImportance.Low, $"HardeningTasks: the native engine failed, so the managed engine checks instead: {failure}");
        else if (outcome != null)
            Log.LogMessage(MessageImportance.Low, $"HardeningTasks: native engine {native.Path} ({watch.ElapsedMilliseconds} ms, process included)");
        return outcome;
    }

    // Kept out of Execute so that a missing HardeningTasks.Core/YamlDotNet fails inside its try (the JIT resolves a
    // method's types when it compiles that method); and the native path never loads them.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ScanOutcome RunManaged(ScanInputs inputs) => ScanJob.Run(inputs);

    /// <summary>The items and properties as the scan reads them, in either process.</summary>
    internal ScanInputs Inputs() => new()
    {
        ProjectDirectory = Path.GetFullPath(string.IsNullOrEmpty(ProjectDirectory) ? "." : ProjectDirectory),
        ComposeFiles = Specs(ComposeFiles),
        Dockerfiles = Specs(Dockerfiles),
        TraefikConfigs = Specs(TraefikConfigs),
        YamlFiles = Specs(YamlFiles),
        ComposeProjects = (ComposeProjects ?? Array.Empty<ITaskItem>()).Select(p => new KeyValuePair<string, string>(p.ItemSpec, p.GetMetadata("Overlays"))).ToList(),
        Options = (Options ?? Array.Empty<ITaskItem>()).Select(o => new KeyValuePair<string, string>(o.ItemSpec, o.GetMetadata("Value"))).ToList(),
        Variables = Variables ?? "",
        MaxFileSize = MaxFileSize ?? "",
        AnalysisMode = AnalysisMode ?? "",
        NoWarn = NoWarn ?? "",
        WarningsAsErrors = WarningsAsErrors ?? "",
        WarningsNotAsErrors = WarningsNotAsErrors ?? "",
        TreatWarningsAsErrors = TreatWarningsAsErrors,
        SarifFile = SarifFile ?? "",
        SarifRootDirectory = SarifRootDirectory ?? "",
        BaselineFile = BaselineFile ?? "",
        UpdateBaseline = UpdateBaseline,
        UnitsFile = UnitsFile ?? "",
        FindingsFile = FindingsFile,
        InputsFile = InputsFile,
        AbsentInputsFile = AbsentInputsFile,
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal CheckRequest BuildRequest() => ScanJob.ToCheckRequest(Inputs());

    private static List<string> Specs(ITaskItem[]? items) => (items ?? Array.Empty<ITaskItem>()).Select(i => i.ItemSpec).ToList();
}
