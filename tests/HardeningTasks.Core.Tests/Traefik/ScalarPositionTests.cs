using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Yaml;
using HardeningTasks.Core.Parsing.Traefik;

namespace HardeningTasks.Core.Tests.Traefik;

public class ScalarPositionTests
{
    private static YScalar Scalar(string value, bool plain, int column, int endColumn, string? raw = null) =>
        new(value, plain, new SourceLocation("/f.yml", new SourceSpan(3, column, 3, endColumn))) { RawValue = raw };

    [Test]
    public void Plain_and_quoted_single_line_scalars_map_one_to_one()
    {
        Assert.That(ScalarPosition.At(Scalar("K=redis://x", true, 9, 20), 2).Column, Is.EqualTo(11));
        Assert.That(ScalarPosition.At(Scalar("K=redis://x", false, 9, 22), 2).Column, Is.EqualTo(12), "skips the opening quote");
        Assert.That(ScalarPosition.Start(Scalar("abc", false, 9, 14)).Column, Is.EqualTo(10));
    }

    [Test]
    public void Escapes_multi_line_and_out_of_range_fall_back_to_the_scalar_start()
    {
        Assert.That(ScalarPosition.At(Scalar("a\"b", false, 9, 16), 2).Column, Is.EqualTo(9), "an escape makes the source longer");
        var multiLine = new YScalar("a b", true, new SourceLocation("/f.yml", new SourceSpan(3, 9, 4, 3)));
        Assert.That(ScalarPosition.At(multiLine, 2).Column, Is.EqualTo(9));
        Assert.That(ScalarPosition.At(Scalar("abc", true, 9, 12), 7).Column, Is.EqualTo(9));
    }

    [Test]
    public void Interpolated_scalars_map_up_to_the_first_variable()
    {
        // Written: URL=redis://${HOST}:6379 (24 chars); used: URL=redis://cache:6379.
        var scalar = Scalar("URL=redis://cache:6379", true, 9, 9 + 24, raw: "URL=redis://${HOST}:6379");
        Assert.That(ScalarPosition.At(scalar, 4).Column, Is.EqualTo(13), "before the variable");
        Assert.That(ScalarPosition.At(scalar, 14).Column, Is.EqualTo(9), "after it, the source no longer lines up");
    }
}
