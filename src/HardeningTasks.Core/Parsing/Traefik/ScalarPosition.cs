using HardeningTasks.Core.Model;
using HardeningTasks.Core.Parsing.Yaml;

namespace HardeningTasks.Core.Parsing.Traefik;

/// <summary>Maps a character offset inside a scalar's value back to a line and column of the file.</summary>
public static class ScalarPosition
{
    /// <summary>
    /// The location of <c>scalar.Value[offset]</c> when the scalar sits on one line and its text maps one to one
    /// onto the source (plain, or quoted without escapes, and not changed by interpolation); otherwise the scalar's start,
    /// which is never wrong, only less precise.
    /// </summary>
    public static SourceLocation At(YScalar scalar, int offset)
    {
        var location = scalar.Location;
        var span = location.Span;
        if (offset < 0 || span.Line != span.EndLine || scalar.RawValue != null || offset > scalar.Value.Length) return location;
        var width = span.EndColumn - span.Column;
        int first;
        if (scalar.IsPlain && width == scalar.Value.Length) first = span.Column;
        else if (!scalar.IsPlain && width == scalar.Value.Length + 2) first = span.Column + 1;
        else return location;
        var column = first + offset;
        return new SourceLocation(location.FilePath, new SourceSpan(span.Line, column, span.Line, column));
    }

    /// <summary>The location where the value's text starts (after an opening quote).</summary>
    public static SourceLocation Start(YScalar scalar) => At(scalar, 0);
}
