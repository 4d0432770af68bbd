using System.Collections.Generic;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Dockerfile;

namespace HardeningTasks.Core.Parsing.Dockerfile;

/// <summary>Reads a Dockerfile input into a <see cref="DockerfileModel"/>; what cannot be read or parsed becomes an HRD000 at its location.</summary>
public sealed class DockerfileLoader
{
    private readonly IFileSystem fileSystem;
    private readonly AnalysisRequest request;
    private readonly ICollection<Finding> diagnostics;

    public DockerfileLoader(IFileSystem fileSystem, AnalysisRequest request, ICollection<Finding> diagnostics)
    {
        this.fileSystem = fileSystem;
        this.request = request;
        this.diagnostics = diagnostics;
    }

    public DockerfileModel? Load(string path)
    {
        var text = SourceReader.TryRead(fileSystem, path, request.MaxFileBytes, out var readError, limitSetting: request.SettingNames.MaxFileSize);
        if (text == null) return Fail(path, readError!);
        var result = DockerfileParser.Parse(path, text);
        return result.Model ?? Fail(path, result.Error!);
    }

    private DockerfileModel? Fail(string path, LoadError error)
    {
        lock (diagnostics)
            diagnostics.Add(ToolDiagnostics.FileNotLoaded.At(new SourceLocation(path, error.Span), null, null, error.Message));
        return null;
    }
}
