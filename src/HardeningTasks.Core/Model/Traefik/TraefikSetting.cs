
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Model.Traefik;

/// <summary>Where a Traefik setting was written.</summary>
public enum TraefikSource
{
    /// <summary>A static or dynamic configuration file (YAML or TOML).</summary>
    File,

    /// <summary>A <c>--key=value</c> flag in the service's <c>command:</c> (or <c>entrypoint:</c>).</summary>
    Command,

    /// <summary>A <c>TRAEFIK_*</c> variable in the service's <c>environment:</c>.</summary>
    Environment,

    /// <summary>A <c>traefik.*</c> label (docker/swarm provider dynamic configuration).</summary>
    Label,
}

/// <summary>
/// One Traefik setting in the flat, case-insensitive key space every source is normalised to:
/// <c>--entryPoints.websecure.address=:443</c>, <c>TRAEFIK_ENTRYPOINTS_WEBSECURE_ADDRESS=:443</c> and
/// <c>entryPoints: {websecure: {address: ":443"}}</c> are all <c>entrypoints.websecure.address</c>.
/// List items are <c>key[0]</c>, <c>key[1]</c>, … whatever the source wrote (<c>TRAEFIK_X_0_Y</c>, <c>--x[0].y</c>, a YAML list).
/// </summary>
public sealed class TraefikSetting
{
    public TraefikSetting(string writtenKey, string value, TraefikSource source, SourceLocation location, SourceLocation valueLocation, YScalar? node)
    {
        WrittenKey = writtenKey;
        Key = TraefikKeys.Normalize(writtenKey);
        Value = value;
        Source = source;
        Location = location;
        ValueLocation = valueLocation;
        Node = node;
    }

    /// <summary>The normalised key: lower case, dotted, list indices as <c>[n]</c>.</summary>
    public string Key { get; }

    /// <summary>The key with the case it was written in (for messages), in the same dotted form as <see cref="Key"/>.</summary>
    public string WrittenKey { get; }

    /// <summary>The value; <c>"true"</c> for a bare flag, <c>""</c> for an empty mapping or a null value in a file.</summary>
    public string Value { get; }

    public TraefikSource Source { get; }

    /// <summary>Where the setting is written: the <c>command:</c>/<c>environment:</c>/<c>labels:</c> item
    /// (for a string-form command, the flag inside it), a map-syntax key, or the key line in a file.</summary>
    public SourceLocation Location { get; }

    /// <summary>Where the value itself starts (after the <c>=</c> of an item, or the value scalar).</summary>
    public SourceLocation ValueLocation { get; }

    /// <summary>The scalar the value came from, when there is one.</summary>
    public YScalar? Node { get; }

    /// <summary>False when the value depends on a variable that is unset with no default, or still holds <c>${…}</c>:
    /// such a value cannot be judged from the repository.</summary>
    public bool IsKnown => (Node == null || Node.IsFullyResolved) && Value.IndexOf("${", System.StringComparison.Ordinal) < 0;

    /// <summary>The value as a boolean the way Traefik parses it (<c>""</c> for an enabled empty section counts as true).</summary>
    public bool? AsBoolean() => Value.Trim().ToLowerInvariant() switch
    {
        "true" or "" => true,
        "false" => false,
        _ => null,
    };

    public override string ToString() => $"{Key}={Value} ({Source} {Location})";
}
