using NnPhys.Numerics;

namespace NnPhys.Tests.Numerics;

public class CompositeGaussLegendreTests
{
    [Theory]
    [InlineData(0.0, 3.0)]
    [InlineData(2.0, -5.0)]
    [InlineData(-0.3, 0.7)]
    public void IntegratesTanhToItsClosedForm(double a, double b)
    {
        double exact = Math.Log(Math.Cosh(b)) - Math.Log(Math.Cosh(a));
        Assert.Equal(exact, CompositeGaussLegendre.Integrate(Math.Tanh, a, b), 1e-13);
    }

    [Fact]
    public void IntegratesAPolynomialExactlyOnOnePanel() =>
        Assert.Equal(1.0 / 7 * Math.Pow(2, 7), CompositeGaussLegendre.Integrate(x => Math.Pow(x, 6), 0, 2, maxPanelWidth: 10, order: 4), 1e-12);

    [Fact]
    public void EmptyIntervalIsZeroAndBadArgumentsThrow()
    {
        Assert.Equal(0, CompositeGaussLegendre.Integrate(x => 1 / x, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => CompositeGaussLegendre.Integrate(Math.Sin, 0, double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => CompositeGaussLegendre.Integrate(Math.Sin, 0, 1, maxPanelWidth: 0));
    }
}
