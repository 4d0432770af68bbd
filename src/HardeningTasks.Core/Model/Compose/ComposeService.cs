using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Model.Compose;

/// <summary>
/// A service of the effective compose model: typed views over its mapping, short and long syntax already
/// normalised, every value still pointing where it was written. <see cref="Node"/> gives the rest.
/// </summary>
public sealed class ComposeService
{
    public ComposeService(ComposeProject project, YScalar key, YMapping node)
    {
        Project = project;
        Key = key;
        Node = node;
    }

    public ComposeProject Project { get; }
    public string Name => Key.Value;

    /// <summary>The service's key (<c>  web:</c>): where findings about something missing point.</summary>
    public YScalar Key { get; }

    public YMapping Node { get; }

    public YNode? this[string key] => Node[key];

    /// <summary>The scalar under <paramref name="key"/>, or null when absent or null.</summary>
    public YScalar? Scalar(string key) => Node[key] is YScalar { IsNull: false } s ? s : null;

    /// <summary>The scalar under <paramref name="key"/> when it is a YAML true (<c>privileged: true</c>).</summary>
    public YScalar? TrueFlag(string key) => Scalar(key) is { } s && s.AsBoolean() == true ? s : null;

    /// <summary>The items of a list-valued key (<c>cap_add</c>, <c>security_opt</c>, <c>dns</c>); a single scalar counts as one item.</summary>
    public IReadOnlyList<YScalar> Strings(string key) => StringsOf(Node[key]);

    public YScalar? Image => Scalar("image");

    /// <summary>The reference <c>image:</c> names when it is fully resolved and valid; null otherwise. Parsed once per service:
    /// many rules ask (HRD031 asks for every variable of the service).</summary>
    public ImageReference? ImageReference
    {
        get
        {
            if (!imageParsed)
            {
                imageReference = Image is { IsFullyResolved: true } image ? Model.ImageReference.TryParse(image.Value.Trim()) : null;
                imageParsed = true;
            }
            return imageReference;
        }
    }

    private ImageReference? imageReference;
    private bool imageParsed;

    /// <summary>A service with neither <c>image:</c> nor <c>build:</c>: a fragment of an overlay checked on its own (Compose would
    /// reject it alone; its full definition is elsewhere). Rules about something missing do not judge it; rules about what it writes do.
    /// A file merged as an overlay onto a base that defines the service is not a fragment: the merged service has the base's image.</summary>
    public bool IsFragment => Node["image"] == null && Node["build"] == null;

    /// <summary>Runs once and exits rather than serving (<see cref="OneShotServices"/>).</summary>
    public bool IsOneShot => oneShot ??= OneShotServices.Is(this);

    private bool? oneShot;

    public ComposeBuild? Build => ComposeBuild.From(Node.Entry("build"), Project);

    /// <summary><c>command:</c> as written: one scalar for the string form, one per item for the list form.</summary>
    public IReadOnlyList<YScalar> Command => Strings("command");

    public IReadOnlyList<YScalar> Entrypoint => Strings("entrypoint");

    /// <summary>The paths of <c>env_file:</c> as written (short, list and long <c>path:</c> syntax), with the node each is written at.</summary>
    public IReadOnlyList<YScalar> EnvFilePaths => EnvFilePathsOf(Node["env_file"]);

    /// <summary>The paths an <c>env_file:</c> value names (short, list and long <c>path:</c> syntax).</summary>
    internal static IReadOnlyList<YScalar> EnvFilePathsOf(YNode? node) =>
        node switch
        {
            YScalar { IsNull: false } single => new[] { single },
            YSequence list => list.Items.Select(i => i switch
            {
                YScalar { IsNull: false } s => s,
                YMapping m => m["path"] as YScalar is { IsNull: false } p ? p : null,
                _ => null,
            }).Where(p => p != null).Select(p => p!).ToList(),
            _ => Array.Empty<YScalar>(),
        };

    /// <summary>The lines of the service's <c>env_file:</c> files that were read (in the order the files are named), each with its file.</summary>
    public IEnumerable<EnvFileEntry> EnvFileEntries =>
        EnvFilePaths.Select(p => Project.EnvFiles.TryGetValue(Project.ResolvePath(p, p.Value), out var file) ? file : null)
            .Where(f => f != null).Distinct().SelectMany(f => f!.Entries);

    /// <summary><c>environment:</c> in map or list form. <c>env_file:</c> contents are in <see cref="EnvFileEntries"/>.</summary>
    public IReadOnlyList<KeyValueEntry> Environment => environment ??= KeyValueEntry.Read(Node["environment"]);

    public IReadOnlyList<KeyValueEntry> Labels => labels ??= KeyValueEntry.Read(Node["labels"]);

    /// <summary><c>ports:</c>, short and long syntax; in a Swarm stack every published port goes through the ingress mesh.</summary>
    public IReadOnlyList<PortMapping> Ports => ports ??= Items("ports").Select(p => PortMapping.Parse(p, Project.IsSwarmStack)).Where(p => p != null).Select(p => p!).ToList();

    public IReadOnlyList<VolumeMount> Volumes => volumes ??= Items("volumes").Select(VolumeMount.Parse).Where(v => v != null).Select(v => v!).ToList();

    // The views above are read by many rules: each is parsed from the (immutable) node once, on first use. Two threads
    // racing on one would both compute the same value; the model is otherwise read-only.
    private IReadOnlyList<KeyValueEntry>? environment;
    private IReadOnlyList<KeyValueEntry>? labels;
    private IReadOnlyList<PortMapping>? ports;
    private IReadOnlyList<VolumeMount>? volumes;

    /// <summary><c>depends_on</c> in list form (condition <c>service_started</c>) or map form.</summary>
    public IReadOnlyList<Dependency> DependsOn
    {
        get
        {
            switch (Node["depends_on"])
            {
                case YSequence seq:
                    return seq.Items.OfType<YScalar>().Where(s => !s.IsNull).Select(s => new Dependency(s.Value, "service_started", s)).ToList();
                case YMapping map:
                    return map.Entries.Select(e => new Dependency(e.Name,
                        (e.Value as YMapping)?["condition"] is YScalar { IsNull: false } c ? c.Value : "service_started", e.Key)).ToList();
                default:
                    return Array.Empty<Dependency>();
            }
        }
    }

    /// <summary>The <c>healthcheck:</c> mapping, or null when there is none.</summary>
    public YMapping? Healthcheck => Node["healthcheck"] as YMapping;

    /// <summary><c>healthcheck: {disable: true}</c> or a test of <c>NONE</c>: an explicit choice to have none.</summary>
    public bool HealthcheckDisabled
    {
        get
        {
            if (Healthcheck is not { } hc) return false;
            if (hc["disable"] is YScalar d && d.AsBoolean() == true) return true;
            var test = StringsOf(hc["test"]);
            return test.Count > 0 && test[0].Value == "NONE";
        }
    }

    /// <summary>The networks the service joins (list or map form); <c>default</c> when it names none and has no network_mode.</summary>
    public IReadOnlyList<string> Networks
    {
        get
        {
            switch (Node["networks"])
            {
                case YSequence seq: return seq.Items.OfType<YScalar>().Select(s => s.Value).ToList();
                case YMapping map: return map.Entries.Select(e => e.Name).ToList();
                default: return Scalar("network_mode") != null ? Array.Empty<string>() : new[] { "default" };
            }
        }
    }

    /// <summary>Names of the secrets the service uses (short form or long form <c>source:</c>).</summary>
    public IReadOnlyList<YScalar> Secrets => ReferenceNames("secrets");

    public IReadOnlyList<YScalar> Configs => ReferenceNames("configs");

    public IReadOnlyList<string> Profiles => Strings("profiles").Select(s => s.Value).ToList();

    /// <summary>The memory limit from <c>deploy.resources.limits.memory</c> or <c>mem_limit</c>.</summary>
    public YScalar? MemoryLimit => Path("deploy", "resources", "limits", "memory") ?? Scalar("mem_limit");

    /// <summary>The CPU limit from <c>deploy.resources.limits.cpus</c> or <c>cpus</c>.</summary>
    public YScalar? CpuLimit => Path("deploy", "resources", "limits", "cpus") ?? Scalar("cpus");

    /// <summary><c>restart:</c> or <c>deploy.restart_policy.condition</c>.</summary>
    public YScalar? RestartPolicy => Scalar("restart") ?? Path("deploy", "restart_policy", "condition")
        ?? (Path("deploy", "restart_policy") is null && (Node["deploy"] as YMapping)?["restart_policy"] is YMapping rp ? new YScalar("any", true, rp.Location) : null);

    /// <summary>The scalar at a path of mapping keys (<c>Path("deploy", "resources", "limits", "memory")</c>).</summary>
    public YScalar? Path(params string[] keys)
    {
        YNode? node = Node;
        foreach (var key in keys) node = (node as YMapping)?[key];
        return node is YScalar { IsNull: false } s ? s : null;
    }

    private IReadOnlyList<YNode> Items(string key) => Node[key] is YSequence seq ? seq.Items : Array.Empty<YNode>();

    private IReadOnlyList<YScalar> ReferenceNames(string key) =>
        Items(key).Select(item => item switch
        {
            YScalar { IsNull: false } s => s,
            YMapping m => m["source"] as YScalar,
            _ => null,
        }).Where(s => s != null).Select(s => s!).ToList();

    internal static IReadOnlyList<YScalar> StringsOf(YNode? node) => node switch
    {
        YScalar { IsNull: false } s => new[] { s },
        YSequence seq => seq.Items.OfType<YScalar>().Where(s => !s.IsNull).ToList(),
        _ => Array.Empty<YScalar>(),
    };

    public override string ToString() => Name;
}
