using System;
using System.Collections.Generic;
using System.Linq;

namespace HardeningTasks.Core.IO;

/// <summary>
/// Items found by path — full paths equal (ignoring case on Windows), or the paths as written equal when one of them
/// has no full path — without comparing against every item: rules ask per Dockerfile which services build it and per service which Dockerfile it builds, so a scan made a
/// stack of many Dockerfiles and compose files quadratic. Matches come in the order the items were given.
/// </summary>
internal sealed class PathIndex<T>
{
    private readonly List<T> items = new();

    /// <summary>Items whose path has a full path, by that full path.</summary>
    private readonly Dictionary<string, List<int>> byFullPath = new(PathText.Comparer);

    /// <summary>Items whose path has none, by the path as written.</summary>
    private readonly Dictionary<string, List<int>> unresolvableByPath = new(PathText.Comparer);

    /// <summary>Every item by the path as written (for a path asked about that has no full path).</summary>
    private readonly Dictionary<string, List<int>> byPath = new(PathText.Comparer);

    public PathIndex(IEnumerable<(string Path, T Item)> entries)
    {
        foreach (var (path, item) in entries)
        {
            var index = items.Count;
            items.Add(item);
            Add(byPath, path, index);
            if (FullPath(path) is { } full) Add(byFullPath, full, index);
            else Add(unresolvableByPath, path, index);
        }
    }

    /// <summary>The items whose path is the same file as <paramref name="path"/>, in order.</summary>
    public IEnumerable<T> Matching(string path)
    {
        IEnumerable<int> indices;
        if (FullPath(path) is { } full)
            indices = Get(byFullPath, full).Concat(Get(unresolvableByPath, path)).OrderBy(i => i);
        else
            indices = Get(byPath, path);
        return indices.Select(i => items[i]);
    }

    public T? First(string path) => Matching(path).FirstOrDefault();

    /// <summary>The full path to compare, or null where the path as written is compared instead.</summary>
    private static string? FullPath(string path)
    {
        try
        {
            return System.IO.Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or System.IO.PathTooLongException)
        {
            return null;
        }
    }

    private static void Add(Dictionary<string, List<int>> map, string key, int index)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = new List<int>();
        list.Add(index);
    }

    private static IEnumerable<int> Get(Dictionary<string, List<int>> map, string key) =>
        map.TryGetValue(key, out var list) ? list : Enumerable.Empty<int>();
}
