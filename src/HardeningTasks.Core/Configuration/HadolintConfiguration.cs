using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Yaml;
using HardeningTasks.Core.Parsing;
using HardeningTasks.Core.Parsing.Yaml;
using HardeningTasks.Core.Rules;
using HardeningTasks.Core.Rules.SupplyChain;

namespace HardeningTasks.Core.Configuration;

/// <summary>
/// A repository's <c>.hadolint.yaml</c> (or <c>.hadolint.yml</c>), honoured where it means something to us:
/// <c>ignored:</c> turns off, in Dockerfiles, the HRD rules its codes map to (<see cref="HadolintRules"/>), as
/// <c>NoWarn</c> would; <c>trustedRegistries:</c> is the trusted-registry list of HRD004 when the build sets no
/// <c>HardeningTrustedRegistries</c>; <c>disable-ignore-pragma: true</c> turns the <c># hadolint ignore=</c> comments off,
/// as it does for hadolint. The other keys (<c>override</c>, <c>failure-threshold</c>, <c>label-schema</c>…) are
/// hadolint's own business and are left alone.
/// </summary>
/// <remarks>
/// hadolint reads the file from the directory it runs in, which in CI and pre-commit is the repository root; the
/// nearest one from the project directory up to the repository root (the first directory holding <c>.git</c>) is used,
/// <c>.yaml</c> before <c>.yml</c>, as hadolint orders them. Files in the user's home are not read: a build must not
/// depend on who runs it.
/// </remarks>
public sealed class HadolintConfiguration
{
    public static readonly HadolintConfiguration None = new(null, Array.Empty<string>(), Array.Empty<string>(), false, Array.Empty<Finding>());

    private static readonly string[] FileNames = { ".hadolint.yaml", ".hadolint.yml" };

    private HadolintConfiguration(string? path, IReadOnlyList<string> ignored, IReadOnlyList<string> trustedRegistries, bool disableIgnorePragma, IReadOnlyList<Finding> problems)
    {
        Path = path;
        Ignored = ignored;
        TrustedRegistries = trustedRegistries;
        DisableIgnorePragma = disableIgnorePragma;
        Problems = problems;
    }

    /// <summary>The file read; null when there is none.</summary>
    public string? Path { get; }

    /// <summary>The codes of <c>ignored:</c>, as written.</summary>
    public IReadOnlyList<string> Ignored { get; }

    /// <summary>The entries of <c>trustedRegistries:</c> (<c>docker.io</c>, <c>*.corp.example</c>).</summary>
    public IReadOnlyList<string> TrustedRegistries { get; }

    public bool DisableIgnorePragma { get; }

    /// <summary>HRD090 findings for a file that cannot be read or a key of the wrong shape; the rest of the file still applies.</summary>
    public IReadOnlyList<Finding> Problems { get; }

    /// <summary>The configuration that applies to the project at <paramref name="projectDirectory"/>.</summary>
    public static HadolintConfiguration Find(string projectDirectory, IFileSystem fileSystem, long maxBytes)
    {
        if (string.IsNullOrEmpty(projectDirectory)) return None;
        for (var directory = PathText.Full(projectDirectory); !string.IsNullOrEmpty(directory); directory = System.IO.Path.GetDirectoryName(directory))
        {
            foreach (var name in FileNames)
            {
                var path = System.IO.Path.Combine(directory, name);
                if (fileSystem.FileExists(path)) return Load(path, fileSystem, maxBytes);
            }
            var git = System.IO.Path.Combine(directory, ".git");
            if (fileSystem.DirectoryExists(git) || fileSystem.FileExists(git)) break; // the repository root: hadolint runs no higher
        }
        return None;
    }

    internal static HadolintConfiguration Load(string path, IFileSystem fileSystem, long maxBytes)
    {
        var problems = new List<Finding>();
        void Problem(SourceSpan span, string message) =>
            problems.Add(ToolDiagnostics.ConfigurationProblem.At(new SourceLocation(path, span), null, null, message));

        var text = SourceReader.TryRead(fileSystem, path, maxBytes, out var readError);
        if (text == null)
        {
            Problem(readError?.Span ?? SourceSpan.FileStart, $"The hadolint configuration cannot be read ({readError?.Message ?? "unreadable"}); its ignored: and trustedRegistries: lists are not applied.");
            return new HadolintConfiguration(path, Array.Empty<string>(), Array.Empty<string>(), false, problems);
        }
        var loaded = YamlLoader.Load(path, text);
        if (loaded.Error is { } error)
        {
            Problem(error.Span, $"The hadolint configuration is not valid YAML ({error.Message}); its ignored: and trustedRegistries: lists are not applied.");
            return new HadolintConfiguration(path, Array.Empty<string>(), Array.Empty<string>(), false, problems);
        }
        if (loaded.Root is not YMapping root)
        {
            if (loaded.Root is { } other)
                Problem(other.Location.Span, "The hadolint configuration must be a mapping (ignored:, trustedRegistries:, …); it is not applied.");
            return new HadolintConfiguration(path, Array.Empty<string>(), Array.Empty<string>(), false, problems);
        }

        IReadOnlyList<string> List(string key)
        {
            switch (root[key])
            {
                case null:
                case YScalar { IsNull: true }:
                    return Array.Empty<string>();
                case YSequence sequence:
                    var items = new List<string>();
                    foreach (var item in sequence.Items)
                    {
                        if (item is YScalar { IsNull: false } scalar) items.Add(scalar.Value.Trim());
                        else Problem(item.Location.Span, $"An entry of {key}: must be a plain value; it is skipped.");
                    }
                    return items;
                case var node:
                    Problem(node.Location.Span, $"{key}: must be a list (e.g. '{key}: [{(key == "ignored" ? "DL3008" : "docker.io")}]'); it is not applied.");
                    return Array.Empty<string>();
            }
        }

        var disable = root["disable-ignore-pragma"] is YScalar d && d.AsBoolean() == true;
        return new HadolintConfiguration(path, List("ignored"), List("trustedRegistries"), disable, problems);
    }

    /// <summary>The request with <c>trustedRegistries:</c> as its HRD004 list, unless the build sets its own.</summary>
    public AnalysisRequest Feed(AnalysisRequest request)
    {
        if (TrustedRegistries.Count == 0) return request;
        if (request.Properties.TryGetValue(UntrustedRegistryRule.PropertyName, out var own) && !string.IsNullOrWhiteSpace(own)) return request;
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in request.Properties) properties[pair.Key] = pair.Value;
        properties[UntrustedRegistryRule.PropertyName] = string.Join(";", TrustedRegistries);
        return request with { Properties = properties };
    }

    /// <summary>True when <c>ignored:</c> turns the finding off: its rule is the counterpart of an ignored code and it is
    /// in a Dockerfile (hadolint checks nothing else; an ignored DL3007 says nothing about compose images).</summary>
    public bool Ignores(Finding finding, ISet<string> dockerfiles) =>
        Ignored.Count > 0 && dockerfiles.Contains(finding.Location.FilePath) && HadolintRules.AnyCovers(Ignored, finding);
}
