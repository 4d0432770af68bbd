using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model.Yaml;
using HardeningTasks.Core.Parsing;
using HardeningTasks.Core.Parsing.Yaml;

namespace HardeningTasks.Core;

/// <summary>
/// Which kind of input a file is. By name first, exactly as the package's default item globs choose them
/// (<c>docker-compose*.yml|yaml</c>, <c>compose*.yml|yaml</c>, <c>Dockerfile</c>, <c>Dockerfile.*</c>, <c>*.Dockerfile</c>,
/// <c>*.dockerfile</c>, <c>traefik*.yml|yaml|toml</c>); then, for YAML, by what its top level holds, as
/// <c>shared/RULES.md</c> "What is checked" says: a top-level <c>services:</c> mapping is a compose file whatever its
/// name (<c>stack.yml</c>, <c>docker-stack.yml</c>, a <c>traefik.yml</c> that is really a compose file); only Traefik
/// keys is a Traefik config; anything else (Kubernetes, CI, Ansible) is not ours, and a file named like a compose file
/// that holds no compose keys is a fragment. The one classifier of the task and the command line.
/// </summary>
public static class InputClassifier
{
    /// <summary>Folders never searched for inputs, at any depth (the build's default excludes and the CLI's walk).</summary>
    public static readonly IReadOnlyList<string> ExcludedDirectories = new[] { "bin", "obj", "node_modules", ".git", ".github" };

    /// <summary>The top-level keys of compose's file format (<c>x-</c> extensions aside).</summary>
    private static readonly HashSet<string> ComposeKeys = new(StringComparer.Ordinal)
    {
        "version", "name", "services", "include", "networks", "volumes", "secrets", "configs", "models",
    };

    /// <summary>Traefik's static configuration (<c>pkg/config/static/static_config.go</c>, v2 and v3); Traefik matches them case-insensitively.</summary>
    private static readonly HashSet<string> TraefikStaticKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "global", "serversTransport", "tcpServersTransport", "entryPoints", "providers", "api", "metrics", "ping", "log",
        "accessLog", "tracing", "hostResolver", "certificatesResolvers", "experimental", "core", "spiffe", "ocsp", "pilot", "hub",
    };

    /// <summary>Traefik's dynamic configuration (<c>pkg/config/dynamic/config.go</c>).</summary>
    private static readonly HashSet<string> TraefikDynamicKeys = new(StringComparer.OrdinalIgnoreCase) { "http", "tcp", "udp", "tls" };

    /// <summary>The kind a file's name says; null for a name the default globs do not pick.</summary>
    public static InputKind? Classify(string path)
    {
        var name = Path.GetFileName(path);
        var extension = Path.GetExtension(name);
        var isYaml = extension is ".yml" or ".yaml";
        if (isYaml && (name.StartsWith("docker-compose", StringComparison.Ordinal) || name.StartsWith("compose", StringComparison.Ordinal)))
            return InputKind.Compose;
        if (name == "Dockerfile" || name.StartsWith("Dockerfile.", StringComparison.Ordinal)
            || name.EndsWith(".Dockerfile", StringComparison.Ordinal) || name.EndsWith(".dockerfile", StringComparison.Ordinal))
            return name.EndsWith(".dockerignore", StringComparison.Ordinal) ? null : InputKind.Dockerfile;
        if ((isYaml || extension == ".toml") && name.StartsWith("traefik", StringComparison.Ordinal))
            return InputKind.TraefikConfig;
        return null;
    }

    /// <summary>True for <c>*.yml</c>/<c>*.yaml</c>: the files whose content decides their kind.</summary>
    public static bool IsYaml(string path)
    {
        var extension = Path.GetExtension(path);
        return extension.Equals(".yml", StringComparison.OrdinalIgnoreCase) || extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The kind of a YAML file from its top level, given the kind its name says (null: a name the globs do not pick).
    /// Null, with the reason, when it is not checked. A file with one of the names Docker Compose loads by itself
    /// (<c>compose.yaml</c>, <c>docker-compose.override.yml</c>, …: <paramref name="composeLoadsIt"/>) is a compose file
    /// whatever it holds: if it is not one, <c>docker compose up</c> fails, and its HRD000 says why.
    /// </summary>
    public static InputKind? ClassifyContent(InputKind? named, YamlTopLevel top, bool composeLoadsIt, out SkipReason reason)
    {
        reason = SkipReason.NotOurs;
        if (composeLoadsIt) return InputKind.Compose;
        var hasServices = top.HasKey("services");
        var kubernetes = top.HasKey("apiVersion") && top.HasKey("kind");
        if (top.Shape == YamlShape.Invalid)
        {
            // Broken YAML is reported by the loader of the kind it claims to be; with no claim, it is nobody's.
            if (named != null) return named;
            if (top.Services == YamlShape.Mapping && !kubernetes) return InputKind.Compose;
            return null;
        }
        if (top.Shape == YamlShape.Mapping)
        {
            var composeKeysOnly = top.Keys.All(IsComposeKey);
            if (!kubernetes && (top.Services == YamlShape.Mapping || (hasServices && (named == InputKind.Compose || composeKeysOnly))))
                return InputKind.Compose;
            if (top.Keys.All(k => TraefikStaticKeys.Contains(k) || TraefikDynamicKeys.Contains(k)))
                return InputKind.TraefikConfig;
            if (named == InputKind.Compose && composeKeysOnly) return InputKind.Compose; // an include-only file, networks for an overlay
        }
        if (named == InputKind.TraefikConfig) return InputKind.TraefikConfig;
        if (top.Shape == YamlShape.Empty) reason = SkipReason.Empty;
        else if (named == InputKind.Compose) reason = SkipReason.Fragment;
        return null;
    }

    /// <summary>The names Docker Compose picks in a directory by itself: its default and override file names.</summary>
    public static bool IsComposeDefaultName(string path)
    {
        var name = Path.GetFileName(path);
        return Parsing.Compose.ComposeLoader.DefaultFileNames.Contains(name) || Parsing.Compose.ComposeLoader.DefaultOverrideFileNames.Contains(name);
    }

    private static bool IsComposeKey(string key) => ComposeKeys.Contains(key) || key.StartsWith("x-", StringComparison.Ordinal);

    /// <summary>
    /// The request's inputs with their kinds settled: every YAML input and candidate is read and judged by its content
    /// (<see cref="ClassifyContent"/>); Dockerfiles and TOML files keep the kind they were given. A file given twice is
    /// checked once. Files that are not checked are listed with the reason, in path order.
    /// </summary>
    public static InputSelection Select(AnalysisRequest request, IFileSystem fileSystem)
    {
        var files = new List<InputFile>();
        var skipped = new List<SkippedInput>();
        var seen = new HashSet<string>(PathText.Comparer);
        var given = request.Files.Select(f => (f.Path, Named: (InputKind?)f.Kind))
            .Concat(request.Candidates.Select(c => (Path: c, Named: Classify(c))))
            .Where(f => seen.Add(f.Path))
            .ToList();
        // Reading and scanning is independent per file; the result keeps the order of the request.
        var judged = request.LoadInParallel
            ? given.AsParallel().AsOrdered().Select(f => Judge(f.Path, f.Named, request.MaxFileBytes, fileSystem)).ToList()
            : given.Select(f => Judge(f.Path, f.Named, request.MaxFileBytes, fileSystem)).ToList();
        for (var i = 0; i < given.Count; i++)
        {
            if (judged[i].Kind is { } kind) files.Add(new InputFile(given[i].Path, kind));
            if (judged[i].Skip is { } reason) skipped.Add(new SkippedInput(given[i].Path, reason));
        }
        skipped.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new InputSelection(files, skipped);
    }

    /// <summary>The kind to load the file as (null: not loaded) and why it is not checked (null: it is). A file whose name
    /// claims it but that cannot be read is both: its loader's HRD000 says what is wrong, the summary that it was skipped.</summary>
    private static (InputKind? Kind, SkipReason? Skip) Judge(string path, InputKind? named, long maxBytes, IFileSystem fileSystem)
    {
        if (named is InputKind.Dockerfile || !IsYaml(path)) return named is { } kind ? (kind, null) : (null, SkipReason.NotOurs);
        var text = SourceReader.TryRead(fileSystem, path, maxBytes, out _, out var tooLarge);
        if (text == null) return (named, tooLarge ? SkipReason.TooLarge : SkipReason.Unreadable);
        var byContent = ClassifyContent(named, YamlTopLevel.Read(text), IsComposeDefaultName(path), out var reason);
        return byContent != null ? (byContent, null) : (null, reason);
    }
}

/// <summary>Why a file given to the analysis was not checked.</summary>
public enum SkipReason
{
    /// <summary>YAML that is neither compose nor Traefik (Kubernetes, CI, Ansible, an application's settings).</summary>
    NotOurs,

    /// <summary>Named like a compose file, but holds no compose keys (a snippet, a list): not an error.</summary>
    Fragment,

    /// <summary>Nothing but comments (an example left commented out).</summary>
    Empty,

    /// <summary>Larger than the size limit (HardeningMaxFileSize, --max-file-size).</summary>
    TooLarge,

    /// <summary>Could not be read as text (binary, not UTF-8, no permission).</summary>
    Unreadable,
}

/// <summary>A file the analysis was given and did not check.</summary>
public sealed record SkippedInput(string Path, SkipReason Reason);

/// <summary>The inputs with their kinds settled by <see cref="InputClassifier.Select"/>, and those not checked.</summary>
public sealed record InputSelection(IReadOnlyList<InputFile> Files, IReadOnlyList<SkippedInput> Skipped);
