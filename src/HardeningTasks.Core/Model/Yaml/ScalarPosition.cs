
namespace HardeningTasks.Core.Model.Yaml;

/// <summary>Maps a character offset inside a scalar's value back to a line and column of the file.</summary>
public static class ScalarPosition
{
    /// <summary>
    /// The location of <c>scalar.Value[offset]</c> when the scalar sits on one line and its text maps one to one
    /// onto the source (plain, or quoted without escapes). For an interpolated value, offsets before the first
    /// <c>$</c> of the text as written still map one to one. Otherwise the scalar's start, which is never wrong,
    /// only less precise.
    /// </summary>
    public static SourceLocation At(YScalar scalar, int offset)
    {
        var location = scalar.Location;
        var span = location.Span;
        if (offset < 0 || span.Line != span.EndLine || offset > scalar.Value.Length) return location;
        var written = scalar.RawValue ?? scalar.Value;
        if (scalar.RawValue != null)
        {
            var dollar = written.IndexOf('$');
            if (dollar >= 0 && offset > dollar) return location;
            if (offset > written.Length || string.CompareOrdinal(written, 0, scalar.Value, 0, offset) != 0) return location;
        }
        var width = span.EndColumn - span.Column;
        int first;
        if (scalar.IsPlain && width == written.Length) first = span.Column;
        else if (!scalar.IsPlain && width == written.Length + 2) first = span.Column + 1;
        else return location;
        var column = first + offset;
        return new SourceLocation(location.FilePath, new SourceSpan(span.Line, column, span.Line, column));
    }

    /// <summary>The location of character <paramref name="offset"/> of the scalar as written (<see cref="YScalar.RawValue"/>, before
    /// interpolation) when it sits on one line and maps one to one onto the source; else the scalar's start.</summary>
    public static SourceLocation AtWritten(YScalar scalar, int offset)
    {
        if (scalar.RawValue == null) return At(scalar, offset);
        var location = scalar.Location;
        var span = location.Span;
        var written = scalar.RawValue;
        if (offset < 0 || offset > written.Length || span.Line != span.EndLine) return location;
        var width = span.EndColumn - span.Column;
        var first = scalar.IsPlain && width == written.Length ? span.Column : !scalar.IsPlain && width == written.Length + 2 ? span.Column + 1 : -1;
        return first < 0 ? location : new SourceLocation(location.FilePath, SourceSpan.At(span.Line, first + offset));
    }

    /// <summary>The location where the value's text starts (after an opening quote).</summary>
    public static SourceLocation Start(YScalar scalar) => At(scalar, 0);
}
