using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Parsing.Compose;

/// <summary>
/// Resolves a compose file's <c>include</c>, for one build of a project: each included project is loaded with its own
/// directory and variables (the including project's first, then its <c>.env</c> or the include's <c>env_file</c>) and its
/// services, volumes, networks, secrets and configs are added. A missing or cyclic include is HRD090; a name both sides
/// define differently is HRD090 at the including file's definition, which is kept.
/// </summary>
internal sealed class ComposeIncludes
{
    private readonly ComposeProjectBuilder project;

    public ComposeIncludes(ComposeProjectBuilder project)
    {
        this.project = project;
    }

    private static readonly string[] ImportedSections = { "services", "volumes", "networks", "secrets", "configs" };

    public YMapping Apply(YMapping root, VariableLookup environment, string workingDirectory, List<string> chain)
    {
        var include = root.Entry("include");
        if (include == null) return root;
        root = ComposeMerger.Without(root, "include");
        if (include.Value is YScalar { IsNull: true }) return root;
        if (include.Value is not YSequence entries)
        {
            project.Problem(include.Key.Location, "'include' must be a list of files (or of {path:, project_directory:, env_file:}); it is ignored.");
            return root;
        }

        foreach (var entry in entries.Items)
        {
            var included = LoadInclude(entry, environment, workingDirectory, chain);
            if (included != null) root = Import(root, included, include.Key);
        }
        return root;
    }

    private YMapping? LoadInclude(YNode entry, VariableLookup parentEnvironment, string workingDirectory, List<string> chain)
    {
        var paths = new List<YScalar>();
        YScalar? projectDirectoryNode = null;
        var envFiles = new List<YScalar>();
        switch (entry)
        {
            case YScalar { IsNull: false } single:
                paths.Add(single);
                break;
            case YMapping map:
                if (map["path"] is YScalar { IsNull: false } path) paths.Add(path);
                else if (map["path"] is YSequence pathList) paths.AddRange(pathList.Items.OfType<YScalar>().Where(p => !p.IsNull));
                projectDirectoryNode = map["project_directory"] as YScalar is { IsNull: false } pd ? pd : null;
                if (map["env_file"] is YScalar { IsNull: false } envFile) envFiles.Add(envFile);
                else if (map["env_file"] is YSequence envList) envFiles.AddRange(envList.Items.OfType<YScalar>().Where(p => !p.IsNull));
                break;
        }
        if (paths.Count == 0)
        {
            project.Problem(entry.Location, "This include names no file ('- other/compose.yaml' or '- path: other/compose.yaml'); it is ignored.");
            return null;
        }

        var files = paths.Select(p => PathText.Resolve(workingDirectory, p.Value)).ToList();
        for (var i = 0; i < files.Count; i++)
            if (project.UnknownPath(paths[i], workingDirectory, PathTarget.File, readByAnalysis: true, files[i]))
                return null;
        for (var i = 0; i < files.Count; i++)
        {
            if (chain.Contains(files[i]))
            {
                var cycle = string.Join(" → ", chain.Skip(chain.IndexOf(files[i])).Concat(new[] { files[i] }).Select(Path.GetFileName));
                project.Problem(paths[i].Location, $"Include cycle: {cycle}; Docker Compose refuses it. This include is ignored.");
                return null;
            }
            if (!project.FileSystem.FileExists(files[i]))
            {
                project.Problem(paths[i].Location, $"The included file '{paths[i].Value}' does not exist ({files[i]}); Docker Compose refuses the project. The project is checked without it.");
                return null;
            }
        }

        if (projectDirectoryNode != null) project.UnknownPath(projectDirectoryNode, workingDirectory, PathTarget.Directory, readByAnalysis: true);
        var includeDirectory = projectDirectoryNode != null
            ? PathText.Resolve(workingDirectory, projectDirectoryNode.Value)
            : Path.GetDirectoryName(files[0]) ?? "";

        // The included files see the including project's variables first, then their own .env (or the include's env_file).
        var own = new Dictionary<string, EnvValue>(StringComparer.Ordinal);
        if (envFiles.Count == 0)
        {
            foreach (var pair in project.Variables.ReadProjectEnv(includeDirectory, parentEnvironment)) own[pair.Key] = pair.Value;
        }
        else
        {
            foreach (var envFile in envFiles.Where(e => !project.UnknownPath(e, workingDirectory, PathTarget.File, readByAnalysis: true, PathText.Resolve(workingDirectory, e.Value))))
                foreach (var pair in project.Variables.ReadDotEnv(PathText.Resolve(workingDirectory, envFile.Value), parentEnvironment, required: true, envFile.Location))
                    own[pair.Key] = pair.Value;
        }
        var environment = ProjectVariables.Layer(parentEnvironment, own);

        YMapping? result = null;
        foreach (var file in files)
        {
            var nested = new List<string>(chain) { file };
            var layer = project.LoadLayer(file, environment, includeDirectory, nested);
            if (layer == null) continue;
            result = result == null ? layer : ComposeMerger.MergeFiles(result, layer);
        }
        return result == null ? null : (YMapping)ComposeMerger.StripResets(result);
    }

    /// <summary>Adds the included project's services, volumes, networks, secrets and configs. A name the including file
    /// defines differently is a conflict compose refuses: HRD090 at the including file's definition, which is kept.</summary>
    private YMapping Import(YMapping root, YMapping included, YScalar includeKey)
    {
        foreach (var section in ImportedSections)
        {
            if (included[section] is not YMapping from || from.Entries.Count == 0) continue;
            var existingEntry = root.Entry(section);
            var existing = existingEntry?.Value as YMapping;
            var entries = existing != null ? new List<YEntry>(existing.Entries) : new List<YEntry>();
            foreach (var entry in from.Entries)
            {
                var current = existing?.Entry(entry.Name);
                if (current == null)
                {
                    entries.Add(entry);
                    continue;
                }
                if (!SameValue(current.Value, entry.Value))
                    project.Problem(current.Key.Location,
                        $"{section}.{entry.Name} is also defined by the included file '{Path.GetFileName(entry.Key.Location.FilePath)}' (line {entry.Key.Location.Line}), differently; Docker Compose refuses the conflict. This definition is checked.");
            }
            var merged = new YMapping(entries, existing?.Location ?? from.Location, existing?.Tag);
            root = existingEntry != null
                ? ComposeMerger.Replace(root, section, merged)
                : new YMapping(root.Entries.Concat(new[] { new YEntry(new YScalar(section, true, includeKey.Location), merged) }).ToList(), root.Location, root.Tag);
        }
        return root;
    }

    private static bool SameValue(YNode a, YNode b)
    {
        if (ReferenceEquals(a, b)) return true;
        switch (a)
        {
            case YScalar sa when b is YScalar sb:
                return sa.Value == sb.Value;
            case YSequence qa when b is YSequence qb:
                if (qa.Items.Count != qb.Items.Count) return false;
                for (var i = 0; i < qa.Items.Count; i++)
                    if (!SameValue(qa.Items[i], qb.Items[i])) return false;
                return true;
            case YMapping ma when b is YMapping mb:
                if (ma.Entries.Count != mb.Entries.Count) return false;
                foreach (var entry in ma.Entries)
                    if (mb[entry.Name] is not { } other || !SameValue(entry.Value, other)) return false;
                return true;
            default:
                return false;
        }
    }
}
