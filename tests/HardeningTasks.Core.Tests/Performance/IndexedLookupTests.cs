using HardeningTasks.Core.IO;
using HardeningTasks.Core.Linking;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Compose;
using HardeningTasks.Core.Model.Dockerfile;
using HardeningTasks.Core.Model.Traefik;
using HardeningTasks.Core.Parsing.Dockerfile;
using HardeningTasks.Core.Rules;
using HardeningTasks.Core.Tests.Traefik;

namespace HardeningTasks.Core.Tests.Performance;

/// <summary>
/// The lookups that replaced linear scans (to make large inputs linear) must answer exactly what the scans answered.
/// Each test compares the indexed answer with the scan it replaced, kept here as the reference, on inputs that stress
/// the corners: case, duplicates, list indices, keys that are prefixes of others, redeclarations.
/// </summary>
public class IndexedLookupTests
{
    // ---- TraefikSettings: Under / Has / Names / List ----

    private static readonly string[] Keys =
    {
        "http.routers.web.rule", "http.routers.web.tls", "http.routers.web.tls.certresolver", "http.routers.Web2.rule",
        "http.routers.web2.entrypoints[0]", "http.routers.web2.entrypoints[1]", "http.routers.web2.entrypoints[1].x",
        "http.routers.webx.rule", "http.routers.web[0]", "http.routers.web [=x", "http.routers", "http.routersx.a",
        "http.middlewares.m.ratelimit.average", "http.middlewares.m.ratelimit.burst", "http.middlewares.M.redirectscheme.scheme",
        "entrypoints.websecure.address", "entrypoints.websecure.http.tls", "entrypoints.web.http.middlewares",
        "entrypoints.web.http.middlewares[0]", "entrypoints", "[x", "[x].y", "a..b", "tls.certificates[0].certfile",
        "tls.certificates[1].keyfile", "tls.stores.default.defaultcertificate.certfile",
        "http.routers.\u0131.rule", "http.routers.i.rule", "http.routers.\u212A.rule", "http.routers.k.rule",
        "http.routers.web.rule",
    };

    private static TraefikSettings Settings() =>
        new(Keys.Select((k, i) => new TraefikSetting(k, "v" + i + ",w" + i, TraefikSource.File, SourceLocation.FileStart("/f"), SourceLocation.FileStart("/f"), null)));

    /// <summary>Every key, every prefix of every key at a separator, and some that match nothing.</summary>
    private static IEnumerable<string> Questions()
    {
        var questions = new List<string> { "", "HTTP.Routers", "http.routers.WEB", "http.routers.web.tls", "x", "http.routers.0", "ENTRYPOINTS.websecure", "http.routers.I", "http.routers.K" };
        foreach (var key in Keys)
        {
            questions.Add(key);
            questions.Add(key.ToUpperInvariant());
            for (var i = 0; i < key.Length; i++)
                if (key[i] is '.' or '[') questions.Add(key.Substring(0, i));
        }
        return questions.Distinct(StringComparer.Ordinal);
    }

    [Test]
    public void Traefik_settings_under_has_names_and_list_answer_as_the_scans_did()
    {
        var settings = Settings();
        foreach (var question in Questions())
        {
            var normalized = TraefikKeys.Normalize(question);
            var under = settings.All.Where(s => TraefikKeys.IsUnder(s.Key, normalized)).ToList();
            Assert.That(settings.Under(question).ToList(), Is.EqualTo(under), $"Under({question})");
            Assert.That(settings.Has(question), Is.EqualTo(under.Count > 0), $"Has({question})");

            var names = new List<string>();
            foreach (var setting in settings.All)
                if (TraefikKeys.ChildSegment(setting.Key, normalized) is { } name && !names.Contains(name)) names.Add(name);
            Assert.That(settings.Names(question), Is.EqualTo(names), $"Names({question})");

            var items = settings.All
                .Where(s => s.Key.Length > normalized.Length && s.Key.StartsWith(normalized, StringComparison.Ordinal)
                    && s.Key[normalized.Length] == '[' && s.Key.IndexOf('.', normalized.Length) < 0)
                .Select(s => (s.Value.Trim(), s)).ToList();
            if (items.Count == 0 && settings.All.FirstOrDefault(s => s.Key == normalized) is { } single)
                items = TraefikKeys.SplitList(single.Value).Select(v => (v, single)).ToList();
            Assert.That(settings.List(question).Select(i => (i.Value, i.Setting)).ToList(), Is.EqualTo(items), $"List({question})");
        }
    }

    [Test]
    public void Traefik_routers_are_found_case_insensitively_with_their_own_settings()
    {
        var config = new TraefikDynamicConfig(Settings(), null, null);
        // 'web [=x' is cut at '[' into its own router 'web ' (written name trimmed); the Kelvin sign lower-cases to 'k'.
        Assert.That(string.Join("|", config.Routers.Select(r => r.Name)), Is.EqualTo("web|Web2|webx|web|\u0131|i|k"));
        var web = config.Routers[0];
        Assert.That(web.Rule!.Key, Is.EqualTo("http.routers.web.rule"));
        Assert.That(web.UsesTls, Is.True);
        Assert.That(web.CertResolver!.Key, Is.EqualTo("http.routers.web.tls.certresolver"));
        Assert.That(config.Routers[3].Rule!.Key, Is.EqualTo("http.routers.web.rule"), "keys are trimmed per segment, so 'web ' reads web's settings");
        var web2 = config.Routers[1];
        Assert.That(web2.Rule!.Key, Is.EqualTo("http.routers.web2.rule"), "'Web2' and 'web2' are one router");
        Assert.That(web2.EntryPoints.Select(e => e.Value), Is.EqualTo(new[] { "v4,w4", "v5,w5" }), "items keep their value whole; entrypoints[1].x is not an item");
        Assert.That(config.Middlewares.Select(m => m.Name + ":" + m.Type), Is.EqualTo(new[] { "m:ratelimit" }), "'m' and 'M' are one middleware");
        Assert.That(config.Certificates.Select(c => c.Key), Is.EqualTo(new[] { "tls.certificates[0].certfile", "tls.certificates[1].keyfile", "tls.stores.default.defaultcertificate.certfile" }));
    }

    // ---- TraefikStack: who serves what, homes, middlewares by name ----

    /// <summary>Label configs served by their own project's Traefik or through an external network (enable, exposedByDefault,
    /// a Traefik that reads no labels, one whose static file is unknown), a dynamic file two instances load, standalone static
    /// and dynamic files, middlewares whose names differ only in case.</summary>
    private static TraefikTestStack ServingStack() => new TraefikTestStack()
        .File("edge/compose.yml", """
            services:
              proxy:
                image: traefik:v3.1
                command: ["--providers.docker", "--providers.docker.exposedByDefault=false", "--entrypoints.web.address=:80", "--providers.file.filename=/dyn/shared.yml"]
                volumes: ["../shared:/dyn"]
                networks: [default, proxy]
              own:
                image: nginx:1.27
                labels: ["traefik.enable=true", "traefik.http.routers.own.rule=Host(`own`)", "traefik.http.middlewares.Limit.ratelimit.average=5"]
              implicit:
                image: nginx:1.27
                labels: ["traefik.http.routers.implicit.rule=Host(`implicit`)"]
            networks:
              proxy:
                external: true
            """)
        .File("apps/compose.yml", """
            services:
              app:
                image: nginx:1.27
                labels: ["traefik.enable=true", "traefik.http.routers.app.rule=Host(`app`)", "traefik.http.middlewares.limit.redirectscheme.scheme=https"]
                networks: [proxy]
              off:
                image: nginx:1.27
                labels: ["traefik.enable=false", "traefik.http.routers.off.rule=Host(`off`)"]
                networks: [proxy]
              plain:
                image: nginx:1.27
                labels: ["traefik.enable=true", "traefik.http.routers.plain.rule=Host(`plain`)"]
            networks:
              proxy:
                external: true
            """)
        .File("other/compose.yml", """
            services:
              proxy2:
                image: traefik:v3.1
                command: ["--providers.docker", "--entrypoints.web.address=:80", "--providers.file.filename=/dyn/shared.yml"]
                volumes: ["../shared:/dyn"]
              theirs:
                image: nginx:1.27
                labels: ["traefik.http.routers.theirs.rule=Host(`theirs`)"]
            """)
        .File("files/compose.yml", """
            services:
              fileonly:
                image: traefik:v3.1
                command: ["--providers.file.filename=/x.yml", "--entrypoints.web.address=:80"]
              mine:
                image: nginx:1.27
                labels: ["traefik.http.routers.mine.rule=Host(`mine`)"]
            """)
        .File("unknown/compose.yml", """
            services:
              hidden:
                image: traefik:v3.1
                command: ["--configFile=/etc/elsewhere/traefik.yml"]
                networks: [proxy]
            networks:
              proxy:
                name: proxy
            """)
        .File("shared/shared.yml", "http:\n  routers:\n    fromfile:\n      rule: Host(`f`)\n  middlewares:\n    LIMIT:\n      ratelimit:\n        average: 1\n")
        .File("lab/traefik.yml", "entryPoints:\n  lab:\n    address: :8080\n")
        .File("lab/traefik-dynamic.yml", "http:\n  routers:\n    r:\n      rule: Host(`x`)\n");

    // Who serves what, answered by scanning every instance and every config: the reference for the linked, indexed answers.
    private static List<TraefikInstance> ScanServing(TraefikStack traefik, TraefikDynamicConfig config)
    {
        if (config.Service is { } service)
        {
            if (config.Enable == false) return new List<TraefikInstance>();
            var networks = new ComposeNetworkNames();
            return traefik.Instances.Where(i => i.Service != null && !i.IsVersion1 && i.ReadsLabels
                && (config.Enable == true || i.ExposedByDefault)
                && (i.Service.Project == service.Project || ComposeNetworkNames.Shared(networks.Of(service), networks.Of(i.Service)))).ToList();
        }
        var owners = traefik.Instances.Where(i => i.FileProviderConfigs.Contains(config)).ToList();
        return owners.Count > 0 ? owners : traefik.Instances.Where(i => i.StandaloneFile != null).ToList();
    }

    private static StackFile? ScanHome(TraefikStack traefik, TraefikDynamicConfig config) =>
        config.Service?.Project ?? traefik.Instances.FirstOrDefault(i => i.FileProviderConfigs.Contains(config))?.Home ?? config.File;

    [Test]
    public void Traefik_stack_serving_homes_and_middlewares_answer_as_the_scans_do()
    {
        var stack = ServingStack().Load();
        var traefik = stack.Traefik;
        Assert.That(traefik.Instances.Select(i => i.Name), Is.EqualTo(new[] { "proxy", "proxy2", "fileonly", "hidden", "traefik.yml" }));
        var shared = traefik.DynamicConfigs.Single(c => c.File?.Path == TraefikTestStack.P("shared/shared.yml"));
        Assert.That(ScanServing(traefik, shared).Select(i => i.Name), Is.EqualTo(new[] { "proxy", "proxy2" }), "the stack covers a file two instances load");

        foreach (var config in traefik.DynamicConfigs)
        {
            var what = config.Origin;
            Assert.That(traefik.ServingInstances(config).ToList(), Is.EqualTo(ScanServing(traefik, config)), $"ServingInstances({what})");
            Assert.That(traefik.HomeOf(config), Is.SameAs(ScanHome(traefik, config)), $"HomeOf({what})");
        }
        foreach (var instance in traefik.Instances)
        {
            var routers = traefik.DynamicConfigs.Where(c => ScanServing(traefik, c).Contains(instance)).SelectMany(c => c.Routers).ToList();
            Assert.That(traefik.RoutersOf(instance).ToList(), Is.EqualTo(routers), $"RoutersOf({instance.Name})");
        }
        Assert.That(traefik.RoutersOf(traefik.Instances[0]).Select(r => r.Name), Is.EqualTo(new[] { "own", "app", "fromfile" }),
            "its own project's opted-in router and the app joined through the external network 'proxy'; not 'plain', on the app's default network");
        Assert.That(traefik.RoutersOf(traefik.Instances[1]).Select(r => r.Name), Is.EqualTo(new[] { "theirs", "fromfile" }),
            "only its own project: the stacks it shares no network with are not its");
        Assert.That(traefik.RoutersOf(traefik.Instances[3]).Select(r => r.Name), Is.EqualTo(new[] { "app" }),
            "'hidden' creates the network 'proxy' that the app stack joins as external");

        var homes = stack.Files.Concat(traefik.DynamicConfigs.Select(c => ScanHome(traefik, c)!)).Distinct().ToList();
        foreach (var home in homes)
        {
            Assert.That(traefik.InstancesIn(home).ToList(), Is.EqualTo(traefik.Instances.Where(i => i.Home == home).ToList()), $"InstancesIn({home})");
            Assert.That(traefik.ConfigsHomedIn(home).ToList(), Is.EqualTo(traefik.DynamicConfigs.Where(c => ScanHome(traefik, c) == home).ToList()), $"ConfigsHomedIn({home})");
        }

        foreach (var instance in traefik.Instances)
        {
            var loaded = traefik.DynamicConfigs.Where(c => ScanServing(traefik, c).Contains(instance)).SelectMany(c => c.Middlewares).ToList();
            foreach (var reference in new[] { "limit", "LIMIT@file", " Limit @docker", "limit@", "nope", "" })
            {
                var name = reference.Split('@')[0].Trim();
                var scanned = loaded.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
                Assert.That(traefik.FindMiddleware(instance, reference), Is.SameAs(scanned), $"FindMiddleware({instance.Name}, {reference})");
            }
            Assert.That(traefik.LoadsMiddlewareOfType(instance, "ratelimit"), Is.EqualTo(loaded.Any(m => m.Type == "ratelimit")), $"ratelimit in {instance.Name}");
        }
        Assert.That(traefik.FindMiddleware(traefik.Instances[0], "limit")!.Type, Is.EqualTo("ratelimit"), "the first of the names that differ in case");
        Assert.That(traefik.FindMiddleware(traefik.Instances[3], "limit")!.Type, Is.EqualTo("redirectscheme"), "the app's, the only one 'hidden' loads");

        // An instance of another stack is served nothing here.
        var foreign = ServingStack().Load().Traefik.Instances[0];
        Assert.That(traefik.RoutersOf(foreign), Is.Empty);
    }

    // ---- Dockerfile: stage variables, global ARGs, stage names ----

    private const string Dockerfile = """
        ARG BASE=alpine
        ARG TAG=3.20
        ARG BASE=${BASE}x TAG2=${TAG}-${BASE}
        ARG NODEFAULT
        FROM ${BASE}:${TAG} AS Build
        ARG TAG
        ENV A=1 B=${A}2
        ARG C=${B}3 A=${A}${A}
        RUN echo one
        ENV A=${C}
        ARG NODEFAULT
        ARG BASE
        ENV EMPTY=
        RUN echo two
        FROM build AS second
        ENV X=${A}
        FROM BUILD AS build
        FROM build AS third
        COPY --from=Build /a /b
        """;

    private static string? Replay(DockerStage stage, string name, DockerInstruction? at)
    {
        // The replay DockerStage.Expand did before values were computed once per stage.
        string? GlobalValue(string n) => stage.File.GlobalArgs.Where(a => a.Name == n).Select(a => a.Value).LastOrDefault();
        var scope = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? Lookup(string n) => scope.TryGetValue(n, out var v) ? v : null;
        foreach (var instruction in stage.Instructions)
        {
            if (at != null && ReferenceEquals(instruction, at)) break;
            if (instruction.Is("ARG"))
                foreach (var kv in instruction.KeyValues)
                    scope[kv.Name] = kv.RawValue != null ? DockerVariables.Expand(kv.RawValue, Lookup, stage.File.EscapeToken).Value : GlobalValue(kv.Name);
            else if (instruction.Is("ENV"))
                foreach (var kv in instruction.KeyValues)
                    scope[kv.Name] = DockerVariables.Expand(kv.RawValue ?? "", Lookup, stage.File.EscapeToken).Value;
        }
        var expanded = DockerVariables.Expand("${" + name + "}", Lookup, stage.File.EscapeToken);
        return expanded.IsFullyResolved ? expanded.Value : null;
    }

    [Test]
    public void Dockerfile_stage_expansion_at_every_instruction_matches_a_replay_of_the_stage()
    {
        var model = DockerfileParser.Parse("/repo/Dockerfile", Dockerfile).Model!;
        var names = new[] { "A", "B", "C", "TAG", "TAG2", "BASE", "NODEFAULT", "EMPTY", "X", "MISSING" };
        var checkedCount = 0;
        foreach (var stage in model.Stages)
            foreach (var at in stage.Instructions.Cast<DockerInstruction?>().Append(null).Append(model.Instructions[0]))
                foreach (var name in names)
                {
                    var expanded = stage.Expand("${" + name + "}", at);
                    Assert.That(expanded.IsFullyResolved ? expanded.Value : null, Is.EqualTo(Replay(stage, name, at)), $"{stage} at {at}: {name}");
                    checkedCount++;
                }
        Assert.That(checkedCount, Is.GreaterThan(100));
        var build = model.Stages[0];
        Assert.That(build.Expand("${A}").Value, Is.EqualTo("123"), "ENV A=${C} with C=${B}3 and B=${A}2 at A=1 (the ARG A=${A}${A} after C is overridden)");
        Assert.That(build.Expand("${A}", build.Instructions[3]).Value, Is.EqualTo("11"), "at the RUN: ARG A=${A}${A}");
        Assert.That(build.Expand("${A}", build.Instructions[2]).Value, Is.EqualTo("1"), "at the ARG: only the ENV before it");
        Assert.That(build.Expand("${TAG}").Value, Is.EqualTo("3.20"), "a stage ARG without default takes the global default");
    }

    [Test]
    public void Dockerfile_global_args_and_stage_names_resolve_to_the_declarations_the_scans_found()
    {
        var model = DockerfileParser.Parse("/repo/Dockerfile", Dockerfile).Model!;
        Assert.That(model.GlobalArgValue("BASE"), Is.EqualTo("alpinex"), "the last declaration, with the earlier one substituted");
        Assert.That(model.GlobalArgValue("TAG2"), Is.EqualTo("3.20-alpinex"), "the second ARG of an instruction sees the BASE redeclared before it in the same instruction");
        Assert.That(model.GlobalArgValue("NODEFAULT"), Is.Null);
        Assert.That(model.GlobalArg("BASE")!.RawDefault, Is.EqualTo("${BASE}x"));
        Assert.That(model.GlobalArg("base"), Is.Null, "ARG names are case-sensitive");
        Assert.That(model.Stages[0].Base.Value, Is.EqualTo("alpinex:3.20"));

        Assert.That(model.FindStage("BUILD"), Is.SameAs(model.Stages[0]), "the first stage of a name, case-insensitively");
        Assert.That(model.FindStage("build"), Is.SameAs(model.Stages[0]));
        Assert.That(model.FindStage("3"), Is.SameAs(model.Stages[3]));
        Assert.That(model.FindStage("nope"), Is.Null);
        Assert.That(model.Stages[1].BaseStage, Is.SameAs(model.Stages[0]));
        Assert.That(model.Stages[2].BaseStage, Is.SameAs(model.Stages[0]), "FROM names an earlier stage only, never itself");
        Assert.That(model.Stages[3].BaseStage, Is.SameAs(model.Stages[2]), "the last earlier stage of that name");
    }

    // ---- Compose: services by name, depends_on conditions ----

    [Test]
    public void Compose_service_lookup_and_awaited_conditions()
    {
        var stack = new TraefikTestStack().File("compose.yml", """
            services:
              migrate:
                image: app:1
                restart: always
              app:
                image: app:1
                depends_on:
                  migrate: {condition: service_completed_successfully}
                  db: {condition: service_healthy}
              worker:
                image: app:1
                restart: always
                depends_on: [db]
              db:
                image: postgres:16
                restart: always
              Migrate:
                image: app:1
                restart: always
            """).Load();
        var project = stack.FilesOf<ComposeProject>().Single();
        Assert.That(project.Service("db")!.Name, Is.EqualTo("db"));
        Assert.That(project.Service("Migrate"), Is.SameAs(project.Services[4]), "names are case-sensitive");
        Assert.That(project.Service("nope"), Is.Null);
        Assert.That(project.IsAwaited("migrate", "service_completed_successfully"), Is.True);
        Assert.That(project.IsAwaited("Migrate", "service_completed_successfully"), Is.False);
        Assert.That(project.IsAwaited("db", "service_healthy"), Is.True);
        Assert.That(project.IsAwaited("db", "service_started"), Is.True, "the short form waits for service_started");
        Assert.That(project.IsAwaited("db", "service_completed_successfully"), Is.False);
        Assert.That(project.Services.Select(s => s.IsOneShot), Is.EqualTo(new[] { true, false, false, false, false }));
    }

    // ---- Paths across files ----

    [Test]
    public void Path_index_matches_as_same_path_compares()
    {
        var paths = new[] { "/repo/a/Dockerfile", "/repo/a/../a/Dockerfile", "/repo/b/Dockerfile", "/repo/x\0y", "/repo/A/Dockerfile", "/repo/a/Dockerfile" };
        var index = new PathIndex<int>(paths.Select((p, i) => (p, i)));
        foreach (var question in paths.Append("/repo/a/./Dockerfile").Append("/nope").Append("x\0y"))
        {
            var expected = paths.Select((p, i) => (p, i)).Where(e => SamePath(e.p, question)).Select(e => e.i).ToList();
            Assert.That(index.Matching(question).ToList(), Is.EqualTo(expected), question.Replace("\0", "\\0"));
        }
        Assert.That(index.Matching("/repo/a/./Dockerfile").ToList(), Is.EqualTo(new[] { 0, 1, 5 }));
    }

    /// <summary>The pairwise comparison the rules made before the index (kept here as the reference).</summary>
    private static bool SamePath(string a, string b)
    {
        try
        {
            return string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), PathText.Comparison);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return string.Equals(a, b, PathText.Comparison);
        }
    }
}
