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

/// <summary>
/// Builds the effective <see cref="ComposeProject"/>s from the compose inputs, in one direction:
/// read each file → interpolate it (build variables, then the project's <c>.env</c>) → resolve its <c>extends</c> and
/// <c>include</c> → merge the overlays onto the main file → <see cref="ComposeProject"/>.
/// <para>Which projects there are: every explicit <see cref="ComposeProjectSpec"/>; then, per directory, the file
/// <c>docker compose</c> would pick there (<c>compose.yaml</c>, <c>compose.yml</c>, <c>docker-compose.yml</c>,
/// <c>docker-compose.yaml</c>) gets the first existing <c>compose.override.yml</c>, <c>compose.override.yaml</c>,
/// <c>docker-compose.override.yml</c>, <c>docker-compose.override.yaml</c> merged onto it when it is an input;
/// every other compose input is a project of its own. A file merged as an overlay is not also a project.</para>
/// <para>Problems: a file that cannot be read or parsed, or whose interpolation compose would refuse, is an HRD000 in
/// that file and is left out (no project when it is the main file). A missing overlay, a missing or cyclic
/// <c>include</c>, a broken or cyclic <c>extends</c> are HRD090 and the rest of the project is still built.</para>
/// </summary>
public sealed class ComposeLoader
{
    /// <summary>Docker Compose's default file names, in the order it picks them.</summary>
    public static readonly IReadOnlyList<string> DefaultFileNames = new[] { "compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml" };

    /// <summary>Docker Compose's override file names, in the order it picks them (whatever the base file's name).</summary>
    public static readonly IReadOnlyList<string> DefaultOverrideFileNames = new[] { "compose.override.yml", "compose.override.yaml", "docker-compose.override.yml", "docker-compose.override.yaml" };

    private readonly IFileSystem fileSystem;
    private readonly AnalysisRequest request;
    private readonly ICollection<Finding> diagnostics;
    private readonly Dictionary<string, ComposeProjectSpec> plannedByMain = new(StringComparer.Ordinal);
    private readonly HashSet<string> mergedOverlays = new(StringComparer.Ordinal);
    private readonly List<string> projectsWithoutInput = new();
    private readonly EnvFileReader envFiles;

    public ComposeLoader(IFileSystem fileSystem, AnalysisRequest request, ICollection<Finding> diagnostics)
    {
        this.fileSystem = fileSystem;
        this.request = request;
        this.diagnostics = diagnostics;
        envFiles = new EnvFileReader(fileSystem, request.MaxFileBytes, request.ProjectDirectory, FileNotLoaded);
        Plan();
    }

    /// <summary>Main files of explicit projects that are not among the inputs: the stack loader loads them too.</summary>
    public IReadOnlyList<string> ProjectsWithoutInput => projectsWithoutInput;

    /// <summary>Docker Compose reads the <c>.env</c> of a project's directory; a repository that keeps it out of Git usually
    /// commits one of these instead, and its values are the ones the stack is meant to run with. The first that exists wins.</summary>
    public static readonly IReadOnlyList<string> DotEnvExampleNames = new[] { ".env.example", ".env.sample", ".env.dist", ".env.template", "example.env" };

    /// <summary>The most variants of one project checked for its unset path variables (<see cref="PathUse"/>).</summary>
    public const int MaxVariants = 32;

    /// <summary>The project whose main file is <paramref name="mainFile"/>; null when that file is an overlay merged into
    /// another project, or cannot be loaded (an HRD000 says why). The first of its variants (<see cref="LoadProjects(string)"/>).</summary>
    public ComposeProject? LoadProject(string mainFile) => LoadProjects(mainFile).FirstOrDefault();

    /// <summary>A main file with its overlays merged in order, as <c>docker compose -f main -f overlay…</c> (its first variant).</summary>
    public ComposeProject? LoadProject(ComposeProjectSpec spec) => LoadProjects(spec).FirstOrDefault();

    /// <summary>The project whose main file is <paramref name="mainFile"/>, once per variant; empty when that file is an
    /// overlay merged into another project, or cannot be loaded (an HRD000 says why).</summary>
    public IReadOnlyList<ComposeProject> LoadProjects(string mainFile)
    {
        var path = Full(mainFile);
        if (plannedByMain.TryGetValue(path, out var spec)) return LoadProjects(spec);
        if (mergedOverlays.Contains(path)) return Array.Empty<ComposeProject>();
        return LoadProjects(new ComposeProjectSpec(path, AutoOverride(path) is { } found ? new[] { found } : Array.Empty<string>()));
    }

    /// <summary>
    /// A main file with its overlays merged in order, as <c>docker compose -f main -f overlay…</c>. When paths in it use
    /// variables nothing sets (<c>include: compose/${HOSTNAME}/app.yml</c>), it is built once per value that names an
    /// existing file (a <b>variant</b>: <see cref="ComposeProject.Variant"/>), so that every file behind the variable is
    /// checked; at most <see cref="MaxVariants"/>. One HRD090 per file and variable says which variable, and how to set it.
    /// </summary>
    public IReadOnlyList<ComposeProject> LoadProjects(ComposeProjectSpec spec)
    {
        var kept = new List<ProjectBuilder>();
        var uses = new List<PathUse>();
        var matches = new PathMatches(fileSystem, MaxVariants * 4);
        var pending = new Queue<IReadOnlyDictionary<string, string>>();
        pending.Enqueue(new Dictionary<string, string>(StringComparer.Ordinal));
        long dropped = 0;
        while (pending.Count > 0)
        {
            var variant = pending.Dequeue();
            var builder = new ProjectBuilder(this, spec, variant);
            builder.Build();
            uses.AddRange(builder.PathUses);
            // A build whose paths leave variables unset is replaced by one build per combination of the values that name
            // existing files (an included file may use more of them: its builds are replaced in turn).
            var open = PathVariables.OpenValues(builder.PathUses, variant, matches);
            var children = PathVariables.Combinations(variant, open, MaxVariants - kept.Count - pending.Count, out var total);
            if (total == 0) kept.Add(builder);
            dropped += total - children.Count;
            foreach (var child in children) pending.Enqueue(child);
        }

        foreach (var builder in kept) builder.Commit();
        foreach (var (at, message) in PathVariables.UnsetReports(uses, matches)) Problem(at, message);
        if (dropped > 0)
        {
            var names = uses.SelectMany(u => u.Variables).Distinct(StringComparer.Ordinal).ToList();
            Problem(uses.OrderBy(u => u.WrittenAt.Location.FilePath != spec.MainFile).First().WrittenAt.Location,
                $"The unset path variables of this project ({string.Join(", ", names)}) name {kept.Count + dropped} combinations of existing files; HardeningTasks checked {kept.Count} of them. Set the variables (HardeningVariables in MSBuild, --var with hardening check) to choose which is checked.");
        }
        return kept.Select(b => b.Project).Where(p => p != null).Select(p => p!).ToList();
    }

    private void Plan()
    {
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in request.ComposeProjects)
        {
            var main = Full(spec.MainFile);
            var normalized = new ComposeProjectSpec(main, spec.Overlays.Select(Full).ToList());
            if (plannedByMain.ContainsKey(main)) continue;
            plannedByMain.Add(main, normalized);
            claimed.Add(main);
            foreach (var overlay in normalized.Overlays) claimed.Add(overlay);
        }

        var inputs = request.Files.Where(f => f.Kind == InputKind.Compose).Select(f => Full(f.Path)).Distinct(StringComparer.Ordinal).ToList();
        var inputSet = new HashSet<string>(inputs, StringComparer.Ordinal);
        foreach (var main in plannedByMain.Keys)
            if (!inputSet.Contains(main)) projectsWithoutInput.Add(main);
        foreach (var overlay in claimed)
            if (!plannedByMain.ContainsKey(overlay)) mergedOverlays.Add(overlay);

        foreach (var directory in inputs.Where(p => !claimed.Contains(p)).Select(p => Path.GetDirectoryName(p) ?? "").Distinct(StringComparer.Ordinal))
        {
            var winner = DefaultFileNames.Select(n => Path.Combine(directory, n)).FirstOrDefault(p => inputSet.Contains(p) || fileSystem.FileExists(p));
            if (winner == null || !inputSet.Contains(winner) || claimed.Contains(winner)) continue;
            var overlay = DefaultOverrideFileNames.Select(n => Path.Combine(directory, n)).FirstOrDefault(p => inputSet.Contains(p) || fileSystem.FileExists(p));
            if (overlay == null) continue;
            plannedByMain[winner] = new ComposeProjectSpec(winner, new[] { overlay });
            if (!plannedByMain.ContainsKey(overlay)) mergedOverlays.Add(overlay);
        }
    }

    /// <summary>The override compose would merge onto <paramref name="mainFile"/> when it is the file compose picks in its directory.</summary>
    private string? AutoOverride(string mainFile)
    {
        var directory = Path.GetDirectoryName(mainFile) ?? "";
        var winner = DefaultFileNames.Select(n => Path.Combine(directory, n)).FirstOrDefault(p => p == mainFile || fileSystem.FileExists(p));
        if (winner != mainFile) return null;
        return DefaultOverrideFileNames.Select(n => Path.Combine(directory, n)).FirstOrDefault(fileSystem.FileExists);
    }

    private static string Full(string path) => PathText.Full(path);

    private static string Resolve(string directory, string path) => PathText.Resolve(directory, path);

    private void Report(Finding finding)
    {
        lock (diagnostics) diagnostics.Add(finding);
    }

    private void Problem(SourceLocation at, string message) =>
        Report(ToolDiagnostics.ConfigurationProblem.At(at, null, null, message));

    /// <summary>An env_file that cannot be read: the same file in every variant of a project, so it is said once, here.</summary>
    private void FileNotLoaded(string path, LoadError error) =>
        Report(ToolDiagnostics.FileNotLoaded.At(new SourceLocation(path, error.Span), null, null, error.Message));

    /// <summary>The variables a compose file is interpolated with: a lookup that returns null for an unset variable.</summary>
    private delegate EnvValue? Environment(string name);

    /// <summary>The building of one project (one variant of it): the files it reads, the directory each one's relative
    /// paths are resolved from, the paths it could not resolve. Its problems are kept until <see cref="Commit"/>: a build
    /// that is replaced by its variants reports nothing.</summary>
    private sealed class ProjectBuilder
    {
        private readonly ComposeLoader loader;
        private readonly ComposeProjectSpec spec;
        private readonly IReadOnlyDictionary<string, string> variant;
        private readonly string projectDirectory;
        private readonly List<string> files = new();
        private readonly Dictionary<string, string> directories = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Environment> environments = new(StringComparer.Ordinal);
        private readonly Dictionary<string, FileModel?> extendsFiles = new(StringComparer.Ordinal);
        private readonly HashSet<string> unresolved = new(StringComparer.Ordinal);
        private readonly List<Finding> problems = new();

        public ProjectBuilder(ComposeLoader loader, ComposeProjectSpec spec, IReadOnlyDictionary<string, string> variant)
        {
            this.loader = loader;
            this.spec = spec;
            this.variant = variant;
            projectDirectory = Path.GetDirectoryName(spec.MainFile) ?? "";
        }

        public ComposeProject? Project { get; private set; }

        /// <summary>Paths written with variables this build left unset.</summary>
        public List<PathUse> PathUses { get; } = new();

        public void Commit()
        {
            foreach (var problem in problems) loader.Report(problem);
        }

        public void Build()
        {
            // The variant's values stand where the shell's environment would: under the build's variables, over every .env.
            var outside = new Environment(name => loader.request.Variables.TryGetValue(name, out var value) ? new EnvValue(value)
                : variant.TryGetValue(name, out var guessed) ? new EnvValue(guessed) : null);
            var environment = Layer(outside, ReadProjectEnv(projectDirectory, outside));

            var root = LoadLayer(spec.MainFile, environment, projectDirectory, new List<string> { spec.MainFile });
            if (root == null) return;
            foreach (var overlay in spec.Overlays)
            {
                if (!loader.fileSystem.FileExists(overlay))
                {
                    Problem(SourceLocation.FileStart(spec.MainFile),
                        $"The overlay '{overlay}' of the compose project '{spec.MainFile}' does not exist; the project is checked without it. Fix the path in HardeningComposeProject or create the file.");
                    continue;
                }
                var layer = LoadLayer(overlay, environment, projectDirectory, new List<string> { overlay });
                if (layer != null) root = ComposeMerger.MergeFiles(root, layer);
            }
            root = (YMapping)ComposeMerger.StripResets(root);
            var envFileContents = loader.envFiles.Read(root, node => directories.TryGetValue(node.Location.FilePath, out var d) ? d : projectDirectory, name => environment(name));
            CollectServicePaths(root);
            Project = new ComposeProject(spec.MainFile, files, root, directories, envFileContents)
            {
                UnsetVariables = unresolved.Concat(variant.Keys).Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.Ordinal).ToList(),
                Variant = variant,
            };
        }

        private void Problem(SourceLocation at, string message) =>
            problems.Add(ToolDiagnostics.ConfigurationProblem.At(at, null, null, message));

        private void FileNotLoaded(string path, LoadError error) =>
            problems.Add(ToolDiagnostics.FileNotLoaded.At(new SourceLocation(path, error.Span), null, null, error.Message));

        // ---------------------------------------------------------------- variables: .env, its examples, unset variables in paths

        /// <summary>
        /// True when <paramref name="path"/> cannot name its file because a variable in it is unset: the use is recorded
        /// (its variants are built from what exists), and no "does not exist" is said about the empty value. Also true for
        /// a path built from a variant's value that names nothing: that value came from another path, not from the user.
        /// </summary>
        private bool UnknownPath(YScalar path, string directory, PathTarget target, bool readByAnalysis, string? resolved = null)
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
            PathTarget.File => loader.fileSystem.FileExists(path),
            PathTarget.Directory => loader.fileSystem.DirectoryExists(path),
            _ => loader.fileSystem.FileExists(path) || loader.fileSystem.DirectoryExists(path),
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

        /// <summary>The variables of a project directory: its <c>.env</c>, else the first committed example of it.</summary>
        private IReadOnlyDictionary<string, EnvValue> ReadProjectEnv(string directory, Environment outside)
        {
            var dotEnv = Path.Combine(directory, ".env");
            if (loader.fileSystem.FileExists(dotEnv)) return ReadDotEnv(dotEnv, outside, required: false, null);
            foreach (var name in DotEnvExampleNames)
            {
                var example = Path.Combine(directory, name);
                if (loader.fileSystem.FileExists(example)) return ReadExample(example, outside);
            }
            return new Dictionary<string, EnvValue>();
        }

        private void AddFile(string path, string directory)
        {
            if (!directories.ContainsKey(path))
            {
                files.Add(path);
                directories.Add(path, directory);
            }
        }

        private static Environment Layer(Environment first, IReadOnlyDictionary<string, EnvValue> then) =>
            name => first(name) ?? (then.TryGetValue(name, out var value) ? value : null);

        /// <summary>Reads a <c>.env</c> file; its errors are HRD000 at their line (the variables before the error are kept).</summary>
        private IReadOnlyDictionary<string, EnvValue> ReadDotEnv(string path, Environment outside, bool required, SourceLocation? requiredBy)
        {
            var empty = new Dictionary<string, EnvValue>();
            if (!loader.fileSystem.FileExists(path))
            {
                if (required && requiredBy != null)
                    Problem(requiredBy, $"The env_file '{path}' of this include does not exist; Docker Compose refuses the project. The included file is interpolated without it.");
                return empty;
            }
            // NUL bytes allowed: the parser reports and skips the lines that hold one, and keeps the others
            var text = SourceReader.TryRead(loader.fileSystem, path, loader.request.MaxFileBytes, out var readError, allowNul: true, loader.request.SettingNames.MaxFileSize);
            if (text == null)
            {
                FileNotLoaded(path, readError!);
                return empty;
            }
            var parsed = DotEnvParser.Parse(text, name => outside(name));
            foreach (var error in parsed.Errors) FileNotLoaded(path, error);
            return parsed.Variables;
        }

        /// <summary>
        /// Reads a committed <c>.env</c> example. Compose never reads it (the user copies it to <c>.env</c>), so what is
        /// wrong in it is no error of the stack: bytes that are not UTF-8 (a Latin-1 comment) are read as Compose reads
        /// bytes, and a line it could not parse is an HRD090 warning; the variables before it are kept.
        /// </summary>
        private IReadOnlyDictionary<string, EnvValue> ReadExample(string path, Environment outside)
        {
            var text = SourceReader.TryRead(loader.fileSystem, path, loader.request.MaxFileBytes, out var readError, out var tooLarge);
            if (text == null && !tooLarge)
            {
                try
                {
                    text = SourceText.NormalizeLineEnds(new System.Text.UTF8Encoding(false, false).GetString(loader.fileSystem.ReadAllBytes(path)).TrimStart('\uFEFF'));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    text = null;
                }
            }
            if (text == null)
            {
                Problem(new SourceLocation(path, readError!.Span), $"The .env example '{Path.GetFileName(path)}' (read because the project commits no .env) is not used: {readError.Message}");
                return new Dictionary<string, EnvValue>();
            }
            var parsed = DotEnvParser.Parse(text, name => outside(name));
            foreach (var error in parsed.Errors)
                Problem(new SourceLocation(path, error.Span), $"The .env example '{Path.GetFileName(path)}' (read because the project commits no .env) has a line Docker Compose would refuse, and it is not used: {error.Message}");
            return parsed.Variables;
        }

        /// <summary>Reads, validates and interpolates one compose file; null (after an HRD000) when compose would refuse it.</summary>
        private YMapping? ReadInterpolated(string path, Environment environment)
        {
            var text = SourceReader.TryRead(loader.fileSystem, path, loader.request.MaxFileBytes, out var readError, limitSetting: loader.request.SettingNames.MaxFileSize);
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
        private YMapping? LoadLayer(string path, Environment environment, string workingDirectory, List<string> includeChain)
        {
            AddFile(path, workingDirectory);
            var root = ReadInterpolated(path, environment);
            if (root == null) return null;
            root = ApplyExtends(new FileModel(path, root, environment, workingDirectory));
            return ApplyIncludes(root, environment, workingDirectory, includeChain);
        }

        // ---------------------------------------------------------------- extends

        /// <summary>A compose file as seen by <c>extends</c>: its services, and the ones already resolved.</summary>
        private sealed class FileModel
        {
            public FileModel(string path, YMapping root, Environment environment, string workingDirectory)
            {
                Path = path;
                Root = root;
                Environment = environment;
                WorkingDirectory = workingDirectory;
                Services = root["services"] as YMapping;
            }

            public string Path { get; }
            public YMapping Root { get; }
            public Environment Environment { get; }
            public string WorkingDirectory { get; }
            public YMapping? Services { get; }
            public Dictionary<string, YMapping> Resolved { get; } = new(StringComparer.Ordinal);
        }

        private YMapping ApplyExtends(FileModel file)
        {
            if (file.Services == null || !file.Services.Entries.Any(e => e.Value is YMapping m && m.ContainsKey("extends"))) return file.Root;
            var chain = new List<string>();
            var services = file.Services.Entries
                .Select(e => e.Value is YMapping && !e.Name.StartsWith("x-", StringComparison.Ordinal) && Resolve(file, e.Name, chain) is { } resolved && !ReferenceEquals(resolved, e.Value)
                    ? new YEntry(e.Key, resolved)
                    : e)
                .ToList();
            return Replace(file.Root, "services", new YMapping(services, file.Services.Location, file.Services.Tag));
        }

        private YMapping? Resolve(FileModel file, string name, List<string> chain)
        {
            if (file.Resolved.TryGetValue(name, out var done)) return done;
            if (file.Services?[name] is not YMapping service) return null;
            var extends = service.Entry("extends");
            if (extends == null) return service;

            var withoutExtends = Without(service, "extends");
            var id = file.Path + ":" + name;
            if (chain.Contains(id))
            {
                var cycle = string.Join(" → ", chain.Skip(chain.IndexOf(id)).Concat(new[] { id }).Select(ServiceLabel));
                Problem(extends.Key.Location, $"Service '{name}' extends itself through {cycle}; Docker Compose refuses the cycle. The service is checked without this 'extends'.");
                return withoutExtends;
            }

            if (!ReadExtendsReference(extends, name, out var baseName, out var baseFile))
            {
                file.Resolved[name] = withoutExtends;
                return withoutExtends;
            }

            chain.Add(id);
            try
            {
                var source = file;
                if (baseFile != null)
                {
                    var target = ComposeLoader.Resolve(file.WorkingDirectory, baseFile.Value);
                    if (UnknownPath(baseFile, file.WorkingDirectory, PathTarget.File, readByAnalysis: true, target))
                    {
                        file.Resolved[name] = withoutExtends;
                        return withoutExtends;
                    }
                    var loaded = LoadExtendsFile(target, file.Environment, baseFile);
                    if (loaded == null)
                    {
                        file.Resolved[name] = withoutExtends;
                        return withoutExtends;
                    }
                    source = loaded;
                }

                var baseService = Resolve(source, baseName!.Value, chain);
                YMapping result;
                if (baseService == null)
                {
                    Problem(baseName.Location,
                        $"Service '{name}' extends '{baseName.Value}', which {(baseFile != null ? "'" + source.Path + "'" : "this file")} does not define as a service; Docker Compose refuses this. The service is checked without it.");
                    result = withoutExtends;
                }
                else
                {
                    result = ComposeMerger.ExtendService(baseService, withoutExtends, name);
                }
                if (!file.Resolved.ContainsKey(name)) file.Resolved[name] = result;
                return file.Resolved[name];
            }
            finally
            {
                chain.RemoveAt(chain.Count - 1);
            }
        }

        private static string ServiceLabel(string id)
        {
            var colon = id.LastIndexOf(':');
            return Path.GetFileName(id.Substring(0, colon)) + ":" + id.Substring(colon + 1);
        }

        private bool ReadExtendsReference(YEntry extends, string name, out YScalar? service, out YScalar? file)
        {
            service = null;
            file = null;
            switch (extends.Value)
            {
                case YScalar { IsNull: false } scalar:
                    service = scalar;
                    return true;
                case YMapping map when map["service"] is YScalar { IsNull: false } serviceName:
                    service = serviceName;
                    file = map["file"] as YScalar is { IsNull: false } f ? f : null;
                    return true;
                default:
                    Problem(extends.Key.Location, $"Service '{name}' has an 'extends' without a service name ('extends: base' or 'extends: {{service: base, file: common.yml}}'); the service is checked without it.");
                    return false;
            }
        }

        private FileModel? LoadExtendsFile(string path, Environment environment, YScalar writtenAt)
        {
            if (extendsFiles.TryGetValue(path, out var cached)) return cached;
            FileModel? model = null;
            if (!loader.fileSystem.FileExists(path))
            {
                Problem(writtenAt.Location, $"The file '{writtenAt.Value}' this service extends from does not exist ({path}); the service is checked without it.");
            }
            else
            {
                var directory = Path.GetDirectoryName(path) ?? "";
                AddFile(path, directory);
                var root = ReadInterpolated(path, environment);
                if (root != null) model = new FileModel(path, root, environment, directory);
            }
            extendsFiles[path] = model;
            return model;
        }

        // ---------------------------------------------------------------- include

        private static readonly string[] ImportedSections = { "services", "volumes", "networks", "secrets", "configs" };

        private YMapping ApplyIncludes(YMapping root, Environment environment, string workingDirectory, List<string> chain)
        {
            var include = root.Entry("include");
            if (include == null) return root;
            root = Without(root, "include");
            if (include.Value is YScalar { IsNull: true }) return root;
            if (include.Value is not YSequence entries)
            {
                Problem(include.Key.Location, "'include' must be a list of files (or of {path:, project_directory:, env_file:}); it is ignored.");
                return root;
            }

            foreach (var entry in entries.Items)
            {
                var included = LoadInclude(entry, environment, workingDirectory, chain);
                if (included != null) root = Import(root, included, include.Key);
            }
            return root;
        }

        private YMapping? LoadInclude(YNode entry, Environment parentEnvironment, string workingDirectory, List<string> chain)
        {
            var paths = new List<YScalar>();
            YScalar? projectDirectoryNode = null;
            var envFiles = new List<YScalar>();
            switch (entry)
            {
                case YScalar { IsNull: false } single:
                    paths.Add(single);
                    break;
                case YMapping map:
                    if (map["path"] is YScalar { IsNull: false } path) paths.Add(path);
                    else if (map["path"] is YSequence pathList) paths.AddRange(pathList.Items.OfType<YScalar>().Where(p => !p.IsNull));
                    projectDirectoryNode = map["project_directory"] as YScalar is { IsNull: false } pd ? pd : null;
                    if (map["env_file"] is YScalar { IsNull: false } envFile) envFiles.Add(envFile);
                    else if (map["env_file"] is YSequence envList) envFiles.AddRange(envList.Items.OfType<YScalar>().Where(p => !p.IsNull));
                    break;
            }
            if (paths.Count == 0)
            {
                Problem(entry.Location, "This include names no file ('- other/compose.yaml' or '- path: other/compose.yaml'); it is ignored.");
                return null;
            }

            var files = paths.Select(p => ComposeLoader.Resolve(workingDirectory, p.Value)).ToList();
            for (var i = 0; i < files.Count; i++)
                if (UnknownPath(paths[i], workingDirectory, PathTarget.File, readByAnalysis: true, files[i]))
                    return null;
            for (var i = 0; i < files.Count; i++)
            {
                if (chain.Contains(files[i]))
                {
                    var cycle = string.Join(" → ", chain.Skip(chain.IndexOf(files[i])).Concat(new[] { files[i] }).Select(Path.GetFileName));
                    Problem(paths[i].Location, $"Include cycle: {cycle}; Docker Compose refuses it. This include is ignored.");
                    return null;
                }
                if (!loader.fileSystem.FileExists(files[i]))
                {
                    Problem(paths[i].Location, $"The included file '{paths[i].Value}' does not exist ({files[i]}); Docker Compose refuses the project. The project is checked without it.");
                    return null;
                }
            }

            if (projectDirectoryNode != null) UnknownPath(projectDirectoryNode, workingDirectory, PathTarget.Directory, readByAnalysis: true);
            var includeDirectory = projectDirectoryNode != null
                ? ComposeLoader.Resolve(workingDirectory, projectDirectoryNode.Value)
                : Path.GetDirectoryName(files[0]) ?? "";

            // The included files see the including project's variables first, then their own .env (or the include's env_file).
            var own = new Dictionary<string, EnvValue>(StringComparer.Ordinal);
            if (envFiles.Count == 0)
            {
                foreach (var pair in ReadProjectEnv(includeDirectory, parentEnvironment)) own[pair.Key] = pair.Value;
            }
            else
            {
                foreach (var envFile in envFiles.Where(e => !UnknownPath(e, workingDirectory, PathTarget.File, readByAnalysis: true, ComposeLoader.Resolve(workingDirectory, e.Value))))
                    foreach (var pair in ReadDotEnv(ComposeLoader.Resolve(workingDirectory, envFile.Value), parentEnvironment, required: true, envFile.Location))
                        own[pair.Key] = pair.Value;
            }
            var environment = Layer(parentEnvironment, own);

            YMapping? result = null;
            foreach (var file in files)
            {
                var nested = new List<string>(chain) { file };
                var layer = LoadLayer(file, environment, includeDirectory, nested);
                if (layer == null) continue;
                result = result == null ? layer : ComposeMerger.MergeFiles(result, layer);
            }
            return result == null ? null : (YMapping)ComposeMerger.StripResets(result);
        }

        /// <summary>Adds the included project's services, volumes, networks, secrets and configs. A name the including file
        /// defines differently is a conflict compose refuses: HRD090 at the including file's definition, which is kept.</summary>
        private YMapping Import(YMapping root, YMapping included, YScalar includeKey)
        {
            foreach (var section in ImportedSections)
            {
                if (included[section] is not YMapping from || from.Entries.Count == 0) continue;
                var existingEntry = root.Entry(section);
                var existing = existingEntry?.Value as YMapping;
                var entries = existing != null ? new List<YEntry>(existing.Entries) : new List<YEntry>();
                foreach (var entry in from.Entries)
                {
                    var current = existing?.Entry(entry.Name);
                    if (current == null)
                    {
                        entries.Add(entry);
                        continue;
                    }
                    if (!SameValue(current.Value, entry.Value))
                        Problem(current.Key.Location,
                            $"{section}.{entry.Name} is also defined by the included file '{Path.GetFileName(entry.Key.Location.FilePath)}' (line {entry.Key.Location.Line}), differently; Docker Compose refuses the conflict. This definition is checked.");
                }
                var merged = new YMapping(entries, existing?.Location ?? from.Location, existing?.Tag);
                root = existingEntry != null
                    ? Replace(root, section, merged)
                    : new YMapping(root.Entries.Concat(new[] { new YEntry(new YScalar(section, true, includeKey.Location), merged) }).ToList(), root.Location, root.Tag);
            }
            return root;
        }

        private static bool SameValue(YNode a, YNode b)
        {
            if (ReferenceEquals(a, b)) return true;
            switch (a)
            {
                case YScalar sa when b is YScalar sb:
                    return sa.Value == sb.Value;
                case YSequence qa when b is YSequence qb:
                    if (qa.Items.Count != qb.Items.Count) return false;
                    for (var i = 0; i < qa.Items.Count; i++)
                        if (!SameValue(qa.Items[i], qb.Items[i])) return false;
                    return true;
                case YMapping ma when b is YMapping mb:
                    if (ma.Entries.Count != mb.Entries.Count) return false;
                    foreach (var entry in ma.Entries)
                        if (mb[entry.Name] is not { } other || !SameValue(entry.Value, other)) return false;
                    return true;
                default:
                    return false;
            }
        }

        private static YMapping Without(YMapping map, string key) =>
            new(map.Entries.Where(e => e.Name != key).ToList(), map.Location, map.Tag);

        private static YMapping Replace(YMapping map, string key, YNode value) =>
            new(map.Entries.Select(e => e.Name == key ? new YEntry(e.Key, value) : e).ToList(), map.Location, map.Tag);
    }
}

/// <summary>The structural checks Docker Compose makes before anything else, so rules can trust the shape.</summary>
public static class ComposeStructure
{
    public static YMapping? Validate(string path, YNode? root, out LoadError? error)
    {
        error = null;
        switch (root)
        {
            case null:
                error = new LoadError("The compose file is empty.", SourceSpan.FileStart);
                return null;
            case not YMapping:
                error = new LoadError("A compose file must be a mapping at the top level (services:, networks:, …).", root.Location.Span);
                return null;
            case YMapping map when map["services"] is { } services && !(services is YScalar { IsNull: true }):
                if (services is not YMapping serviceMap)
                {
                    error = new LoadError("'services' must be a mapping of service names to their definitions.", services.Location.Span);
                    return null;
                }
                foreach (var entry in serviceMap.Entries)
                    if (!entry.Name.StartsWith("x-", System.StringComparison.Ordinal) && entry.Value is not YMapping && !(entry.Value is YScalar { IsNull: true }))
                    {
                        error = new LoadError($"Service '{entry.Name}' must be a mapping (image:, build:, …).", entry.Value.Location.Span);
                        return null;
                    }
                return map;
            case YMapping map:
                return map;
        }
    }
}
