using System;
using System.IO;

namespace HardeningTasks.Cli.Lsp;

/// <summary><c>file://</c> URIs as editors send them (percent-encoded, <c>file:///c%3A/x</c> on Windows) to full paths and back.</summary>
internal static class DocumentUri
{
    public static string? ToPath(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !parsed.IsFile) return null;
        var path = parsed.LocalPath;
        return Path.GetFullPath(path);
    }

    public static string FromPath(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;
}
