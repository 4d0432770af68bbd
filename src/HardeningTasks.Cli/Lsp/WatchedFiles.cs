using System;
using System.IO;

namespace HardeningTasks.Cli.Lsp;

/// <summary>
/// The files the server asks the client to watch, as globs for <c>client/registerCapability</c> and as a test on a path
/// for <see cref="DiskCache"/>: only what the client reports changes of may be kept, everything else (an env file named
/// <c>web-variables</c>) is read from the disk every time. Creations and deletions of every file are watched as well, for
/// the directory listings.
/// </summary>
internal static class WatchedFiles
{
    public static readonly string[] Patterns =
    {
        "**/*.{yml,yaml,toml}", "**/{Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile}", "**/{.dockerignore,*.dockerignore}",
        "**/{.env,*.env,.env.*}", "**/{.editorconfig,.globalconfig}", "**/hardening-baseline.json",
    };

    /// <summary>LSP's WatchKind.Create | WatchKind.Delete.</summary>
    public const int CreateOrDelete = 1 | 4;

    public static bool Matches(string path)
    {
        var name = Path.GetFileName(path);
        return Has(name, ".yml") || Has(name, ".yaml") || Has(name, ".toml")
            || name is "Dockerfile" or "Containerfile" or ".dockerignore" or ".env" or ".editorconfig" or ".globalconfig" or "hardening-baseline.json"
            || name.StartsWith("Dockerfile.", StringComparison.Ordinal) || Has(name, ".Dockerfile") || Has(name, ".dockerfile")
            || Has(name, ".dockerignore") || Has(name, ".env") || name.StartsWith(".env.", StringComparison.Ordinal);
    }

    private static bool Has(string name, string extension) => name.EndsWith(extension, StringComparison.Ordinal) && name.Length > extension.Length;
}
