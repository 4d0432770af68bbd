using System.Collections.Generic;
using System.Linq;
using System.Text;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Dockerfile;

namespace HardeningTasks.Core.Rules.SupplyChain;

/// <summary>HRD005: a compose <c>image:</c> or Dockerfile <c>FROM</c> whose tag comes from a variable that is unset and has
/// no default, so the version cannot be known from the repository. The automatic platform ARGs (<c>TARGETARCH</c>…) are
/// set by BuildKit and are not reported.</summary>
public sealed class UnresolvedImageTagRule : Rule
{
    public static readonly RuleDescriptor Definition = new(
        "HRD005", "Image tag from an unset variable", Categories.SupplyChain, Severity.Suggestion,
        "{0} uses image '{1}' whose tag depends on {2}, which has no value and no default here, so the version that runs cannot be known from the repository; {3}");

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(StackFile file, Stack stack)
    {
        foreach (var use in ImageUses.Of(file))
        {
            if (use.Kind is not (ImageUseKind.ComposeImage or ImageUseKind.From)) continue;
            var unresolved = use.Unresolved.Where(v => !(use.Kind == ImageUseKind.From && DockerVariables.IsAutomaticPlatformArg(v))).ToList();
            var inTag = unresolved.Where(v => DecidesTag(use.Written, v)).ToList();
            if (inTag.Count == 0) continue;
            string what, fix;
            if (use.Kind == ImageUseKind.ComposeImage)
            {
                what = Names("variable", inTag);
                fix = $"give it a default (${{{inTag[0]}:-<version>}}) or set it in the project's .env file.";
            }
            else
            {
                var dockerfile = (DockerfileModel)file;
                what = string.Join(" and ", inTag.Select(v => dockerfile.GlobalArg(v) != null ? $"ARG {v}" : $"'{v}' (not declared as an ARG before the first FROM)"));
                fix = $"give the ARG a default (ARG {inTag[0]}=<version>) so a build without --build-arg is pinned.";
            }
            yield return Definition.At(use.Location, use.SubjectKey, use.Written, use.Subject, use.Written, what, fix);
        }
    }

    private static string Names(string kind, IReadOnlyList<string> names) =>
        (names.Count == 1 ? kind + " " : kind + "s ") + string.Join(", ", names.Select(n => "'" + n + "'"));

    /// <summary>True when <paramref name="variable"/> appears, in <paramref name="written"/>, in the tag or digest, or in
    /// the last name component of a reference that has no literal tag (it may carry the tag: <c>${IMAGE}</c>).</summary>
    internal static bool DecidesTag(string written, string variable)
    {
        // Replace every ${...} / $NAME by a placeholder: \u0001 for the variable asked about, \u0002 for others.
        var skeleton = new StringBuilder();
        var i = 0;
        while (i < written.Length)
        {
            if (written[i] != '$' || i + 1 >= written.Length) { skeleton.Append(written[i++]); continue; }
            string name;
            if (written[i + 1] == '{')
            {
                var depth = 0;
                var j = i + 1;
                for (; j < written.Length; j++)
                {
                    if (written[j] == '{') depth++;
                    else if (written[j] == '}' && --depth == 0) break;
                }
                var inner = written.Substring(i + 2, System.Math.Max(0, System.Math.Min(j, written.Length) - i - 2));
                var end = 0;
                while (end < inner.Length && (char.IsLetterOrDigit(inner[end]) || inner[end] == '_')) end++;
                name = inner.Substring(0, end);
                i = System.Math.Min(written.Length, j + 1);
            }
            else if (char.IsLetter(written[i + 1]) || written[i + 1] == '_')
            {
                var j = i + 1;
                while (j < written.Length && (char.IsLetterOrDigit(written[j]) || written[j] == '_')) j++;
                name = written.Substring(i + 1, j - i - 1);
                i = j;
            }
            else { skeleton.Append(written[i++]); continue; }
            skeleton.Append(name == variable ? '\u0001' : '\u0002');
        }
        var s = skeleton.ToString();
        if (s.IndexOf('\u0001') < 0) return false;
        var at = s.IndexOf('@');
        if (at >= 0) return s.Substring(at).IndexOf('\u0001') >= 0;
        var lastSlash = s.LastIndexOf('/');
        var last = s.Substring(lastSlash + 1);
        var colon = last.IndexOf(':');
        return colon >= 0 ? last.Substring(colon).IndexOf('\u0001') >= 0 : last.IndexOf('\u0001') >= 0;
    }
}
