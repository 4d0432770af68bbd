using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Yaml;
using HardeningTasks.Core.Parsing.Yaml;

namespace HardeningTasks.Core.Parsing.Compose;

/// <summary>The building of one project (one variant of it): the files it reads, the directory each one's relative
/// paths are resolved from, the paths it could not resolve. Its problems are kept until <see cref="Commit"/>: a build
/// that is replaced by its variants reports nothing. <see cref="ComposeExtends"/> and <see cref="ComposeIncludes"/> resolve
/// the files' <c>extends</c> and <c>include</c> through it.</summary>
internal sealed class ComposeProjectBuilder
{
    private readonly AnalysisRequest request;
    private readonly EnvFileReader envFiles;
    private readonly Action<Finding> report;
    private readonly ComposeProjectSpec spec;
    private readonly IReadOnlyDictionary<string, string> variant;
    private readonly string projectDirectory;
    private readonly List<string> files = new();
    private readonly Dictionary<string, string> directories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VariableLookup> environments = new(StringComparer.Ordinal);
    private readonly HashSet<string> unresolved = new(StringComparer.Ordinal);
    private readonly List<Finding> problems = new();
    private readonly ComposeExtends extends;
    private readonly ComposeIncludes includes;

    public ComposeProjectBuilder(IFileSystem fileSystem, AnalysisRequest request, EnvFileReader envFiles, Action<Finding> report,
        ComposeProjectSpec spec, IReadOnlyDictionary<string, string> variant)
    {
        FileSystem = fileSystem;
        this.request = request;
        this.envFiles = envFiles;
        this.report = report;
        this.spec = spec;
        this.variant = variant;
        projectDirectory = Path.GetDirectoryName(spec.MainFile) ?? "";
        Variables = new ProjectVariables(fileSystem, request, Problem, FileNotLoaded);
        extends = new ComposeExtends(this);
        includes = new ComposeIncludes(this);
    }

    public IFileSystem FileSystem { get; }

    /// <summary>The <c>.env</c> files this build reads; what is wrong in them is this build's problem.</summary>
    public ProjectVariables Variables { get; }

    public ComposeProject? Project { get; private set; }

    /// <summary>Paths written with variables this build left unset.</summary>
    public List<PathUse> PathUses { get; } = new();

    public void Commit()
    {
        foreach (var problem in problems) report(problem);
    }

    public void Build()
    {
        // The variant's values stand where the shell's environment would: under the build's variables, over every .env.
        var outside = new VariableLookup(name => request.Variables.TryGetValue(name, out var value) ? new EnvValue(value)
            : variant.TryGetValue(name, out var guessed) ? new EnvValue(guessed) : null);
        var environment = ProjectVariables.Layer(outside, Variables.ReadProjectEnv(projectDirectory, outside));

        var root = LoadLayer(spec.MainFile, environment, projectDirectory, new List<string> { spec.MainFile });
        if (root == null) return;
        foreach (var overlay in spec.Overlays)
        {
            if (!FileSystem.FileExists(overlay))
            {
                Problem(SourceLocation.FileStart(spec.MainFile),
                    $"The overlay '{overlay}' of the compose project '{spec.MainFile}' does not exist; the project is checked without it. Fix the path in HardeningComposeProject or create the file.");
                continue;
            }
            var layer = LoadLayer(overlay, environment, projectDirectory, new List<string> { overlay });
            if (layer != null) root = ComposeMerger.MergeFiles(root, layer);
        }
        root = (YMapping)ComposeMerger.StripResets(root);
        var envFileContents = envFiles.Read(root, node => directories.TryGetValue(node.Location.FilePath, out var d) ? d : projectDirectory, name => environment(name));
        CollectServicePaths(root);
        Project = new ComposeProject(spec.MainFile, files, root, directories, envFileContents)
        {
            UnsetVariables = unresolved.Concat(variant.Keys).Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.Ordinal).ToList(),
            Variant = variant,
        };
    }

    public void Problem(SourceLocation at, string message) =>
        problems.Add(ToolDiagnostics.ConfigurationProblem.At(at, null, null, message));

    private void FileNotLoaded(string path, LoadError error) =>
        problems.Add(ToolDiagnostics.FileNotLoaded.At(new SourceLocation(path, error.Span), null, null, error.Message));

    // ---------------------------------------------------------------- unset variables in paths

    /// <summary>
    /// True when <paramref name="path"/> cannot name its file because a variable in it is unset: the use is recorded
    /// (its variants are built from what exists), and no "does not exist" is said about the empty value. Also true for
    /// a path built from a variant's value that names nothing: that value came from another path, not from the user.
    /// </summary>
    public bool UnknownPath(YScalar path, string directory, PathTarget target, bool readByAnalysis, string? resolved = null)
    {
        if (path.UnresolvedVariables.Count > 0)
        {
            RecordUse(path, path.RawValue ?? path.Value, directory, target, readByAnalysis);
            return true;
        }
        return resolved != null && variant.Keys.Any(v => PathVariables.References(path.RawValue, v)) && !Exists(resolved, target);
    }

    private bool Exists(string path, PathTarget target) => target switch
    {
        PathTarget.File => FileSystem.FileExists(path),
        PathTarget.Directory => FileSystem.DirectoryExists(path),
        _ => FileSystem.FileExists(path) || FileSystem.DirectoryExists(path),
    };

    /// <summary>Records a path written with unset variables: <paramref name="raw"/> substituted again with placeholders.</summary>
    private void RecordUse(YScalar writtenAt, string raw, string directory, PathTarget target, bool readByAnalysis, bool sourceOfVolume = false)
    {
        if (!environments.TryGetValue(writtenAt.Location.FilePath, out var environment)) return;
        var pattern = ComposeInterpolation.Substitute(raw, name => environment(name), null, PathVariables.Placeholder).Value;
        if (sourceOfVolume)
        {
            // short syntax SOURCE:TARGET[:MODE]; a source that is not a path is a named volume
            var colon = pattern.IndexOf(':');
            if (colon >= 0 && !(colon == 1 && char.IsLetter(pattern[0]))) pattern = pattern.Substring(0, colon);
            if (!(pattern.StartsWith(".", StringComparison.Ordinal) || pattern.IndexOf('/') >= 0 || pattern.IndexOf('\\') >= 0)) return;
        }
        if (PathVariables.HasPlaceholder(pattern)) PathUses.Add(new PathUse(writtenAt, directory, pattern, target, readByAnalysis));
    }

    /// <summary>The paths in the services that name files or directories: <c>env_file</c>, the <c>build</c> context, bind-mount sources.</summary>
    private void CollectServicePaths(YMapping root)
    {
        if (root["services"] is not YMapping services) return;
        foreach (var entry in services.Entries)
        {
            if (entry.Value is not YMapping service || entry.Name.StartsWith("x-", StringComparison.Ordinal)) continue;
            foreach (var envFile in EnvFilePaths(service["env_file"]))
                if (envFile.UnresolvedVariables.Count > 0) RecordUse(envFile, envFile.RawValue ?? envFile.Value, DirectoryOf(envFile), PathTarget.File, readByAnalysis: true);
            var context = service["build"] switch
            {
                YScalar scalar => scalar,
                YMapping build => build["context"] as YScalar,
                _ => null,
            };
            if (context is { UnresolvedVariables.Count: > 0 }) RecordUse(context, context.RawValue ?? context.Value, DirectoryOf(context), PathTarget.Directory, readByAnalysis: true);
            if (service["volumes"] is not YSequence volumes) continue;
            foreach (var volume in volumes.Items)
            {
                if (volume is YScalar { UnresolvedVariables.Count: > 0 } shortSyntax)
                    RecordUse(shortSyntax, shortSyntax.RawValue ?? shortSyntax.Value, DirectoryOf(shortSyntax), PathTarget.Either, readByAnalysis: false, sourceOfVolume: true);
                else if (volume is YMapping longSyntax && (longSyntax["type"] as YScalar)?.Value == "bind" && longSyntax["source"] is YScalar { UnresolvedVariables.Count: > 0 } source)
                    RecordUse(source, source.RawValue ?? source.Value, DirectoryOf(source), PathTarget.Either, readByAnalysis: false);
            }
        }
    }

    private static IEnumerable<YScalar> EnvFilePaths(YNode? envFile) => envFile switch
    {
        YScalar { IsNull: false } single => new[] { single },
        YSequence list => list.Items.Select(i => i switch
        {
            YScalar { IsNull: false } s => s,
            YMapping m => m["path"] as YScalar,
            _ => null,
        }).Where(s => s != null).Select(s => s!),
        _ => Enumerable.Empty<YScalar>(),
    };

    private string DirectoryOf(YNode writtenAt) =>
        directories.TryGetValue(writtenAt.Location.FilePath, out var directory) ? directory : projectDirectory;

    public void AddFile(string path, string directory)
    {
        if (!directories.ContainsKey(path))
        {
            files.Add(path);
            directories.Add(path, directory);
        }
    }

    /// <summary>Reads, validates and interpolates one compose file; null (after an HRD000) when compose would refuse it.</summary>
    public YMapping? ReadInterpolated(string path, VariableLookup environment)
    {
        var text = SourceReader.TryRead(FileSystem, path, request.MaxFileBytes, out var readError, limitSetting: request.SettingNames.MaxFileSize);
        if (text == null)
        {
            FileNotLoaded(path, readError!);
            return null;
        }
        var loaded = YamlLoader.Load(path, text);
        if (loaded.Error != null)
        {
            FileNotLoaded(path, loaded.Error);
            return null;
        }
        var root = ComposeStructure.Validate(path, loaded.Root, out var structureError);
        if (root == null)
        {
            FileNotLoaded(path, structureError!);
            return null;
        }
        var interpolator = new YamlInterpolator(name => environment(name), text);
        var interpolated = (YMapping)interpolator.Interpolate(root);
        environments[path] = environment;
        foreach (var name in interpolator.Unresolved) unresolved.Add(name);
        if (interpolator.Errors.Count == 0) return interpolated;
        foreach (var error in interpolator.Errors) FileNotLoaded(path, error);
        return null;
    }

    /// <summary>One file of the project with its <c>extends</c> and <c>include</c> resolved.</summary>
    public YMapping? LoadLayer(string path, VariableLookup environment, string workingDirectory, List<string> includeChain)
    {
        AddFile(path, workingDirectory);
        var root = ReadInterpolated(path, environment);
        if (root == null) return null;
        root = extends.Apply(path, root, environment, workingDirectory);
        return includes.Apply(root, environment, workingDirectory, includeChain);
    }
}
