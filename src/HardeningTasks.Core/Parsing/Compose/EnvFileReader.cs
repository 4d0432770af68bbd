using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Parsing.Compose;

/// <summary>
/// Reads the <c>env_file:</c> files a project's services name into the model, while the project is loaded: with the <c>.env</c>
/// syntax Compose uses for them, interpolated with the project's variables, each line keeping where it was written, and with
/// whether Git would commit the file (<see cref="GitIgnore"/>). A file that does not exist or whose path holds an unset variable
/// is left out; one Compose would refuse to parse is an HRD000 at its line.
/// </summary>
internal sealed class EnvFileReader
{
    private readonly IFileSystem fileSystem;
    private readonly long maxFileBytes;
    private readonly GitIgnore gitIgnore;
    private readonly Action<string, LoadError> fileNotLoaded;

    public EnvFileReader(IFileSystem fileSystem, long maxFileBytes, string analysisRoot, Action<string, LoadError> fileNotLoaded)
    {
        this.fileSystem = fileSystem;
        this.maxFileBytes = maxFileBytes;
        this.fileNotLoaded = fileNotLoaded;
        gitIgnore = new GitIgnore(fileSystem, analysisRoot);
    }

    /// <param name="directoryOf">The directory a relative path written in a file is resolved against.</param>
    /// <param name="variables">The project's variables, for <c>${VAR}</c> in the files.</param>
    public IReadOnlyDictionary<string, EnvFile> Read(YMapping root, Func<YNode, string> directoryOf, Func<string, EnvValue?> variables)
    {
        var read = new Dictionary<string, EnvFile>(StringComparer.Ordinal);
        foreach (var service in ComposeProject.ReadNamedMappings(root["services"]))
        {
            var paths = service.Value is YMapping map ? map["env_file"] : null;
            foreach (var path in ComposeService.EnvFilePathsOf(paths))
            {
                if (!path.IsFullyResolved || path.Value.Trim().Length == 0) continue;
                var full = PathText.Resolve(directoryOf(path), path.Value.Trim());
                if (read.ContainsKey(full) || !fileSystem.FileExists(full)) continue;
                if (Load(full, variables) is { } file) read.Add(full, file);
            }
        }
        return read;
    }

    private EnvFile? Load(string path, Func<string, EnvValue?> variables)
    {
        var text = SourceReader.TryRead(fileSystem, path, maxFileBytes, out var readError);
        if (text == null)
        {
            fileNotLoaded(path, readError!);
            return null;
        }
        var parsed = DotEnvParser.Parse(SourceText.NormalizeLineEnds(text), variables);
        if (parsed.Error != null) fileNotLoaded(path, parsed.Error);
        var entries = new List<EnvFileEntry>();
        var file = new EnvFile(path, !gitIgnore.IsIgnored(path), entries);
        foreach (var line in parsed.Lines)
            entries.Add(new EnvFileEntry(line.Name, line.Value.Value, line.Written,
                new SourceLocation(path, line.Key), new SourceLocation(path, line.ValueAt), line.Value.Unresolved.Count == 0, file));
        return file;
    }
}
