using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HardeningTasks.Core;

namespace HardeningTasks.Cli;

/// <summary>The files a check is given: those named like an input, and the other YAML files whose content decides.</summary>
internal sealed record DiscoveredInputs(IReadOnlyList<InputFile> Files, IReadOnlyList<string> Candidates)
{
    public int Count => Files.Count + Candidates.Count;
}

/// <summary>
/// Turns the paths of the command line into the engine's inputs, as the package's default items do: a directory is
/// walked, a file named like an input (<see cref="InputClassifier.Classify"/>) is one, every other <c>*.yml</c>/<c>*.yaml</c>
/// is a candidate the engine classifies by content, and no <see cref="InputClassifier.ExcludedDirectories"/> folder is
/// entered at any depth. Symbolic links to directories are not followed (a link loop cannot hang the walk); linked files
/// are read.
/// </summary>
internal static class InputDiscovery
{
    private static readonly StringComparer PathComparer =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>The inputs, in a stable order, or a usage error.</summary>
    public static DiscoveredInputs Find(IReadOnlyList<string> paths, string currentDirectory, ICollection<string> notes, out string? error)
    {
        error = null;
        var files = new List<InputFile>();
        var candidates = new List<string>();
        var seen = new HashSet<string>(PathComparer);
        var none = new DiscoveredInputs(Array.Empty<InputFile>(), Array.Empty<string>());
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(Path.Combine(currentDirectory, path));
            if (Directory.Exists(full))
            {
                foreach (var file in Walk(full, notes))
                {
                    if (InputClassifier.Classify(file) is { } kind)
                    {
                        if (seen.Add(file)) files.Add(new InputFile(file, kind));
                    }
                    else if (InputClassifier.IsYaml(file) && seen.Add(file))
                    {
                        candidates.Add(file);
                    }
                }
            }
            else if (File.Exists(full))
            {
                if (!seen.Add(full)) continue;
                if (ClassifyExplicit(full) is { } kind) files.Add(new InputFile(full, kind));
                else if (InputClassifier.IsYaml(full)) candidates.Add(full);
                else
                {
                    error = $"'{path}' is not a compose file, Dockerfile or Traefik config by its name{WhatReadsIt(full)}.";
                    return none;
                }
            }
            else
            {
                error = $"'{path}' does not exist.";
                return none;
            }
        }
        return new DiscoveredInputs(files, candidates);
    }

    /// <summary>A file named on the command line: by the default globs, else by its name (a YAML file's content decides, in the engine).</summary>
    internal static InputKind? ClassifyExplicit(string path)
    {
        var byName = InputClassifier.Classify(path);
        if (byName != null) return byName;
        var name = Path.GetFileName(path);
        if (name.EndsWith(".dockerignore", StringComparison.OrdinalIgnoreCase)) return null;
        if (name.Equals("Containerfile", StringComparison.OrdinalIgnoreCase) || name.IndexOf("dockerfile", StringComparison.OrdinalIgnoreCase) >= 0)
            return InputKind.Dockerfile;
        if (Path.GetExtension(name).Equals(".toml", StringComparison.OrdinalIgnoreCase)) return InputKind.TraefikConfig;
        return null;
    }

    /// <summary>For the files the check reads on its own account: which input reads them.</summary>
    private static string WhatReadsIt(string path)
    {
        var name = Path.GetFileName(path);
        if (name.EndsWith(".dockerignore", StringComparison.OrdinalIgnoreCase)) return "; a .dockerignore is read with the Dockerfile it belongs to";
        if (name.Equals(".env", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".env", StringComparison.OrdinalIgnoreCase))
            return "; a .env is read by the compose files that use it (check their directory)";
        return "";
    }

    private static IEnumerable<string> Walk(string root, ICollection<string> notes)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            List<string> files;
            List<string> subdirectories;
            try
            {
                files = Directory.EnumerateFiles(directory).OrderBy(f => f, StringComparer.Ordinal).ToList();
                subdirectories = Directory.EnumerateDirectories(directory).OrderBy(d => d, StringComparer.Ordinal).ToList();
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                notes.Add($"skipped {directory}: {ex.Message}");
                continue;
            }
            foreach (var file in files) yield return file;
            // Pushed in reverse so the walk visits them in order (the engine sorts its findings anyway).
            for (var i = subdirectories.Count - 1; i >= 0; i--)
            {
                var subdirectory = subdirectories[i];
                var name = Path.GetFileName(subdirectory);
                if (InputClassifier.ExcludedDirectories.Any(x => PathComparer.Equals(x, name))) continue;
                if (new DirectoryInfo(subdirectory).LinkTarget != null) continue;
                pending.Push(subdirectory);
            }
        }
    }
}
