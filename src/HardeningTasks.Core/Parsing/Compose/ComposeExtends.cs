using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Parsing.Compose;

/// <summary>
/// Resolves the <c>extends</c> of a compose file's services, for one build of a project: the base service (in the same file or
/// in <c>extends.file</c>, read once per build) merged under the service, as Docker Compose does. A broken or cyclic
/// <c>extends</c> is HRD090 and the service is checked without it.
/// </summary>
internal sealed class ComposeExtends
{
    private readonly ComposeProjectBuilder project;
    private readonly Dictionary<string, FileModel?> extendsFiles = new(StringComparer.Ordinal);

    public ComposeExtends(ComposeProjectBuilder project)
    {
        this.project = project;
    }

    /// <summary><paramref name="root"/> (the file at <paramref name="path"/>) with every service's <c>extends</c> applied.</summary>
    public YMapping Apply(string path, YMapping root, VariableLookup environment, string workingDirectory) =>
        ApplyExtends(new FileModel(path, root, environment, workingDirectory));

    /// <summary>A compose file as seen by <c>extends</c>: its services, and the ones already resolved.</summary>
    private sealed class FileModel
    {
        public FileModel(string path, YMapping root, VariableLookup environment, string workingDirectory)
        {
            Path = path;
            Root = root;
            Environment = environment;
            WorkingDirectory = workingDirectory;
            Services = root["services"] as YMapping;
        }

        public string Path { get; }
        public YMapping Root { get; }
        public VariableLookup Environment { get; }
        public string WorkingDirectory { get; }
        public YMapping? Services { get; }
        public Dictionary<string, YMapping> Resolved { get; } = new(StringComparer.Ordinal);
    }

    private YMapping ApplyExtends(FileModel file)
    {
        if (file.Services == null || !file.Services.Entries.Any(e => e.Value is YMapping m && m.ContainsKey("extends"))) return file.Root;
        var chain = new List<string>();
        var services = file.Services.Entries
            .Select(e => e.Value is YMapping && !e.Name.StartsWith("x-", StringComparison.Ordinal) && Resolve(file, e.Name, chain) is { } resolved && !ReferenceEquals(resolved, e.Value)
                ? new YEntry(e.Key, resolved)
                : e)
            .ToList();
        return ComposeMerger.Replace(file.Root, "services", new YMapping(services, file.Services.Location, file.Services.Tag));
    }

    private YMapping? Resolve(FileModel file, string name, List<string> chain)
    {
        if (file.Resolved.TryGetValue(name, out var done)) return done;
        if (file.Services?[name] is not YMapping service) return null;
        var extends = service.Entry("extends");
        if (extends == null) return service;

        var withoutExtends = ComposeMerger.Without(service, "extends");
        var id = file.Path + ":" + name;
        if (chain.Contains(id))
        {
            var cycle = string.Join(" → ", chain.Skip(chain.IndexOf(id)).Concat(new[] { id }).Select(ServiceLabel));
            project.Problem(extends.Key.Location, $"Service '{name}' extends itself through {cycle}; Docker Compose refuses the cycle. The service is checked without this 'extends'.");
            return withoutExtends;
        }

        if (!ReadExtendsReference(extends, name, out var baseName, out var baseFile))
        {
            file.Resolved[name] = withoutExtends;
            return withoutExtends;
        }

        chain.Add(id);
        try
        {
            var source = file;
            if (baseFile != null)
            {
                var target = PathText.Resolve(file.WorkingDirectory, baseFile.Value);
                if (project.UnknownPath(baseFile, file.WorkingDirectory, PathTarget.File, readByAnalysis: true, target))
                {
                    file.Resolved[name] = withoutExtends;
                    return withoutExtends;
                }
                var loaded = LoadExtendsFile(target, file.Environment, baseFile);
                if (loaded == null)
                {
                    file.Resolved[name] = withoutExtends;
                    return withoutExtends;
                }
                source = loaded;
            }

            var baseService = Resolve(source, baseName!.Value, chain);
            YMapping result;
            if (baseService == null)
            {
                project.Problem(baseName.Location,
                    $"Service '{name}' extends '{baseName.Value}', which {(baseFile != null ? "'" + source.Path + "'" : "this file")} does not define as a service; Docker Compose refuses this. The service is checked without it.");
                result = withoutExtends;
            }
            else
            {
                result = ComposeMerger.ExtendService(baseService, withoutExtends, name);
            }
            if (!file.Resolved.ContainsKey(name)) file.Resolved[name] = result;
            return file.Resolved[name];
        }
        finally
        {
            chain.RemoveAt(chain.Count - 1);
        }
    }

    private static string ServiceLabel(string id)
    {
        var colon = id.LastIndexOf(':');
        return Path.GetFileName(id.Substring(0, colon)) + ":" + id.Substring(colon + 1);
    }

    private bool ReadExtendsReference(YEntry extends, string name, out YScalar? service, out YScalar? file)
    {
        service = null;
        file = null;
        switch (extends.Value)
        {
            case YScalar { IsNull: false } scalar:
                service = scalar;
                return true;
            case YMapping map when map["service"] is YScalar { IsNull: false } serviceName:
                service = serviceName;
                file = map["file"] as YScalar is { IsNull: false } f ? f : null;
                return true;
            default:
                project.Problem(extends.Key.Location, $"Service '{name}' has an 'extends' without a service name ('extends: base' or 'extends: {{service: base, file: common.yml}}'); the service is checked without it.");
                return false;
        }
    }

    private FileModel? LoadExtendsFile(string path, VariableLookup environment, YScalar writtenAt)
    {
        if (extendsFiles.TryGetValue(path, out var cached)) return cached;
        FileModel? model = null;
        if (!project.FileSystem.FileExists(path))
        {
            project.Problem(writtenAt.Location, $"The file '{writtenAt.Value}' this service extends from does not exist ({path}); the service is checked without it.");
        }
        else
        {
            var directory = Path.GetDirectoryName(path) ?? "";
            project.AddFile(path, directory);
            var root = project.ReadInterpolated(path, environment);
            if (root != null) model = new FileModel(path, root, environment, directory);
        }
        extendsFiles[path] = model;
        return model;
    }
}
