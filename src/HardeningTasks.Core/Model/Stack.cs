using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.IO;

namespace HardeningTasks.Core.Model;

/// <summary>Everything that was loaded, for rules that reason across files.</summary>
public sealed class Stack
{
    public Stack(string projectDirectory, IReadOnlyList<StackFile> files, IFileSystem fileSystem, IReadOnlyDictionary<string, string>? properties = null)
    {
        ProjectDirectory = projectDirectory;
        Files = files;
        FileSystem = fileSystem;
        Properties = properties ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The directory of the MSBuild project (or the command line's root): relative paths and "inside the repo" are judged from it.</summary>
    public string ProjectDirectory { get; }

    public IReadOnlyList<StackFile> Files { get; }

    /// <summary>For the existence checks some rules make (a .dockerignore beside a context, a secret file).</summary>
    public IFileSystem FileSystem { get; }

    /// <summary>Options from the build (e.g. HardeningTrustedRegistries), case-insensitive names.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; }

    /// <summary>How the front end names its settings, for messages that say which one to change.</summary>
    public Configuration.SettingNames SettingNames { get; init; } = Configuration.SettingNames.MSBuild;

    /// <summary>What the compose projects analysed elsewhere hold (an incremental scan's other units); <see cref="OutsideFacts.None"/> otherwise.</summary>
    public OutsideFacts Outside { get; init; } = OutsideFacts.None;

    public IEnumerable<T> FilesOf<T>() where T : StackFile => Files.OfType<T>();

    public string? Property(string name) => Properties.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
