using NnPhys.IO;

namespace NnPhys.Tests.IO;

public class PointTextTests
{
    [Fact]
    public void ReadsPointsInOrderWithTheFirstPointsDimension()
    {
        var p = PointText.Parse(" 1, 0 ; 0.6,-0.8;1e-3,2 ", "--points");
        Assert.Equal(3, p.Length);
        Assert.Equal([0.6, -0.8], p[1]);
        Assert.Equal([1e-3, 2], p[2]);
    }

    [Theory]
    [InlineData("1,0;0,1,2", null, "point 1 ('0,1,2') has 3 coordinates but the points have dimension 2")]
    [InlineData("1,0;0,1", 3, "point 0 ('1,0') has 2 coordinates but the points have dimension 3; give every point 3 coordinates or change --dim.")]
    [InlineData("1,x", null, "'x' in point 0 is not a finite number")]
    [InlineData("1,NaN", null, "'NaN' in point 0 is not a finite number")]
    [InlineData(" ; ", null, "--points is empty")]
    public void BadPointsNameTheOptionThePointAndTheFix(string text, int? dimension, string expected)
    {
        var e = Assert.Throws<InvalidConfigException>(() => PointText.Parse(text, "--points", dimension, " or change --dim"));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith("--points", e.Message);
    }
}
