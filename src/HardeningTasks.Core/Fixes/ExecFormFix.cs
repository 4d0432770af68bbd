using System.Collections.Generic;
using System.Linq;
using System.Text;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Dockerfile;
using HardeningTasks.Core.Rules.Dockerfile;

namespace HardeningTasks.Core.Fixes;

/// <summary>
/// HRD066: a shell-form <c>CMD</c>/<c>ENTRYPOINT</c> rewritten in exec form when its words split the same way with and
/// without a shell: plain words and quoted strings only — no variable, glob, redirection, pipe, list, subshell,
/// escape or leading assignment, which only a shell would give their meaning. A command split over lines is joined on
/// one (a comment inside it would be lost, so then there is no fix). An ENTRYPOINT is left alone when the stage has a
/// CMD, which the exec form would pass to it as arguments.
/// </summary>
internal sealed class ExecFormFix : MechanicalFix
{
    /// <summary>Characters a shell would act on outside quotes.</summary>
    private const string ShellSpecial = "$`\\*?[]~<>|&;(){}#!\"'";

    public override IReadOnlyList<string> RuleIds { get; } = new[] { ShellFormEntrypointRule.Definition.Id };

    public override CodeFix? Create(Finding finding, FixContext context)
    {
        var document = context.Document(finding.Location.FilePath);
        if (document == null || DockerfileText.InstructionAt(document, finding.Location.Line) is not { } instruction) return null;
        if (!(instruction.Is("CMD") || instruction.Is("ENTRYPOINT")) || instruction.IsJsonForm || instruction.Heredocs.Count > 0) return null;
        if (DockerfileText.HasInteriorComments(document, instruction) || Split(instruction.Arguments) is not { Count: > 0 } words) return null;
        if (words[0].IndexOf('=') >= 0) return null;
        // A shell-form ENTRYPOINT ignores CMD; in exec form it would take the stage's CMD as arguments.
        if (instruction.Is("ENTRYPOINT") && instruction.Stage?.Effective("CMD") != null) return null;
        var json = "[" + string.Join(", ", words.Select(Json)) + "]";
        return Fix($"Use the exec form: {instruction.Keyword} {json}", finding, document, new TextEdit(instruction.ArgumentsSpan, json));
    }

    /// <summary>The words a shell would make of <paramref name="command"/>, or null when a shell would do more than split it.</summary>
    internal static List<string>? Split(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
                continue;
            }
            inWord = true;
            if (c is '\'' or '"')
            {
                var close = command.IndexOf(c, i + 1);
                if (close < 0) return null;
                var quoted = command.Substring(i + 1, close - i - 1);
                if (c == '"' && quoted.IndexOfAny(new[] { '$', '`', '\\', '!' }) >= 0) return null;
                word.Append(quoted);
                i = close;
                continue;
            }
            if (ShellSpecial.IndexOf(c) >= 0) return null;
            word.Append(c);
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }

    private static string Json(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                default:
                    if (c < ' ') text.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    else text.Append(c);
                    break;
            }
        }
        return text.Append('"').ToString();
    }
}
