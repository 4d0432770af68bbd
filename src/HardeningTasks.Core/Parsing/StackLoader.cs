using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Parsing.Compose;
using HardeningTasks.Core.Parsing.Dockerfile;
using HardeningTasks.Core.Parsing.Traefik;

namespace HardeningTasks.Core.Parsing;

/// <summary>Reads every input into the model. Files are independent here, so they are parsed in parallel (unless the caller
/// already runs in parallel); the result keeps the input order so findings never depend on scheduling. Joining them is the
/// next phase's job (<c>Linking.StackLinker</c>).</summary>
public static class StackLoader
{
    public static IReadOnlyList<StackFile> Load(AnalysisRequest request, IFileSystem fileSystem, ICollection<Finding> diagnostics)
    {
        var compose = new ComposeLoader(fileSystem, request, diagnostics);
        var dockerfiles = new DockerfileLoader(fileSystem, request, diagnostics);
        // Explicit compose projects whose main file is not an input are loaded too; an overlay merged into a project is not loaded on its own.
        var inputs = request.Files.Concat(compose.ProjectsWithoutInput.Select(main => new InputFile(main, InputKind.Compose)));
        var loaded = request.LoadInParallel
            ? inputs.AsParallel().AsOrdered().Select(input => LoadOne(input, compose, dockerfiles, request, fileSystem, diagnostics)).ToList()
            : inputs.Select(input => LoadOne(input, compose, dockerfiles, request, fileSystem, diagnostics)).ToList();
        return loaded.SelectMany(f => f).ToList();
    }

    /// <summary>The parts of the stack read from one input: none when it cannot be loaded, several for a compose project
    /// checked in variants.</summary>
    private static IReadOnlyList<StackFile> LoadOne(InputFile input, ComposeLoader compose, DockerfileLoader dockerfiles, AnalysisRequest request, IFileSystem fileSystem, ICollection<Finding> diagnostics)
    {
        try
        {
            return input.Kind switch
            {
                InputKind.Compose => compose.LoadProjects(input.Path),
                InputKind.Dockerfile => Single(dockerfiles.Load(input.Path)),
                InputKind.TraefikConfig => Single(TraefikConfigLoader.LoadInput(fileSystem, input.Path, request.MaxFileBytes, diagnostics, request.SettingNames.MaxFileSize)),
                _ => Array.Empty<StackFile>(),
            };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug of ours in a parser must cost this file, never the build nor the other files' findings.
            var message = $"HardeningTasks failed to load this file ({ex.GetType().Name}: {ex.Message}); the other files were still checked. Please report this with the file.";
            lock (diagnostics) diagnostics.Add(ToolDiagnostics.FileNotLoaded.At(SourceLocation.FileStart(input.Path), null, null, message));
            return Array.Empty<StackFile>();
        }
    }

    private static IReadOnlyList<StackFile> Single(StackFile? file) => file == null ? Array.Empty<StackFile>() : new[] { file };
}
