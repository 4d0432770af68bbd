using System;
using System.Collections.Generic;
using HardeningTasks.Core.Configuration;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Parsing;

namespace HardeningTasks.Core;

/// <summary>What kind of file an input is; decides which parser reads it.</summary>
public enum InputKind
{
    Compose,
    Dockerfile,
    TraefikConfig,
}

/// <summary>A file to check: its full path and kind.</summary>
public sealed record InputFile(string Path, InputKind Kind);

/// <summary>An explicit compose project: a main file and overlays merged onto it in order, as <c>docker compose -f a -f b</c>.</summary>
public sealed record ComposeProjectSpec(string MainFile, IReadOnlyList<string> Overlays);

/// <summary>Everything the engine needs; no MSBuild types, so the task, the tests and other front ends build it alike.</summary>
public sealed record AnalysisRequest
{
    /// <summary>The root that relative locations and "inside the repository" are judged from.</summary>
    public string ProjectDirectory { get; init; } = "";

    /// <summary>Files of a known kind: named like one (the default globs), or listed by the user as one. A YAML file among
    /// them is still judged by its content (<see cref="InputClassifier.ClassifyContent"/>): a <c>traefik.yml</c> holding
    /// services is a compose file, a compose-named fragment is skipped.</summary>
    public IReadOnlyList<InputFile> Files { get; init; } = Array.Empty<InputFile>();

    /// <summary>Other <c>*.yml</c>/<c>*.yaml</c> files whose content decides whether they are compose, Traefik, or not ours.</summary>
    public IReadOnlyList<string> Candidates { get; init; } = Array.Empty<string>();

    public IReadOnlyList<ComposeProjectSpec> ComposeProjects { get; init; } = Array.Empty<ComposeProjectSpec>();

    /// <summary>Interpolation variables given by the build; they win over <c>.env</c> files.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Rule options from the build (e.g. HardeningTrustedRegistries); names are case-insensitive.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public long MaxFileBytes { get; init; } = SourceReader.DefaultMaxFileBytes;

    /// <summary>How the front end spells its settings, for messages that say what to change (default: the MSBuild properties).</summary>
    public SettingNames SettingNames { get; init; } = SettingNames.MSBuild;

    /// <summary>The preset each rule's severity starts from, before .editorconfig (HardeningAnalysisMode, --analysis-mode).</summary>
    public AnalysisMode Mode { get; init; } = AnalysisMode.Default;

    public IFileSystem FileSystem { get; init; } = PhysicalFileSystem.Instance;

    /// <summary>Called with the linked stack before the rules run: an incremental scan reads its cross-file couplings from it.</summary>
    public Action<Stack>? StackLoaded { get; init; }

    /// <summary>Parse the files on every core (the default). An incremental scan already analyses its units in parallel, and
    /// a parallel query nested in each of hundreds of small units spent more time waking and waiting for threads than parsing.</summary>
    internal bool LoadInParallel { get; init; } = true;

    /// <summary>True when <see cref="Files"/> are already judged by <see cref="InputClassifier.Select"/> (an incremental
    /// scan's units): their kinds are final and nothing is skipped.</summary>
    internal bool Classified { get; init; }

    /// <summary>This request with its inputs settled: <paramref name="files"/>, no candidates, <see cref="Classified"/>.</summary>
    // a record copy, so every setting (the preset, the setting names, the hadolint feed) travels with the classified files
    internal AnalysisRequest WithClassifiedFiles(IReadOnlyList<InputFile> files) =>
        this with { Files = files, Candidates = Array.Empty<string>(), Classified = true };
}

/// <summary>The findings, sorted and with effective severities, and every file the analysis depended on.</summary>
public sealed class AnalysisResult
{
    public AnalysisResult(IReadOnlyList<Finding> findings, IReadOnlyList<string> inputs, IReadOnlyList<Finding>? suppressed = null, CheckSummary? summary = null)
    {
        Findings = findings;
        Inputs = inputs;
        Suppressed = suppressed ?? Array.Empty<Finding>();
        Summary = summary ?? CheckSummary.Empty;
    }

    /// <summary>What was checked and what was not, for the one line every front end prints.</summary>
    public CheckSummary Summary { get; }

    /// <summary>Reported findings (severity suggestion or higher), deduplicated per (file, line, column, rule), in a stable order.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>
    /// Findings a <c># hardening-ignore</c> comment accepted (each with its <see cref="Finding.Suppression"/>), with a
    /// reported severity, in the same order: never reported in the build, written to SARIF as suppressed.
    /// </summary>
    public IReadOnlyList<Finding> Suppressed { get; }

    /// <summary>Every file read or probed (existing or not) and every configuration file consulted: the next build must re-check when any of them changes.</summary>
    public IReadOnlyList<string> Inputs { get; }
}
