using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace HardeningTasks.Core.Model.Dockerfile;

/// <summary>
/// A heredoc opened by <c>RUN</c>, <c>COPY</c> or <c>ADD</c> (<c>&lt;&lt;EOF</c>, <c>&lt;&lt;-EOF</c>,
/// <c>&lt;&lt;"EOF"</c>, <c>2&lt;&lt;EOF</c>): its body lines with their line numbers, so a finding inside a heredoc
/// points at the heredoc line.
/// </summary>
public sealed class DockerHeredoc
{
    internal DockerHeredoc(string name, bool chomp, bool expand, int fileDescriptor, DockerToken opener, IReadOnlyList<DockerHeredocLine> lines, int terminatorLine)
    {
        Name = name;
        Chomp = chomp;
        Expand = expand;
        FileDescriptor = fileDescriptor;
        Opener = opener;
        Lines = lines;
        TerminatorLine = terminatorLine;
    }

    /// <summary>The delimiter, quotes removed: <c>EOF</c> for <c>&lt;&lt;"EOF"</c>.</summary>
    public string Name { get; }

    /// <summary><c>&lt;&lt;-</c>: leading tabs are stripped from the body lines and the terminator.</summary>
    public bool Chomp { get; }

    /// <summary>False when the delimiter is quoted (<c>&lt;&lt;'EOF'</c>): variables in the body are not expanded.</summary>
    public bool Expand { get; }

    /// <summary>The file descriptor written before <c>&lt;&lt;</c> (0 when none).</summary>
    public int FileDescriptor { get; }

    /// <summary>The opening word (<c>&lt;&lt;-EOF</c>) on the instruction line.</summary>
    public DockerToken Opener { get; }

    /// <summary>The body lines as written (tabs not stripped), in order.</summary>
    public IReadOnlyList<DockerHeredocLine> Lines { get; }

    /// <summary>The line of the terminator.</summary>
    public int TerminatorLine { get; }

    /// <summary>First body line (the terminator's line when the body is empty).</summary>
    public int FirstLine => Lines.Count > 0 ? Lines[0].Line : TerminatorLine;

    /// <summary>The body as BuildKit stores it: every line with its newline.</summary>
    public string Content => string.Concat(Lines.Select(l => l.Text + "\n"));

    /// <summary>The body as the command or file receives it: with <c>&lt;&lt;-</c>, leading tabs removed from each line.</summary>
    public string EffectiveContent
    {
        get
        {
            var sb = new StringBuilder();
            foreach (var line in Lines) sb.Append(line.EffectiveText).Append('\n');
            return sb.ToString();
        }
    }

    public override string ToString() => Opener.Text;
}

/// <summary>One body line of a heredoc.</summary>
public sealed class DockerHeredocLine
{
    internal DockerHeredocLine(int line, string text, bool chomp)
    {
        Line = line;
        Text = text;
        TabsStripped = chomp ? text.Length - text.TrimStart('\t').Length : 0;
    }

    public int Line { get; }

    /// <summary>The line as written.</summary>
    public string Text { get; }

    /// <summary>How many leading tabs <c>&lt;&lt;-</c> strips from this line.</summary>
    public int TabsStripped { get; }

    /// <summary>The text after tab stripping (the same as <see cref="Text"/> without <c>&lt;&lt;-</c>).</summary>
    public string EffectiveText => Text.Substring(TabsStripped);

    /// <summary>The span of <paramref name="length"/> characters at <paramref name="offset"/> in <see cref="EffectiveText"/>.</summary>
    public SourceSpan Span(int offset, int length) => new(Line, TabsStripped + offset + 1, Line, TabsStripped + offset + length + 1);

    public override string ToString() => Line + ": " + Text;
}
