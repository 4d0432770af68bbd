using System;
using System.Linq;
using System.Collections.Generic;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Dockerfile;

namespace HardeningTasks.Core.Rules.Dockerfile;

/// <summary>HRD062: <c>ADD</c> of a local file or directory that is not a tar archive (<c>COPY</c> does the same, without
/// the surprises), or <c>ADD &lt;url&gt;</c> without <c>--checksum</c>.</summary>
public sealed class AddInsteadOfCopyRule : Rule<DockerfileModel>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD062", "ADD where COPY would do", Categories.Dockerfile, Severity.Suggestion,
        "{0}");

    private static readonly string[] Archives =
    {
        ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz", ".tar.zst", ".tzst", ".gz", ".bz2", ".xz", ".zst",
    };

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(DockerfileModel file, Stack stack)
    {
        foreach (var stage in file.Stages)
            foreach (var add in stage.InstructionsOf("ADD"))
            {
                var finding = Judge(add, stage);
                if (finding != null) yield return finding;
            }
    }

    private static Finding? Judge(DockerInstruction add, DockerStage stage)
    {
        var where = stage.Description;
        if (add.Heredocs.Count > 0)
            return Definition.At(add.Location, stage.Name, add.Heredocs[0].Opener.Text,
                $"ADD writes an inline file (heredoc) in {where}: COPY <<{add.Heredocs[0].Name} does the same; keep ADD for what only ADD does.");
        if (add.Words.Count < 2) return null;
        foreach (var source in add.Words.Take(add.Words.Count - 1))
        {
            var text = Unquote(source.Text);
            if (text.IndexOf('$') >= 0) continue; // a variable could name an archive or a URL
            if (IsUrl(text))
            {
                if (add.HasFlag("checksum")) continue;
                return Definition.At(add.LocationOf(source.Span), stage.Name, text,
                    $"ADD downloads '{text}' in {where} without verifying it: pin it with ADD --checksum=sha256:<hash> (or RUN curl -fsSLo <file> <url> && echo '<sha256>  <file>' | sha256sum -c).");
            }
            if (IsArchive(text)) continue;
            return Definition.At(add.LocationOf(source.Span), stage.Name, text,
                $"ADD copies the local '{text}' in {where}: use COPY; ADD also unpacks archives and fetches URLs, so it can do more than the line shows.");
        }
        return null;
    }

    private static bool IsUrl(string text) =>
        text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || text.StartsWith("git@", StringComparison.Ordinal) || text.StartsWith("git://", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for a name ADD would unpack (a tar archive, compressed or not); also for the fix, which must not turn those into COPY.</summary>
    internal static bool IsArchive(string text)
    {
        var lower = text.ToLowerInvariant();
        return Archives.Any(a => lower.EndsWith(a, StringComparison.Ordinal));
    }

    private static string Unquote(string text) =>
        text.Length >= 2 && (text[0] == '"' || text[0] == '\'') && text[text.Length - 1] == text[0] ? text.Substring(1, text.Length - 2) : text;
}
