using System;
using System.Collections.Generic;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Model.Compose;

/// <summary>A word of a service's <c>command:</c>/<c>entrypoint:</c>: a list item, or a shell word of the string form.</summary>
public readonly record struct CommandWord(string Text, YScalar Node, int Offset, bool IsVerbatim)
{
    /// <summary>Where the word starts (the list item itself for the list form).</summary>
    public SourceLocation Location => Offset == 0 ? Node.Location : ScalarPosition.At(Node, Offset);

    /// <summary>Where character <paramref name="index"/> of the word is, when that can be known exactly; else the word's start.</summary>
    public SourceLocation Locate(int index) => IsVerbatim ? ScalarPosition.At(Node, Offset + index) : Location;
}

/// <summary>
/// Raw reads of the compose service keys the Traefik model needs (<c>command</c>, <c>entrypoint</c>, <c>environment</c>,
/// <c>labels</c>, <c>deploy.labels</c>, <c>volumes</c>), in both the short and the long syntax.
/// </summary>
public static class ComposeAccess
{
    public static IReadOnlyList<CommandWord> Words(YNode? node)
    {
        var words = new List<CommandWord>();
        switch (node)
        {
            case YSequence sequence:
                foreach (var item in sequence.Items)
                    if (item is YScalar { IsNull: false } scalar)
                        words.Add(new CommandWord(scalar.Value, scalar, 0, true));
                break;
            case YScalar { IsNull: false } text:
                foreach (var word in ShellWords.Split(text.Value))
                    words.Add(new CommandWord(word.Text, text, word.Offset, word.IsVerbatim));
                break;
        }
        return words;
    }

    /// <summary>The entries of an <c>environment:</c> or <c>labels:</c> section for a reader that points inside values: each
    /// value located at its first character (after <c>KEY=</c> in list syntax), with its offset in the item.</summary>
    public static IReadOnlyList<KeyValueEntry> KeyValues(YNode? node)
    {
        var items = new List<KeyValueEntry>();
        switch (node)
        {
            case YMapping map:
                foreach (var entry in map.Entries)
                {
                    var value = entry.Value as YScalar;
                    var text = value == null || value.IsNull ? null : value.Value;
                    items.Add(new KeyValueEntry(entry.Name, text, value, entry.Key.Location) { ValueLocation = value != null ? ScalarPosition.Start(value) : entry.Value.Location });
                }
                break;
            case YSequence sequence:
                foreach (var item in sequence.Items)
                {
                    if (item is not YScalar { IsNull: false } scalar) continue;
                    var equals = scalar.Value.IndexOf('=');
                    if (equals <= 0)
                    {
                        items.Add(new KeyValueEntry(scalar.Value.Trim(), null, scalar, scalar.Location));
                        continue;
                    }
                    items.Add(new KeyValueEntry(scalar.Value.Substring(0, equals).Trim(), scalar.Value.Substring(equals + 1), scalar, scalar.Location)
                        { ValueLocation = ScalarPosition.At(scalar, equals + 1), ValueOffset = equals + 1 });
                }
                break;
        }
        return items;
    }

    public static IReadOnlyList<KeyValueEntry> Environment(ComposeService service) => KeyValues(service["environment"]);

    /// <summary><c>labels:</c> and the swarm-mode <c>deploy.labels:</c> (which Traefik's swarm provider reads).</summary>
    public static IReadOnlyList<KeyValueEntry> Labels(ComposeService service)
    {
        var labels = new List<KeyValueEntry>(KeyValues(service["labels"]));
        if (service["deploy"] is YMapping deploy) labels.AddRange(KeyValues(deploy["labels"]));
        return labels;
    }

    /// <summary>The service's volumes as the linker maps container paths to the repository: a short-syntax source is a bind
    /// mount when it is a path (a Windows drive letter included), each bind source resolved to its <see cref="VolumeMount.HostPath"/>.</summary>
    public static IReadOnlyList<VolumeMount> Mounts(ComposeService service)
    {
        var mounts = new List<VolumeMount>();
        if (service["volumes"] is not YSequence volumes) return mounts;
        foreach (var item in volumes.Items)
        {
            switch (item)
            {
                case YScalar { IsNull: false } shortSyntax:
                    if (ParseShort(shortSyntax.Value) is var (source, target, mode) && target != null)
                        mounts.Add(Make(service, source, target, null, Array.IndexOf(mode.Split(','), "ro") >= 0, shortSyntax));
                    break;
                case YMapping longSyntax:
                    var type = (longSyntax["type"] as YScalar)?.Value;
                    var longSource = (longSyntax["source"] as YScalar) is { IsNull: false } s ? s.Value : "";
                    var longTarget = (longSyntax["target"] as YScalar)?.Value;
                    if (string.IsNullOrEmpty(longTarget)) break;
                    mounts.Add(Make(service, longSource, longTarget!, type, longSyntax["read_only"] is YScalar r && r.AsBoolean() == true, longSyntax));
                    break;
            }
        }
        return mounts;
    }

    private static VolumeMount Make(ComposeService service, string source, string target, string? type, bool readOnly, YNode node)
    {
        var isBind = type == "bind" || (type == null && IsPath(source));
        string? hostPath = null;
        if (isBind && source.Length > 0 && !source.StartsWith("~", StringComparison.Ordinal) && source.IndexOf('$') < 0)
        {
            try
            {
                hostPath = service.Project.ResolvePath(source);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException or System.IO.PathTooLongException)
            {
                hostPath = null;
            }
        }
        return new VolumeMount(isBind ? "bind" : type ?? "volume", source, target, readOnly, node) { HostPath = hostPath };
    }

    private static bool IsPath(string source) =>
        source.StartsWith(".", StringComparison.Ordinal) || source.StartsWith("/", StringComparison.Ordinal) || source.StartsWith("~", StringComparison.Ordinal)
        || (source.Length >= 2 && char.IsLetter(source[0]) && source[1] == ':');

    /// <summary><c>SRC:DST[:MODE]</c>, <c>DST</c> (anonymous volume), with a Windows drive letter allowed in SRC.</summary>
    private static (string Source, string? Target, string Mode)? ParseShort(string spec)
    {
        var parts = new List<string>(spec.Split(':'));
        if (parts.Count >= 2 && parts[0].Length == 1 && char.IsLetter(parts[0][0]) && (parts[1].StartsWith("\\", StringComparison.Ordinal) || parts[1].StartsWith("/", StringComparison.Ordinal)))
        {
            parts[1] = parts[0] + ":" + parts[1];
            parts.RemoveAt(0);
        }
        return parts.Count switch
        {
            1 => ("", parts[0], ""),
            2 => (parts[0], parts[1], ""),
            _ => (parts[0], parts[1], parts[2]),
        };
    }

    /// <summary>A container path with forward slashes, no trailing slash, <c>.</c>/<c>..</c> segments resolved; relative paths are taken from <c>/</c>.</summary>
    public static string NormalizeContainerPath(string path)
    {
        var segments = new List<string>();
        foreach (var segment in path.Replace('\\', '/').Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".") continue;
            if (segment == "..")
            {
                if (segments.Count > 0) segments.RemoveAt(segments.Count - 1);
                continue;
            }
            segments.Add(segment);
        }
        return "/" + string.Join("/", segments);
    }
}
