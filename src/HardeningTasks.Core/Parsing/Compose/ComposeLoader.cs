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
/// <para>The jobs are classes of their own: which files load together (<see cref="ComposeProjectPlan"/>), one build of a
/// project (<see cref="ComposeProjectBuilder"/>) with its <c>.env</c> (<see cref="ProjectVariables"/>), <c>extends</c>
/// (<see cref="ComposeExtends"/>) and <c>include</c> (<see cref="ComposeIncludes"/>), the shape compose requires
/// (<see cref="ComposeStructure"/>). This class runs them, and the variants of a project whose paths use unset variables.</para>
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
    private readonly ComposeProjectPlan plan;
    private readonly EnvFileReader envFiles;

    public ComposeLoader(IFileSystem fileSystem, AnalysisRequest request, ICollection<Finding> diagnostics)
    {
        this.fileSystem = fileSystem;
        this.request = request;
        this.diagnostics = diagnostics;
        envFiles = new EnvFileReader(fileSystem, request.MaxFileBytes, request.ProjectDirectory, FileNotLoaded);
        plan = new ComposeProjectPlan(fileSystem, request);
    }

    /// <summary>Main files of explicit projects that are not among the inputs: the stack loader loads them too.</summary>
    public IReadOnlyList<string> ProjectsWithoutInput => plan.ProjectsWithoutInput;

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
        var spec = plan.SpecOf(mainFile);
        return spec == null ? Array.Empty<ComposeProject>() : LoadProjects(spec);
    }

    /// <summary>
    /// A main file with its overlays merged in order, as <c>docker compose -f main -f overlay…</c>. When paths in it use
    /// variables nothing sets (<c>include: compose/${HOSTNAME}/app.yml</c>), it is built once per value that names an
    /// existing file (a <b>variant</b>: <see cref="ComposeProject.Variant"/>), so that every file behind the variable is
    /// checked; at most <see cref="MaxVariants"/>. One HRD090 per file and variable says which variable, and how to set it.
    /// </summary>
    public IReadOnlyList<ComposeProject> LoadProjects(ComposeProjectSpec spec)
    {
        var kept = new List<ComposeProjectBuilder>();
        var uses = new List<PathUse>();
        var matches = new PathMatches(fileSystem, MaxVariants * 4);
        var pending = new Queue<IReadOnlyDictionary<string, string>>();
        pending.Enqueue(new Dictionary<string, string>(StringComparer.Ordinal));
        long dropped = 0;
        while (pending.Count > 0)
        {
            var variant = pending.Dequeue();
            var builder = new ComposeProjectBuilder(fileSystem, request, envFiles, Report, spec, variant);
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

    private void Report(Finding finding)
    {
        lock (diagnostics) diagnostics.Add(finding);
    }

    private void Problem(SourceLocation at, string message) =>
        Report(ToolDiagnostics.ConfigurationProblem.At(at, null, null, message));

    /// <summary>An env_file that cannot be read: the same file in every variant of a project, so it is said once, here.</summary>
    private void FileNotLoaded(string path, LoadError error) =>
        Report(ToolDiagnostics.FileNotLoaded.At(new SourceLocation(path, error.Span), null, null, error.Message));
}
