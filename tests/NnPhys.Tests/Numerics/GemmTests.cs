using NnPhys.Numerics;

namespace NnPhys.Tests.Numerics;

public class GemmSmokeTests
{
    [Fact]
    public void SmallProductMatchesHandComputation()
    {
        var a = new Matrix<double>(2, 3, [1, 2, 3, 4, 5, 6]);
        var b = new Matrix<double>(3, 2, [7, 8, 9, 10, 11, 12]);
        var c = a * b;
        Assert.Equal([58, 64, 139, 154], c.Data);
    }
}
