using NnPhys.Kan;
using NnPhys.Kan.Experiments;
using NnPhys.Numerics;

namespace NnPhys.Tests.Kan;

/// <summary>B-splines, the KAN layer's backward pass, L-BFGS and grid extension against independent checks.</summary>
public sealed class KanTests
{
    [Fact]
    public void BSplinesSumToOneAndTheirDerivativesMatchFiniteDifferences()
    {
        var basis = new BSplineBasis(7, 3, -1, 2);
        var v = new double[basis.Count]; var d = new double[basis.Count];
        var up = new double[basis.Count]; var down = new double[basis.Count];
        for (double x = -0.99; x < 2; x += 0.0731)
        {
            basis.Evaluate(x, v, d);
            Assert.Equal(1, v.Sum(), 12);
            basis.Evaluate(x + 1e-6, up); basis.Evaluate(x - 1e-6, down);
            for (int m = 0; m < basis.Count; m++) Assert.Equal((up[m] - down[m]) / 2e-6, d[m], 5);
        }
    }

    [Fact]
    public void CubicBSplineHasItsClosedFormAtTheKnots()
    {
        // uniform cubic B-spline: values 1/6, 2/3, 1/6 at its interior knots
        var basis = new BSplineBasis(10, 3, 0, 10);
        var v = new double[basis.Count];
        basis.Evaluate(5, v);
        Assert.Equal(new[] { 1 / 6.0, 2 / 3.0, 1 / 6.0 }, v.Where(b => b > 1e-12).ToArray(), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void NetworkGradientMatchesFiniteDifferences()
    {
        var net = KanNetwork.Create([2, 3, 1], 5, 3, new RandomStream(1));
        var random = new RandomStream(2);
        for (int i = 0; i < net.Parameters.Length; i++) net.Parameters[i] += 0.3 * random.NextNormal();
        var (x, y) = KanGridExperiment.Samples(20, new RandomStream(3));
        var g = new double[net.Parameters.Length];
        var p = (double[])net.Parameters.Clone();
        net.LossAndGradient(p, x, y, g);
        var scratch = new double[g.Length];
        for (int i = 0; i < p.Length; i++)
        {
            double keep = p[i];
            p[i] = keep + 1e-6; double lu = net.LossAndGradient(p, x, y, scratch);
            p[i] = keep - 1e-6; double ld = net.LossAndGradient(p, x, y, scratch);
            p[i] = keep;
            Assert.True(Math.Abs((lu - ld) / 2e-6 - g[i]) <= 1e-5 * (1 + Math.Abs(g[i])), $"parameter {i}: backward {g[i]:G6}, finite difference {(lu - ld) / 2e-6:G6}");
        }
    }

    [Fact]
    public void LbfgsFindsTheRosenbrockMinimum()
    {
        var x = new[] { -1.2, 1.0 };
        double f = Lbfgs.Minimize((p, g) =>
        {
            g[0] = -2 * (1 - p[0]) - 400 * p[0] * (p[1] - p[0] * p[0]);
            g[1] = 200 * (p[1] - p[0] * p[0]);
            return (1 - p[0]) * (1 - p[0]) + 100 * (p[1] - p[0] * p[0]) * (p[1] - p[0] * p[0]);
        }, x, 200);
        Assert.True(f < 1e-10, $"f = {f}");
        Assert.Equal(1, x[0], 4);
    }

    [Fact]
    public void LeastSquaresOnANestedFinerGridReproducesTheCoarseSplineExactly()
    {
        var coarse = new BSplineBasis(5, 3, -1, 1);
        var fine = new BSplineBasis(10, 3, -1, 1);
        var c = new[] { 0.3, -1, 2, 0.5, -0.7, 1.1, 0.2, -0.4 };
        var xs = Enumerable.Range(0, 400).Select(i => -1 + 2 * i / 399.0).ToArray();
        var b = new double[coarse.Count];
        double S(double x) { coarse.Evaluate(x, b); return b.Zip(c).Sum(t => t.First * t.Second); }
        var cf = LeastSquaresSpline.Fit(fine, xs, xs.Select(S).ToArray(), ridge: 0);
        var bf = new double[fine.Count];
        foreach (var x in xs.Where((_, i) => i % 7 == 0))
        {
            fine.Evaluate(x, bf);
            Assert.Equal(S(x), bf.Zip(cf).Sum(t => t.First * t.Second), 8);
        }
    }

    [Fact]
    public void SplineOrderNotBelowTheGridIsRejected()
    {
        var e = Assert.Throws<InvalidConfigException>(() => new KanFitConfig([2, 5, 1], [3, 5]).Validate());
        Assert.Contains("smaller", e.Message);
        Assert.Throws<InvalidConfigException>(() => new KanFitConfig([2, 5, 1], [0, 5]).Validate());
    }

    sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double value) => 0;
    }
}
