using System.Collections.Generic;
using System.IO;
using System.Linq;
using HardeningTasks.Core.Parsing.Yaml;

namespace HardeningTasks.Core.Model.Compose;

/// <summary>
/// The effective model of one compose project: its main file with overlays, includes and extends applied and
/// values interpolated. Every node keeps the file and span where its value was written.
/// </summary>
public sealed class ComposeProject : StackFile
{
    public ComposeProject(string path, IReadOnlyList<string> files, YMapping root) : base(path)
    {
        Files = files;
        Root = root;
        Services = ReadNamedMappings(root["services"]).Select(e => new ComposeService(this, e.Key, (YMapping)e.Value)).ToList();
    }

    /// <summary>Every file the model was built from, the main file first.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The directory relative paths in the main file are resolved against.</summary>
    public string Directory => System.IO.Path.GetDirectoryName(Path) ?? "";

    public YMapping Root { get; }

    /// <summary>The services, in the order they were written (<c>x-</c> keys are not services).</summary>
    public IReadOnlyList<ComposeService> Services { get; }

    public ComposeService? Service(string name) => Services.FirstOrDefault(s => s.Name == name);

    /// <summary>Top-level <c>networks:</c>, <c>volumes:</c>, <c>secrets:</c>, <c>configs:</c> entries (a null value counts as an empty mapping).</summary>
    public IEnumerable<YEntry> TopLevel(string section) =>
        Root[section] is YMapping map ? map.Entries.Where(e => !e.Name.StartsWith("x-", System.StringComparison.Ordinal)) : Enumerable.Empty<YEntry>();

    internal static IEnumerable<YEntry> ReadNamedMappings(YNode? section) =>
        section is YMapping map
            ? map.Entries.Where(e => !e.Name.StartsWith("x-", System.StringComparison.Ordinal) && e.Value is YMapping)
            : Enumerable.Empty<YEntry>();

    public string ResolvePath(string relative) =>
        System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(relative) ? relative : System.IO.Path.Combine(Directory, relative));
}
