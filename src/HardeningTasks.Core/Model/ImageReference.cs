using System;
using System.Text.RegularExpressions;

namespace HardeningTasks.Core.Model;

/// <summary>
/// An image reference, <c>[registry/][namespace/]name[:tag][@digest]</c>, parsed as the distribution reference
/// grammar (github.com/distribution/reference) and Docker's normalisation do: the first path component is a
/// registry when it contains <c>.</c> or <c>:</c>, is <c>localhost</c>, or has upper-case letters; otherwise the
/// image is on Docker Hub (<c>docker.io</c>, <c>index.docker.io</c> normalised to it) and a single-component name
/// gets the implied <c>library/</c> namespace.
/// </summary>
public sealed class ImageReference
{
    public const string DockerHub = "docker.io";

    private const string DomainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static readonly Regex DomainRegex = new(
        "^(?:" + DomainComponent + @"(?:\." + DomainComponent + @")*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?$",
        RegexOptions.CultureInvariant);
    private static readonly Regex PathComponentRegex = new("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$", RegexOptions.CultureInvariant);
    private static readonly Regex TagRegex = new("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant);
    private static readonly Regex DigestRegex = new("^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$", RegexOptions.CultureInvariant);

    private ImageReference(string original, string registry, bool registryExplicit, string repository, string? tag, string? digest)
    {
        Original = original;
        Registry = registry;
        IsRegistryExplicit = registryExplicit;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The text that was parsed.</summary>
    public string Original { get; }

    /// <summary>The registry host (with port), <c>docker.io</c> when none is written.</summary>
    public string Registry { get; }

    /// <summary>True when the reference names its registry (<c>ghcr.io/...</c>, <c>localhost:5000/...</c>, <c>docker.io/...</c>).</summary>
    public bool IsRegistryExplicit { get; }

    /// <summary>The path inside the registry, with Docker Hub's implied <c>library/</c>: <c>library/nginx</c>, <c>bitnami/redis</c>.</summary>
    public string Repository { get; }

    /// <summary>The tag as written, or null when there is none (Docker then pulls <c>latest</c>).</summary>
    public string? Tag { get; }

    /// <summary>The digest (<c>sha256:…</c>), or null.</summary>
    public string? Digest { get; }

    public bool HasTag => Tag != null;
    public bool HasDigest => Digest != null;
    public bool IsDockerHub => Registry == DockerHub;

    /// <summary>The tag Docker uses: the written one, or <c>latest</c> when there is neither tag nor digest.</summary>
    public string? EffectiveTag => Tag ?? (Digest == null ? "latest" : null);

    /// <summary>The last path component: <c>nginx</c> for <c>docker.io/library/nginx:1.27</c>.</summary>
    public string Name => Repository.Substring(Repository.LastIndexOf('/') + 1);

    /// <summary>The name as Docker prints it: <c>nginx</c>, <c>bitnami/redis</c>, <c>ghcr.io/org/app</c> (no tag or digest).</summary>
    public string FamiliarName =>
        IsDockerHub
            ? (Repository.StartsWith("library/", StringComparison.Ordinal) && Repository.IndexOf('/', 8) < 0 ? Repository.Substring(8) : Repository)
            : Registry + "/" + Repository;

    /// <summary>The fully qualified name without tag or digest: <c>docker.io/library/nginx</c>.</summary>
    public string FullName => Registry + "/" + Repository;

    /// <summary>True for <c>scratch</c>, the empty base image: nothing is pulled.</summary>
    public static bool IsScratch(string? text) => string.Equals(text?.Trim(), "scratch", StringComparison.OrdinalIgnoreCase);

    public static ImageReference? TryParse(string? text) => TryParse(text, out _);

    /// <summary>Parses a reference; returns null with a reason when it is not a valid reference (empty, upper-case
    /// repository, bad tag or digest, …). <c>scratch</c> parses as the Docker Hub name it would otherwise be; callers
    /// check <see cref="IsScratch"/> first.</summary>
    public static ImageReference? TryParse(string? text, out string? error) => Parse(text, out error);

    private static ImageReference? Parse(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "the reference is empty";
            return null;
        }
        var s = text!;
        if (s.Length > 0 && (char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[s.Length - 1])))
        {
            error = "the reference has surrounding whitespace";
            return null;
        }

        string? digest = null;
        var at = s.IndexOf('@');
        if (at >= 0)
        {
            digest = s.Substring(at + 1);
            s = s.Substring(0, at);
            if (!DigestRegex.IsMatch(digest))
            {
                error = $"'{digest}' is not a valid digest (expected e.g. sha256:<64 hex digits>)";
                return null;
            }
        }

        string? tag = null;
        var colon = s.LastIndexOf(':');
        if (colon > s.LastIndexOf('/'))
        {
            tag = s.Substring(colon + 1);
            s = s.Substring(0, colon);
            if (!TagRegex.IsMatch(tag))
            {
                error = $"'{tag}' is not a valid tag";
                return null;
            }
        }

        if (s.Length == 0)
        {
            error = "the reference has no repository name";
            return null;
        }
        if (s.Length > 255)
        {
            error = "the repository name is longer than 255 characters";
            return null;
        }

        string registry;
        string remainder;
        bool registryExplicit;
        var slash = s.IndexOf('/');
        var first = slash < 0 ? null : s.Substring(0, slash);
        if (first == null || (first.IndexOf('.') < 0 && first.IndexOf(':') < 0 && first != "localhost" && first.ToLowerInvariant() == first))
        {
            registry = DockerHub;
            remainder = s;
            registryExplicit = false;
        }
        else
        {
            registry = first;
            remainder = s.Substring(slash + 1);
            registryExplicit = true;
            if (!DomainRegex.IsMatch(registry))
            {
                error = $"'{registry}' is not a valid registry host";
                return null;
            }
        }
        if (registry == "index.docker.io") registry = DockerHub;

        foreach (var component in remainder.Split('/'))
        {
            if (!PathComponentRegex.IsMatch(component))
            {
                error = component.ToLowerInvariant() != component
                    ? "repository names must be lower-case"
                    : $"'{component}' is not a valid repository path component";
                return null;
            }
        }
        if (registry == DockerHub && remainder.IndexOf('/') < 0) remainder = "library/" + remainder;

        return new ImageReference(text!, registry, registryExplicit, remainder, tag, digest);
    }

    public override string ToString() => Original;
}
