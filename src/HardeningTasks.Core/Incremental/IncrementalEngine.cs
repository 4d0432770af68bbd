using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Dockerfile;
using HardeningTasks.Core.Model.Traefik;
using HardeningTasks.Core.Parsing.Compose;
using HardeningTasks.Core.Linking;

namespace HardeningTasks.Core.Incremental;

/// <summary>What an incremental scan did.</summary>
public sealed class IncrementalOutcome
{
    internal IncrementalOutcome(AnalysisResult result, IncrementalState state, int unitsAnalysed, int unitsReused, int engineRuns, bool previousUsable)
    {
        Result = result;
        State = state;
        UnitsAnalysed = unitsAnalysed;
        UnitsReused = unitsReused;
        EngineRuns = engineRuns;
        PreviousUsable = previousUsable;
    }

    /// <summary>Exactly what <see cref="Engine.Analyze"/> gives for the whole request.</summary>
    public AnalysisResult Result { get; }

    /// <summary>The cache for the next scan.</summary>
    public IncrementalState State { get; }

    public int UnitsAnalysed { get; }
    public int UnitsReused { get; }
    public int UnitsTotal => UnitsAnalysed + UnitsReused;

    /// <summary>How many times the engine ran (more than <see cref="UnitsAnalysed"/> when parts turned out coupled and were analysed again together).</summary>
    public int EngineRuns { get; }

    /// <summary>False when there was no cache, or it was written for other options or another engine build.</summary>
    public bool PreviousUsable { get; }
}

/// <summary>
/// The engine, run on independent parts of the request so that a change re-analyses only the part it touches.
/// <para>A <b>unit</b> is a set of top-level inputs (a compose file with the overlays compose merges onto it, an explicit
/// compose project, a Dockerfile, a Traefik file) analysed in one <see cref="Engine.Analyze"/> call. Units are kept
/// apart only while nothing couples them; two units are one when they share a <b>key</b>:</para>
/// <list type="bullet">
/// <item>a file both read (an <c>.env</c>, an included or extended file, a Dockerfile behind <c>build:</c>, a
/// <c>.dockerignore</c>, a mounted Traefik file; inline suppressions are read from every file with a finding, so a
/// file's findings and its suppressions always sit in one unit). <c>.editorconfig</c>/<c>.globalconfig</c> files do not
/// couple: severities are resolved per file, and every unit that consulted one is re-analysed when it changes;</item>
/// <item>a Dockerfile: the Dockerfile input and every compose service whose <c>build:</c> uses it (which stage is
/// final, HRD070's "built by compose", come from the services), even when no rule happened to read it;</item>
/// <item>Traefik, as linking joins it (<c>Linking.TraefikLinker</c>): a Traefik service and the labelled services of other
/// projects that share a network name with it (a key per network name of every service that runs Traefik or carries
/// <c>traefik.*</c> labels), and the Traefik files no service mounts, which serve one another;</item>
/// <item>compose files in one directory with compose's default or override names: compose pairs them by directory; and the
/// compose files Docker runs as one project (<c>Linking.ComposeProjectScopes</c>: one directory, the compose naming
/// convention, one <c>name:</c>), which share their project's facts;</item>
/// </list>
/// <para>Everything else a rule reads is about its own project (RULES.md "Stacks are scoped as Docker scopes them"), so
/// units are analysed on their own with no facts from outside.</para>
/// <para>A unit is reused when its inputs are the same and every file system question it asked gets the same answer
/// (content compared by hash). The rest is analysed; when a fresh analysis shares a key with another unit, they are
/// merged and analysed again together, until nothing changes. The findings are then deduplicated and sorted as the
/// engine does, so the result equals a whole-request analysis.</para>
/// </summary>
public static class IncrementalEngine
{
    /// <summary>After this many rounds of merging (never seen in practice), one whole-request analysis settles it.</summary>
    private const int MaxRounds = 16;

    public static IncrementalOutcome Analyze(AnalysisRequest request, IncrementalState? previous)
    {
        // Classification reads every YAML input, whose content decides its kind: the units are made of what it settled.
        var selection = request.Classified ? new InputSelection(request.Files, Array.Empty<SkippedInput>()) : InputClassifier.Select(request, request.FileSystem);
        request = request.WithClassifiedFiles(selection.Files);
        var fingerprint = Fingerprint(request);
        var usable = previous != null && previous.Fingerprint == fingerprint;
        var seeds = Seeds(request);
        var seedsById = new Dictionary<string, Seed>(StringComparer.Ordinal);
        foreach (var seed in seeds) seedsById[seed.Id] = seed;

        // Reuse what still holds; the seeds of units that do not are analysed, together when they were one unit before.
        var units = new List<Unit>();
        var pending = new List<Pending>();
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        if (usable)
        {
            var answers = new Dictionary<(ObservationKind, string, string), bool>();
            foreach (var record in previous!.Units)
            {
                if (record.Seeds.Count == 0 || record.Seeds.Any(s => !seedsById.ContainsKey(s) || claimed.Contains(s))) continue;
                foreach (var s in record.Seeds) claimed.Add(s);
                if (record.Observations.All(o => Holds(request.FileSystem, o, answers)))
                    units.Add(new Unit(record.Seeds.Select(s => seedsById[s]).ToList(), record, analysed: false));
                else
                    pending.Add(new Pending(record.Seeds.Select(s => seedsById[s]).ToList()));
            }
        }
        foreach (var seed in seeds)
            if (!claimed.Contains(seed.Id)) pending.Add(new Pending(new List<Seed> { seed }));

        var engineRuns = 0;
        // Reused units may couple too (a unit that was analysed with them changed its keys): merge until nothing does.
        for (var round = 0; ; round++)
        {
            if (round == MaxRounds)
            {
                units.Clear();
                pending = new List<Pending> { new(seeds.ToList()) };
            }
            var analysed = pending.AsParallel().AsOrdered()
                .Select(p => AnalyseGroup(request, p.Seeds))
                .ToList();
            engineRuns += analysed.Count;
            units.AddRange(analysed);
            if (round == MaxRounds) break;
            pending = Merge(units);
            if (pending.Count == 0) break;
        }

        units.Sort((a, b) => a.Order.CompareTo(b.Order));
        var findings = Engine.Sorted(units.SelectMany(u => u.Record.Findings).Where(f => f.Suppression == null));
        var suppressed = Engine.Sorted(units.SelectMany(u => u.Record.Findings).Where(f => f.Suppression != null));
        var inputs = units.SelectMany(u => u.Record.Observations)
            .Where(o => o.Kind is ObservationKind.FileExists or ObservationKind.FileLength or ObservationKind.FileContent)
            .Select(o => o.Path).Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal).ToList();
        var state = new IncrementalState(fingerprint, units.Select(u => u.Record).ToList());
        var analysedCount = units.Count(u => u.Analysed);
        var summary = CheckSummary.Combine(units.Select(u => u.Record.Summary)).WithSkipped(selection.Skipped);
        return new IncrementalOutcome(new AnalysisResult(findings, inputs, suppressed, summary), state, analysedCount, units.Count - analysedCount, engineRuns, usable);
    }

    /// <summary>Everything but files that the findings depend on; a different value means nothing of the last scan is reused.</summary>
    internal static string Fingerprint(AnalysisRequest request)
    {
        var parts = new List<string>
        {
            "engine=" + typeof(Engine).Assembly.ManifestModule.ModuleVersionId.ToString("N"),
            "fs=" + request.FileSystem.GetType().FullName,
            "root=" + request.ProjectDirectory,
            "max=" + request.MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "mode=" + request.Mode,
            "names=" + request.SettingNames.MaxFileSize + "|" + request.SettingNames.TrustedRegistries,
        };
        parts.AddRange(request.Variables.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => "var=" + v.Key + "=" + v.Value));
        parts.AddRange(request.Properties.OrderBy(p => p.Key.ToUpperInvariant(), StringComparer.Ordinal).Select(p => "prop=" + p.Key.ToUpperInvariant() + "=" + p.Value));
        return ContentHash.Of(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", parts)));
    }

    private static bool Holds(IFileSystem fileSystem, Observation observation, Dictionary<(ObservationKind, string, string), bool> answers)
    {
        // Several units consult the same .editorconfig: ask once per scan.
        var key = (observation.Kind, observation.Path, observation.Answer);
        if (!answers.TryGetValue(key, out var holds))
            answers[key] = holds = ObservingFileSystem.StillHolds(fileSystem, observation);
        return holds;
    }

    // ---- seeds: the top-level inputs, grouped as compose itself groups them ----

    /// <summary>A top-level input (or inputs compose always takes together) with its place in the request.</summary>
    private sealed class Seed
    {
        public Seed(string id, int order, List<(int Index, InputFile File)> files, List<(int Index, ComposeProjectSpec Spec)> specs)
        {
            Id = id;
            Order = order;
            Files = files;
            Specs = specs;
        }

        public string Id { get; }
        public int Order { get; }
        public List<(int Index, InputFile File)> Files { get; }
        public List<(int Index, ComposeProjectSpec Spec)> Specs { get; }
    }

    /// <summary>
    /// One seed per input, except that inputs naming the same file, an explicit project with its files, and the compose
    /// files of one directory with compose's default or override names (compose merges the override onto the default
    /// file, and then does not load it on its own) are one seed: analysing them apart would not be what compose does.
    /// </summary>
    private static List<Seed> Seeds(AnalysisRequest request)
    {
        var items = new List<(int Index, string Id, InputFile? File, ComposeProjectSpec? Spec, List<string> Keys)>();
        for (var i = 0; i < request.Files.Count; i++)
        {
            var file = request.Files[i];
            var full = PathText.Full(file.Path);
            var keys = new List<string> { "path:" + Norm(full) };
            if (file.Kind == InputKind.Compose && InputClassifier.IsComposeDefaultName(full)) keys.Add("autodir:" + Norm(Path.GetDirectoryName(full) ?? ""));
            items.Add((i, "file|" + file.Kind + "|" + file.Path, file, null, keys));
        }
        for (var j = 0; j < request.ComposeProjects.Count; j++)
        {
            var spec = request.ComposeProjects[j];
            var paths = new[] { spec.MainFile }.Concat(spec.Overlays).Select(PathText.Full).ToList();
            var keys = paths.Select(p => "path:" + Norm(p))
                .Concat(paths.Where(InputClassifier.IsComposeDefaultName).Select(p => "autodir:" + Norm(Path.GetDirectoryName(p) ?? ""))).ToList();
            items.Add((request.Files.Count + j, "project|" + spec.MainFile + "|" + string.Join("|", spec.Overlays), null, spec, keys));
        }

        var sets = new UnionFind(items.Count);
        var owner = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
            foreach (var key in items[i].Keys)
                if (owner.TryGetValue(key, out var other)) sets.Union(i, other);
                else owner[key] = i;

        return Enumerable.Range(0, items.Count).GroupBy(sets.Find).Select(g =>
        {
            var members = g.OrderBy(i => i).Select(i => items[i]).ToList();
            return new Seed(string.Join("\n", members.Select(m => m.Id)), members[0].Index,
                members.Where(m => m.File != null).Select(m => (m.Index, m.File!)).ToList(),
                members.Where(m => m.Spec != null).Select(m => (m.Index - request.Files.Count, m.Spec!)).ToList());
        }).OrderBy(s => s.Order).ToList();
    }

    private static string Norm(string path) => PathText.Comparer == StringComparer.Ordinal ? path : path.ToUpperInvariant();

    // ---- units ----

    /// <summary>Seeds to analyse as one unit.</summary>
    private sealed record Pending(List<Seed> Seeds);

    private sealed class Unit
    {
        public Unit(List<Seed> seeds, UnitRecord record, bool analysed)
        {
            Seeds = seeds;
            Record = record;
            Analysed = analysed;
            Order = seeds.Min(s => s.Order);
        }

        public List<Seed> Seeds { get; }
        public UnitRecord Record { get; }
        public bool Analysed { get; }
        public int Order { get; }
    }

    private static Unit AnalyseGroup(AnalysisRequest request, List<Seed> seeds)
    {
        var observer = new ObservingFileSystem(request.FileSystem);
        Stack? stack = null;
        var sub = new AnalysisRequest
        {
            ProjectDirectory = request.ProjectDirectory,
            Files = seeds.SelectMany(s => s.Files).OrderBy(f => f.Index).Select(f => f.File).ToList(),
            ComposeProjects = seeds.SelectMany(s => s.Specs).OrderBy(p => p.Index).Select(p => p.Spec).ToList(),
            Variables = request.Variables,
            Properties = request.Properties,
            MaxFileBytes = request.MaxFileBytes,
            Mode = request.Mode,
            SettingNames = request.SettingNames,
            FileSystem = observer,
            StackLoaded = s =>
            {
                stack = s;
                request.StackLoaded?.Invoke(s); // the front end's hook too (the language server keeps each unit's model for its fixes)
            },
            LoadInParallel = false,
            Classified = true,
        };
        var result = Engine.Analyze(sub);
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        if (stack != null)
            foreach (var key in StackKeys(stack)) keys.Add(key);
        // after the stack was inspected: what that read is observed too
        var observations = observer.Observations;
        foreach (var o in observations)
            if (o.Kind is ObservationKind.FileContent or ObservationKind.FileLength && !IsSeverityConfig(o.Path))
                keys.Add("file:" + Norm(PathText.Full(o.Path)));
        var record = new UnitRecord(seeds.OrderBy(s => s.Order).Select(s => s.Id).ToList(), observations, keys.ToList(), result.Findings.Concat(result.Suppressed).ToList(), result.Summary);
        return new Unit(seeds, record, analysed: true);
    }

    private static bool IsSeverityConfig(string path)
    {
        var name = Path.GetFileName(path.Replace('\\', '/').Split('/').Last());
        return name is ".editorconfig" or ".globalconfig";
    }

    /// <summary>Couplings that are not file reads: Dockerfiles and the services that build them; Traefik, as linking joins it.</summary>
    private static IEnumerable<string> StackKeys(Stack stack)
    {
        foreach (var dockerfile in stack.FilesOf<DockerfileModel>())
            yield return "dockerfile:" + Norm(PathText.Full(dockerfile.Path));
        foreach (var project in stack.FilesOf<ComposeProject>())
            foreach (var service in project.Services)
                if (service.Build?.DockerfilePath is { } path)
                    yield return "dockerfile:" + Norm(PathText.Full(path));
        // the compose files Docker takes for one project share its facts (a backup job, an Alertmanager, its Traefik)
        foreach (var project in stack.FilesOf<ComposeProject>())
            if (ComposeProjectScopes.Of(project) is { } scope && scope.StartsWith("dir:", StringComparison.Ordinal))
                yield return "project:" + scope;
        foreach (var key in TraefikLinker.Couplings(stack.Traefik))
            yield return key;
    }

    /// <summary>Units sharing a key where at least one was just analysed: their seeds, to analyse together. Removes them from <paramref name="units"/>.</summary>
    private static List<Pending> Merge(List<Unit> units)
    {
        var sets = new UnionFind(units.Count);
        var owner = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < units.Count; i++)
            foreach (var key in units[i].Record.Keys)
                if (owner.TryGetValue(key, out var other)) sets.Union(i, other);
                else owner[key] = i;
        var merged = new List<Pending>();
        var remove = new HashSet<int>();
        foreach (var component in Enumerable.Range(0, units.Count).GroupBy(sets.Find).Where(g => g.Count() > 1))
        {
            merged.Add(new Pending(component.SelectMany(i => units[i].Seeds).OrderBy(s => s.Order).ToList()));
            foreach (var i in component) remove.Add(i);
        }
        for (var i = units.Count - 1; i >= 0; i--)
            if (remove.Contains(i)) units.RemoveAt(i);
        return merged;
    }

    private sealed class UnionFind
    {
        private readonly int[] parent;

        public UnionFind(int count) => parent = Enumerable.Range(0, count).ToArray();

        public int Find(int i)
        {
            while (parent[i] != i) i = parent[i] = parent[parent[i]];
            return i;
        }

        public void Union(int a, int b)
        {
            a = Find(a);
            b = Find(b);
            if (a != b) parent[Math.Max(a, b)] = Math.Min(a, b);
        }
    }
}
