namespace HardeningTasks.Core.Model;

/// <summary>A 1-based line/column range. The end column is exclusive, as SARIF and YamlDotNet count it.</summary>
public readonly record struct SourceSpan(int Line, int Column, int EndLine, int EndColumn)
{
    public static SourceSpan At(int line, int column) => new(line, column, line, column);

    /// <summary>Line 1, column 1: where findings about a whole file point.</summary>
    public static SourceSpan FileStart => new(1, 1, 1, 1);

    public override string ToString() => $"({Line},{Column})-({EndLine},{EndColumn})";
}

/// <summary>Where something was written: the full path of the file and the span in it.</summary>
public sealed record SourceLocation(string FilePath, SourceSpan Span)
{
    public int Line => Span.Line;
    public int Column => Span.Column;

    public static SourceLocation FileStart(string filePath) => new(filePath, SourceSpan.FileStart);

    public override string ToString() => $"{FilePath}({Span.Line},{Span.Column})";
}
