using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using HardeningTasks.Core.Configuration;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Dockerfile;

namespace HardeningTasks.Core.Reporting;

/// <summary>Where a hadolint pragma applies: the instruction after it, the rest of its stage, or the whole file.</summary>
public enum HadolintPragmaScope
{
    Instruction,
    Stage,
    File,
}

/// <summary>
/// One <c># hadolint ignore=DL3006,DL3008</c> comment (or <c>stage ignore=</c>, <c>global ignore=</c>) and the lines it
/// covers. It suppresses the findings of the HRD rules its codes map to (<see cref="HadolintRules"/>); codes with no
/// counterpart do nothing, and a pragma never reports itself as unknown or stale: it is there for hadolint too.
/// </summary>
public sealed class HadolintPragma
{
    internal HadolintPragma(HadolintPragmaScope scope, IReadOnlyList<string> codes, string reason, SourceLocation at, int firstLine, int lastLine, int stageFirstLine)
    {
        Scope = scope;
        Codes = codes;
        Reason = reason;
        At = at;
        FirstLine = firstLine;
        LastLine = lastLine;
        StageFirstLine = stageFirstLine;
    }

    public HadolintPragmaScope Scope { get; }
    public IReadOnlyList<string> Codes { get; }

    /// <summary>The text after a second <c>#</c> (<c># hadolint ignore=DL3008 # pinned by the base image</c>), or empty.</summary>
    public string Reason { get; }

    /// <summary>The comment.</summary>
    public SourceLocation At { get; }

    public int FirstLine { get; }
    public int LastLine { get; }

    /// <summary>The <c>FROM</c> line of the instruction's stage (for codes hadolint reports on a later duplicate, see
    /// <see cref="HadolintRules.ReportedOnALaterInstruction"/>).</summary>
    public int StageFirstLine { get; }

    /// <summary>What SARIF shows as the suppression's justification.</summary>
    public string Justification =>
        $"hadolint {(Scope == HadolintPragmaScope.File ? "global " : Scope == HadolintPragmaScope.Stage ? "stage " : "")}ignore={string.Join(",", Codes)}"
        + (Reason.Length > 0 ? ": " + Reason : "");

    /// <summary>True when the finding is in this pragma's file and lines and one of its codes maps to the finding's rule.</summary>
    public bool Covers(Finding finding)
    {
        if (!string.Equals(finding.Location.FilePath, At.FilePath, StringComparison.Ordinal)) return false;
        var line = finding.Location.Line;
        foreach (var code in Codes)
        {
            var first = Scope == HadolintPragmaScope.Instruction && HadolintRules.ReportedOnALaterInstruction(code) ? StageFirstLine : FirstLine;
            if (line >= first && line <= LastLine && HadolintRules.Of(code).Any(c => c.Covers(finding))) return true;
        }
        return false;
    }

    public override string ToString() => $"{At.Line}: {Justification} ({FirstLine}-{LastLine})";
}

/// <summary>
/// Reads hadolint's ignore pragmas from a Dockerfile's comments, with hadolint's grammar: <c># hadolint ignore=DL3006</c>
/// applies to the instruction on the next line (hadolint counts only that line; the whole instruction is covered here,
/// since a finding may point into its continuation lines), <c># hadolint stage ignore=…</c> to the rest of the stage
/// (the stage of the <c>FROM</c> that follows, when it is right before one), <c># hadolint global ignore=…</c> to the
/// whole file. Anything after the codes must be a <c># comment</c>, as hadolint requires.
/// </summary>
public static class HadolintPragmas
{
    private static readonly Regex Pragma = new(
        @"^hadolint[ \t]+(?:(?<scope>global|stage)[ \t]+)?ignore[ \t]*=[ \t]*(?<codes>[DLSC0-9]+(?:[ \t]*,[ \t]*[DLSC0-9]+)*)[ \t]*(?:#(?<reason>.*))?$",
        RegexOptions.CultureInvariant);

    public static IReadOnlyList<HadolintPragma> Of(DockerfileModel file)
    {
        var result = new List<HadolintPragma>();
        foreach (var comment in file.Comments)
        {
            if (comment.InContinuation || comment.Text.IndexOf("hadolint", StringComparison.Ordinal) < 0) continue;
            var match = Pragma.Match(comment.Text);
            if (!match.Success) continue;
            var codes = match.Groups["codes"].Value.Split(',').Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
            var reason = match.Groups["reason"].Value.Trim();
            var at = new SourceLocation(file.Path, new SourceSpan(comment.Line, comment.Column, comment.Line, comment.Column + 1 + comment.Text.Length + 1));
            var next = comment.Line + 1;
            switch (match.Groups["scope"].Value)
            {
                case "global":
                    result.Add(new HadolintPragma(HadolintPragmaScope.File, codes, reason, at, 1, int.MaxValue, 1));
                    break;
                case "stage":
                    var nextFrom = file.Instructions.FirstOrDefault(i => i.Is("FROM") && i.StartLine > next);
                    result.Add(new HadolintPragma(HadolintPragmaScope.Stage, codes, reason, at, next, nextFrom == null ? int.MaxValue : nextFrom.StartLine - 1, next));
                    break;
                default:
                    var instruction = file.Instructions.FirstOrDefault(i => i.StartLine == next);
                    if (instruction == null) break; // hadolint applies it to the next line only: nothing starts there
                    var stageStart = instruction.Stage?.From.StartLine ?? instruction.StartLine;
                    result.Add(new HadolintPragma(HadolintPragmaScope.Instruction, codes, reason, at, instruction.StartLine, Math.Max(instruction.StartLine, instruction.EndLine), stageStart));
                    break;
            }
        }
        return result;
    }
}
