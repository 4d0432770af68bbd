using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Dockerfile;
using HardeningTasks.Core.Model.Traefik;

namespace HardeningTasks.Core;

/// <summary>
/// What an analysis checked and what it did not: the files read per kind, the compose projects, the files skipped and
/// why, the variables nothing set. Data, so that every front end (the build, the command line, SARIF) says the same
/// thing in the same words (<see cref="Describe"/>, <see cref="DescribeSkipped"/>); sets of paths and names, so that the
/// summaries of an incremental scan's units combine into the whole scan's.
/// </summary>
public sealed class CheckSummary
{
    /// <summary>How many unset variables the one-line summary names before "…".</summary>
    private const int NamedVariables = 5;

    public static readonly CheckSummary Empty = new(Array.Empty<string>(), Array.Empty<string>(), Array.Empty<string>(), Array.Empty<string>(), Array.Empty<SkippedInput>(), Array.Empty<string>());

    public CheckSummary(IEnumerable<string> composeFiles, IEnumerable<string> composeProjects, IEnumerable<string> dockerfiles,
        IEnumerable<string> traefikFiles, IEnumerable<SkippedInput> skipped, IEnumerable<string> unsetVariables, IEnumerable<string>? composeVariants = null)
    {
        ComposeFiles = Sorted(composeFiles);
        ComposeProjects = Sorted(composeProjects);
        ComposeVariants = Sorted(composeVariants ?? Array.Empty<string>());
        Dockerfiles = Sorted(dockerfiles);
        TraefikFiles = Sorted(traefikFiles);
        Skipped = skipped.GroupBy(s => s.Path, PathText.Comparer).Select(g => g.First()).OrderBy(s => s.Path, StringComparer.Ordinal).ToList();
        UnsetVariables = Sorted(unsetVariables);
    }

    /// <summary>Every compose file read into a project: main files, overlays, included and extended files.</summary>
    public IReadOnlyList<string> ComposeFiles { get; }

    /// <summary>The main file of every compose project (a project checked in several variants counts once).</summary>
    public IReadOnlyList<string> ComposeProjects { get; }

    /// <summary>The variants checked for unset path variables, each as <c>main file|NAME=value,…</c> (none for a project read as written).</summary>
    public IReadOnlyList<string> ComposeVariants { get; }

    public IReadOnlyList<string> Dockerfiles { get; }
    public IReadOnlyList<string> TraefikFiles { get; }

    /// <summary>Files given to the analysis and not checked, with the reason, in path order.</summary>
    public IReadOnlyList<SkippedInput> Skipped { get; }

    /// <summary>Variables compose files use that nothing sets (no <c>.env</c>, example, or build variable), by name.</summary>
    public IReadOnlyList<string> UnsetVariables { get; }

    /// <summary>The summary of a loaded stack, with the files the classification skipped.</summary>
    public static CheckSummary Of(Stack stack, IEnumerable<SkippedInput> skipped)
    {
        var projects = stack.FilesOf<ComposeProject>().ToList();
        return new CheckSummary(
            projects.SelectMany(p => p.Files),
            projects.Select(p => p.Path),
            stack.FilesOf<DockerfileModel>().Select(d => d.Path),
            stack.FilesOf<TraefikConfigFile>().Select(t => t.Path),
            skipped,
            projects.SelectMany(p => p.UnsetVariables),
            projects.Where(p => p.Variant.Count > 0).Select(p => p.Path + "|" + string.Join(",", p.Variant.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => v.Key + "=" + v.Value))));
    }

    /// <summary>Both summaries as one (the units of an incremental scan).</summary>
    public CheckSummary Combine(CheckSummary other) => new(
        ComposeFiles.Concat(other.ComposeFiles), ComposeProjects.Concat(other.ComposeProjects), Dockerfiles.Concat(other.Dockerfiles),
        TraefikFiles.Concat(other.TraefikFiles), Skipped.Concat(other.Skipped), UnsetVariables.Concat(other.UnsetVariables), ComposeVariants.Concat(other.ComposeVariants));

    /// <summary>Every summary as one, each list sorted once: combining the hundreds of units of an incremental scan pair
    /// by pair sorted the growing lists again at each step, and took most of an editor's check.</summary>
    public static CheckSummary Combine(IEnumerable<CheckSummary> summaries)
    {
        var all = summaries.ToList();
        return new(all.SelectMany(s => s.ComposeFiles), all.SelectMany(s => s.ComposeProjects), all.SelectMany(s => s.Dockerfiles),
            all.SelectMany(s => s.TraefikFiles), all.SelectMany(s => s.Skipped), all.SelectMany(s => s.UnsetVariables), all.SelectMany(s => s.ComposeVariants));
    }

    /// <summary>This summary with <paramref name="skipped"/> as its skipped files.</summary>
    public CheckSummary WithSkipped(IEnumerable<SkippedInput> skipped) =>
        new(ComposeFiles, ComposeProjects, Dockerfiles, TraefikFiles, skipped, UnsetVariables, ComposeVariants);

    /// <summary>
    /// The one line: <c>checked 12 compose files (4 projects, 3 variants for unset path variables), 5 Dockerfiles, 2 Traefik files; skipped 3 YAML files (not
    /// compose or Traefik); 1 variable unset (HOSTNAME)</c>. The front end puts its name before it.
    /// </summary>
    public string Describe()
    {
        var checkedParts = new List<string>();
        if (ComposeFiles.Count > 0)
            checkedParts.Add(Count(ComposeFiles.Count, "compose file") + " (" + Count(ComposeProjects.Count, "project")
                + (ComposeVariants.Count > 0 ? ", " + Count(ComposeVariants.Count, "variant") + " for unset path variables" : "") + ")");
        if (Dockerfiles.Count > 0) checkedParts.Add(Count(Dockerfiles.Count, "Dockerfile"));
        if (TraefikFiles.Count > 0) checkedParts.Add(Count(TraefikFiles.Count, "Traefik file"));
        var line = "checked " + (checkedParts.Count == 0 ? "no compose file, Dockerfile or Traefik config" : string.Join(", ", checkedParts));
        if (Skipped.Count > 0)
        {
            var reasons = Skipped.GroupBy(s => s.Reason).OrderBy(g => g.Key).ToList();
            line += "; skipped " + Count(Skipped.Count, "YAML file") + " ("
                + string.Join(", ", reasons.Select(g => (reasons.Count > 1 ? g.Count().ToString(CultureInfo.InvariantCulture) + " " : "") + Reason(g.Key))) + ")";
        }
        if (UnsetVariables.Count > 0)
        {
            var names = UnsetVariables.Take(NamedVariables).ToList();
            line += "; " + Count(UnsetVariables.Count, "variable") + " unset (" + string.Join(", ", names) + (UnsetVariables.Count > names.Count ? ", …" : "") + ")";
        }
        return line;
    }

    /// <summary>One line per skipped file, its path relative to <paramref name="root"/>: <c>skipped k8s/app.yaml: not compose or Traefik</c>;
    /// then the unset variables, all of them.</summary>
    public IReadOnlyList<string> DescribeSkipped(string root)
    {
        var lines = Skipped.Select(s => "skipped " + Relative(root, s.Path) + ": " + Reason(s.Reason)).ToList();
        if (UnsetVariables.Count > 0)
            lines.Add("unset variables (no .env, .env example or build variable sets them): " + string.Join(", ", UnsetVariables));
        return lines;
    }

    /// <summary>Why a file was skipped, in the words of the summary.</summary>
    public static string Reason(SkipReason reason) => reason switch
    {
        SkipReason.NotOurs => "not compose or Traefik",
        SkipReason.Fragment => "compose fragment without services",
        SkipReason.Empty => "empty",
        SkipReason.TooLarge => "over the size limit",
        _ => "unreadable",
    };

    private static string Relative(string root, string path) => string.IsNullOrEmpty(root) ? path : PathText.Relative(root, path);

    private static string Count(int count, string noun) => count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? "" : "s");

    private static List<string> Sorted(IEnumerable<string> values) => values.Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.Ordinal).ToList();
}
