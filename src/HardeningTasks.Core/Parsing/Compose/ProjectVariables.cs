using System;
using System.Collections.Generic;
using System.IO;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Parsing.Compose;

/// <summary>The variables a compose file is interpolated with: a lookup that returns null for an unset variable.</summary>
internal delegate EnvValue? VariableLookup(string name);

/// <summary>
/// The variables of a project directory as Docker Compose reads them: its <c>.env</c>, else the first committed example of
/// it; an include's <c>env_file</c>. What is wrong in a file goes to the build that reads it (<c>problem</c>:
/// HRD090, <c>fileNotLoaded</c>: HRD000), which keeps it until it commits.
/// </summary>
internal sealed class ProjectVariables
{
    private readonly IFileSystem fileSystem;
    private readonly AnalysisRequest request;
    private readonly Action<SourceLocation, string> problem;
    private readonly Action<string, LoadError> fileNotLoaded;

    public ProjectVariables(IFileSystem fileSystem, AnalysisRequest request, Action<SourceLocation, string> problem, Action<string, LoadError> fileNotLoaded)
    {
        this.fileSystem = fileSystem;
        this.request = request;
        this.problem = problem;
        this.fileNotLoaded = fileNotLoaded;
    }

    /// <summary>The variables of a project directory: its <c>.env</c>, else the first committed example of it.</summary>
    public IReadOnlyDictionary<string, EnvValue> ReadProjectEnv(string directory, VariableLookup outside)
    {
        var dotEnv = Path.Combine(directory, ".env");
        if (fileSystem.FileExists(dotEnv)) return ReadDotEnv(dotEnv, outside, required: false, null);
        foreach (var name in ComposeLoader.DotEnvExampleNames)
        {
            var example = Path.Combine(directory, name);
            if (fileSystem.FileExists(example)) return ReadExample(example, outside);
        }
        return new Dictionary<string, EnvValue>();
    }

    public static VariableLookup Layer(VariableLookup first, IReadOnlyDictionary<string, EnvValue> then) =>
        name => first(name) ?? (then.TryGetValue(name, out var value) ? value : null);

    /// <summary>Reads a <c>.env</c> file; its errors are HRD000 at their line (the variables before the error are kept).</summary>
    public IReadOnlyDictionary<string, EnvValue> ReadDotEnv(string path, VariableLookup outside, bool required, SourceLocation? requiredBy)
    {
        var empty = new Dictionary<string, EnvValue>();
        if (!fileSystem.FileExists(path))
        {
            if (required && requiredBy != null)
                problem(requiredBy, $"The env_file '{path}' of this include does not exist; Docker Compose refuses the project. The included file is interpolated without it.");
            return empty;
        }
        // NUL bytes allowed: the parser reports and skips the lines that hold one, and keeps the others
        var text = SourceReader.TryRead(fileSystem, path, request.MaxFileBytes, out var readError, allowNul: true, request.SettingNames.MaxFileSize);
        if (text == null)
        {
            fileNotLoaded(path, readError!);
            return empty;
        }
        var parsed = DotEnvParser.Parse(text, name => outside(name));
        foreach (var error in parsed.Errors) fileNotLoaded(path, error);
        return parsed.Variables;
    }

    /// <summary>
    /// Reads a committed <c>.env</c> example. Compose never reads it (the user copies it to <c>.env</c>), so what is
    /// wrong in it is no error of the stack: bytes that are not UTF-8 (a Latin-1 comment) are read as Compose reads
    /// bytes, and a line it could not parse is an HRD090 warning; the variables before it are kept.
    /// </summary>
    private IReadOnlyDictionary<string, EnvValue> ReadExample(string path, VariableLookup outside)
    {
        var text = SourceReader.TryRead(fileSystem, path, request.MaxFileBytes, out var readError, out var tooLarge);
        if (text == null && !tooLarge)
        {
            try
            {
                text = SourceText.NormalizeLineEnds(new System.Text.UTF8Encoding(false, false).GetString(fileSystem.ReadAllBytes(path)).TrimStart('\uFEFF'));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                text = null;
            }
        }
        if (text == null)
        {
            problem(new SourceLocation(path, readError!.Span), $"The .env example '{Path.GetFileName(path)}' (read because the project commits no .env) is not used: {readError.Message}");
            return new Dictionary<string, EnvValue>();
        }
        var parsed = DotEnvParser.Parse(text, name => outside(name));
        foreach (var error in parsed.Errors)
            problem(new SourceLocation(path, error.Span), $"The .env example '{Path.GetFileName(path)}' (read because the project commits no .env) has a line Docker Compose would refuse, and it is not used: {error.Message}");
        return parsed.Variables;
    }
}
