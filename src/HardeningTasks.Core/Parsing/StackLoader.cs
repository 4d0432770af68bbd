using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Parsing.Compose;
using HardeningTasks.Core.Parsing.Dockerfile;

namespace HardeningTasks.Core.Parsing;

/// <summary>Reads every input into the model. Files are independent here, so they are parsed in parallel; the
/// result keeps the input order so findings never depend on scheduling.</summary>
public static class StackLoader
{
    public static Stack Load(AnalysisRequest request, IFileSystem fileSystem, ICollection<Finding> diagnostics)
    {
        var compose = new ComposeLoader(fileSystem, request, diagnostics);
        var dockerfiles = new DockerfileLoader(fileSystem, request, diagnostics);
        var files = request.Files
            .AsParallel().AsOrdered()
            .Select(input => LoadOne(input, compose, dockerfiles))
            .Where(f => f != null)
            .Select(f => f!)
            .ToList();
        return new Stack(request.ProjectDirectory, files, fileSystem, request.Properties);
    }

    private static StackFile? LoadOne(InputFile input, ComposeLoader compose, DockerfileLoader dockerfiles) => input.Kind switch
    {
        InputKind.Compose => compose.LoadProject(input.Path),
        InputKind.Dockerfile => dockerfiles.Load(input.Path),
        _ => null,
    };
}
