using System;
using System.Collections.Generic;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Rules.Container;

/// <summary>Host paths of bind mounts, as the container rules judge them.</summary>
internal static class HostPaths
{
    /// <summary>
    /// The absolute host path a bind mount's source names, normalised (<c>//etc/</c> → <c>/etc</c>, <c>/var/./run</c> → <c>/var/run</c>);
    /// null for a named volume, a relative path (inside the project), <c>~</c>, or a source that still holds an unresolved variable.
    /// </summary>
    public static string? AbsoluteSource(VolumeMount mount)
    {
        if (!mount.IsBind || mount.Source is not { Length: > 0 } source) return null;
        if (SourceNode(mount) is { IsFullyResolved: false }) return null;
        return source.StartsWith("/", StringComparison.Ordinal) ? Normalize(source) : null;
    }

    /// <summary>An absolute path without empty, <c>.</c> and <c>..</c> segments (<c>//var/./run/</c> → <c>/var/run</c>).</summary>
    public static string Normalize(string path)
    {
        var segments = new List<string>();
        foreach (var segment in path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries))
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

    /// <summary>The scalar that names the source: the short-syntax item, or the long syntax's <c>source:</c>.</summary>
    public static YScalar? SourceNode(VolumeMount mount) => mount.Node switch
    {
        YScalar scalar => scalar,
        YMapping map => map["source"] as YScalar,
        _ => null,
    };

    /// <summary>Where a finding about the mount's source points: the short-syntax item, or the long syntax's <c>source:</c> value.</summary>
    public static SourceLocation SourceLocation(VolumeMount mount) => SourceNode(mount)?.Location ?? mount.Location;
}
