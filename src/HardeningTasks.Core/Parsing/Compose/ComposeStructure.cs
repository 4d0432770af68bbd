using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Parsing.Compose;

/// <summary>The structural checks Docker Compose makes before anything else, so rules can trust the shape.</summary>
public static class ComposeStructure
{
    public static YMapping? Validate(string path, YNode? root, out LoadError? error)
    {
        error = null;
        switch (root)
        {
            case null:
                error = new LoadError("The compose file is empty.", SourceSpan.FileStart);
                return null;
            case not YMapping:
                error = new LoadError("A compose file must be a mapping at the top level (services:, networks:, …).", root.Location.Span);
                return null;
            case YMapping map when map["services"] is { } services && !(services is YScalar { IsNull: true }):
                if (services is not YMapping serviceMap)
                {
                    error = new LoadError("'services' must be a mapping of service names to their definitions.", services.Location.Span);
                    return null;
                }
                foreach (var entry in serviceMap.Entries)
                    if (!entry.Name.StartsWith("x-", System.StringComparison.Ordinal) && entry.Value is not YMapping && !(entry.Value is YScalar { IsNull: true }))
                    {
                        error = new LoadError($"Service '{entry.Name}' must be a mapping (image:, build:, …).", entry.Value.Location.Span);
                        return null;
                    }
                return map;
            case YMapping map:
                return map;
        }
    }
}
