using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Parsing.Compose;

/// <summary>
/// Which compose files load together, as <c>docker compose</c> would pick them: every explicit <see cref="ComposeProjectSpec"/>
/// (main file and overlays); then, per directory, the file compose would pick there (<c>compose.yaml</c>, <c>compose.yml</c>,
/// <c>docker-compose.yml</c>, <c>docker-compose.yaml</c>) gets the first existing <c>compose.override.yml</c>,
/// <c>compose.override.yaml</c>, <c>docker-compose.override.yml</c>, <c>docker-compose.override.yaml</c> merged onto it when it
/// is an input; every other compose input is a project of its own. A file merged as an overlay is not also a project.
/// </summary>
internal sealed class ComposeProjectPlan
{
    private readonly IFileSystem fileSystem;
    private readonly Dictionary<string, ComposeProjectSpec> plannedByMain = new(StringComparer.Ordinal);
    private readonly HashSet<string> mergedOverlays = new(StringComparer.Ordinal);
    private readonly List<string> projectsWithoutInput = new();

    public ComposeProjectPlan(IFileSystem fileSystem, AnalysisRequest request)
    {
        this.fileSystem = fileSystem;
        Plan(request);
    }

    /// <summary>Main files of explicit projects that are not among the inputs.</summary>
    public IReadOnlyList<string> ProjectsWithoutInput => projectsWithoutInput;

    /// <summary>The files that load with <paramref name="mainFile"/>: as planned, else the override compose would merge onto it;
    /// null when the file is an overlay merged into another project.</summary>
    public ComposeProjectSpec? SpecOf(string mainFile)
    {
        var path = PathText.Full(mainFile);
        if (plannedByMain.TryGetValue(path, out var spec)) return spec;
        if (mergedOverlays.Contains(path)) return null;
        return new ComposeProjectSpec(path, AutoOverride(path) is { } found ? new[] { found } : Array.Empty<string>());
    }

    private void Plan(AnalysisRequest request)
    {
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in request.ComposeProjects)
        {
            var main = PathText.Full(spec.MainFile);
            var normalized = new ComposeProjectSpec(main, spec.Overlays.Select(PathText.Full).ToList());
            if (plannedByMain.ContainsKey(main)) continue;
            plannedByMain.Add(main, normalized);
            claimed.Add(main);
            foreach (var overlay in normalized.Overlays) claimed.Add(overlay);
        }

        var inputs = request.Files.Where(f => f.Kind == InputKind.Compose).Select(f => PathText.Full(f.Path)).Distinct(StringComparer.Ordinal).ToList();
        var inputSet = new HashSet<string>(inputs, StringComparer.Ordinal);
        foreach (var main in plannedByMain.Keys)
            if (!inputSet.Contains(main)) projectsWithoutInput.Add(main);
        foreach (var overlay in claimed)
            if (!plannedByMain.ContainsKey(overlay)) mergedOverlays.Add(overlay);

        foreach (var directory in inputs.Where(p => !claimed.Contains(p)).Select(p => Path.GetDirectoryName(p) ?? "").Distinct(StringComparer.Ordinal))
        {
            var winner = ComposeLoader.DefaultFileNames.Select(n => Path.Combine(directory, n)).FirstOrDefault(p => inputSet.Contains(p) || fileSystem.FileExists(p));
            if (winner == null || !inputSet.Contains(winner) || claimed.Contains(winner)) continue;
            var overlay = ComposeLoader.DefaultOverrideFileNames.Select(n => Path.Combine(directory, n)).FirstOrDefault(p => inputSet.Contains(p) || fileSystem.FileExists(p));
            if (overlay == null) continue;
            plannedByMain[winner] = new ComposeProjectSpec(winner, new[] { overlay });
            if (!plannedByMain.ContainsKey(overlay)) mergedOverlays.Add(overlay);
        }
    }

    /// <summary>The override compose would merge onto <paramref name="mainFile"/> when it is the file compose picks in its directory.</summary>
    private string? AutoOverride(string mainFile)
    {
        var directory = Path.GetDirectoryName(mainFile) ?? "";
        var winner = ComposeLoader.DefaultFileNames.Select(n => Path.Combine(directory, n)).FirstOrDefault(p => p == mainFile || fileSystem.FileExists(p));
        if (winner != mainFile) return null;
        return ComposeLoader.DefaultOverrideFileNames.Select(n => Path.Combine(directory, n)).FirstOrDefault(fileSystem.FileExists);
    }
}
