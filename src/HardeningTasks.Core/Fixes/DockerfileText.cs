using System.Linq;
using HardeningTasks.Core.Model.Dockerfile;

namespace HardeningTasks.Core.Fixes;

/// <summary>The Dockerfile instruction a finding points into, in the file as written.</summary>
internal static class DockerfileText
{
    public static DockerInstruction? InstructionAt(FixDocument document, int line) =>
        document.Dockerfile?.Instructions.FirstOrDefault(i => i.StartLine <= line && line <= i.EndLine);

    /// <summary>True when a line between the instruction's first and last is blank or a comment (BuildKit drops those
    /// from the instruction; a rewrite of the whole instruction would drop them from the file).</summary>
    public static bool HasInteriorComments(FixDocument document, DockerInstruction instruction)
    {
        for (var line = instruction.StartLine + 1; line <= instruction.EndLine; line++)
            if (document.IsBlankOrComment(line)) return true;
        return false;
    }

    /// <summary>A keyword written in the case <paramref name="like"/> is written in.</summary>
    public static string Keyword(string keyword, string like) =>
        like.Length > 0 && like.All(c => !char.IsLetter(c) || char.IsLower(c)) ? keyword.ToLowerInvariant() : keyword.ToUpperInvariant();
}
