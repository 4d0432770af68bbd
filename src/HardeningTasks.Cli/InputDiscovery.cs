using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HardeningTasks.Core;

namespace HardeningTasks.Cli;

/// <summary>
/// Turns the paths of the command line into the engine's input files. A directory is walked with exactly the
/// package's default globs (<see cref="InputClassifier"/>) and its excludes: no <c>bin/</c>, <c>obj/</c>,
/// <c>node_modules/</c> or <c>.git/</c> folder at any depth. Symbolic links to directories are not followed
/// (a link loop cannot hang the walk); linked files are read.
/// </summary>
internal static class InputDiscovery
{
    private static readonly string[] ExcludedDirectories = { "bin", "obj", "node_modules", ".git" };

    private static readonly StringComparer PathComparer =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>The input files, in a stable order, or a usage error.</summary>
    public static IReadOnlyList<InputFile> Find(IReadOnlyList<string> paths, string currentDirectory, ICollection<string> notes, out string? error)
    {
        error = null;
        var files = new List<InputFile>();
        var seen = new HashSet<string>(PathComparer);
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(Path.Combine(currentDirectory, path));
            if (Directory.Exists(full))
            {
                foreach (var file in Walk(full, notes))
                {
                    var kind = InputClassifier.Classify(file);
                    if (kind != null && seen.Add(file)) files.Add(new InputFile(file, kind.Value));
                }
            }
            else if (File.Exists(full))
            {
                var kind = ClassifyExplicit(full);
                if (kind == null)
                {
                    error = $"'{path}' is not a compose file, Dockerfile or Traefik config by its name{WhatReadsIt(full)}.";
                    return Array.Empty<InputFile>();
                }
                if (seen.Add(full)) files.Add(new InputFile(full, kind.Value));
            }
            else
            {
                error = $"'{path}' does not exist.";
                return Array.Empty<InputFile>();
            }
        }
        return files;
    }

    /// <summary>A file named on the command line: by the default globs, else by its extension.</summary>
    internal static InputKind? ClassifyExplicit(string path)
    {
        var byName = InputClassifier.Classify(path);
        if (byName != null) return byName;
        var name = Path.GetFileName(path);
        if (name.EndsWith(".dockerignore", StringComparison.OrdinalIgnoreCase)) return null;
        if (name.Equals("Containerfile", StringComparison.OrdinalIgnoreCase) || name.IndexOf("dockerfile", StringComparison.OrdinalIgnoreCase) >= 0)
            return InputKind.Dockerfile;
        var extension = Path.GetExtension(name).ToLowerInvariant();
        if (extension is ".yml" or ".yaml")
            return name.StartsWith("traefik", StringComparison.OrdinalIgnoreCase) ? InputKind.TraefikConfig : InputKind.Compose;
        if (extension == ".toml") return InputKind.TraefikConfig;
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
                if (ExcludedDirectories.Any(x => PathComparer.Equals(x, name))) continue;
                if (new DirectoryInfo(subdirectory).LinkTarget != null) continue;
                pending.Push(subdirectory);
            }
        }
    }
}
