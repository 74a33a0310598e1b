using NnPhys.Numerics;

namespace NnPhys.Tests.Numerics;

/// <summary>
/// Kde1D/Kde2D against a naive direct sum written out here, exact mixture identities (mass 1, mean = sample mean,
/// second moment = sample second moment + h²), and the bandwidth rules computed by hand.
/// </summary>
public class KdeTests
{
    static double Phi(double u, double h) => Math.Exp(-0.5 * u * u / (h * h)) / (Math.Sqrt(2 * Math.PI) * h);

    /// <summary>Naive 2-D KDE: f[iy·nx + ix] = (1/n) Σ_i φ_hx(x_ix − x_i) φ_hy(y_iy − y_i).</summary>
    static double[] Direct2D(double[] xs, double[] ys, double x0, double x1, int nx, double y0, double y1, int ny, double hx, double hy)
    {
        var f = new double[nx * ny];
        for (int iy = 0; iy < ny; iy++)
            for (int ix = 0; ix < nx; ix++)
            {
                double gx = x0 + ix * (x1 - x0) / (nx - 1), gy = y0 + iy * (y1 - y0) / (ny - 1), s = 0;
                for (int i = 0; i < xs.Length; i++) s += Phi(gx - xs[i], hx) * Phi(gy - ys[i], hy);
                f[iy * nx + ix] = s / xs.Length;
            }
        return f;
    }

    static (double[] xs, double[] ys) CorrelatedPoints(ulong seed, int n)
    {
        var rng = new RandomStream(seed); var xs = new double[n]; var ys = new double[n];
        for (int i = 0; i < n; i++)
        {
            double a = rng.NextNormal(), b = rng.NextNormal();
            bool second = rng.NextDouble() < 0.3; // two-component mixture
            xs[i] = second ? 1.5 + 0.5 * a : -0.5 + a;
            ys[i] = second ? -1 + 0.4 * b : 0.6 * a + 0.8 * b;
        }
        return (xs, ys);
    }

    static double MaxAbs(double[] x) { double m = 0; foreach (double v in x) m = Math.Max(m, Math.Abs(v)); return m; }
    static double MaxDiff(double[] x, double[] y) { double m = 0; for (int i = 0; i < x.Length; i++) m = Math.Max(m, Math.Abs(x[i] - y[i])); return m; }

    [Fact]
    public void BinnedDensityMatchesDirectSumWithinBinningError()
    {
        var (xs, ys) = CorrelatedPoints(1, 300);
        // h/Δ ≈ 4: linear binning adds variance Δ²/6 per axis, a peak error of order Δ²/(4h²) ≈ 1.5%.
        var fast = Kde2D.Density(xs, ys, -4, 4, 80, -3, 3, 60, hx: 0.4, hy: 0.35);
        var direct = Direct2D(xs, ys, -4, 4, 80, -3, 3, 60, 0.4, 0.35);
        double err = MaxDiff(fast, direct);
        Assert.True(err < 0.02 * MaxAbs(direct), $"max error {err} vs peak {MaxAbs(direct)}");
        Assert.True(err > 1e-9, "expected the binned fast path here, not the exact sum");
    }

    [Fact]
    public void ExactPathAndNarrowBandwidthMatchDirectSum()
    {
        var (xs, ys) = CorrelatedPoints(2, 150);
        var direct = Direct2D(xs, ys, -3, 3, 41, -2, 2, 31, 0.3, 0.2);
        var exact = Kde2D.DensityExact(xs, ys, -3, 3, 41, -2, 2, 31, 0.3, 0.2);
        Assert.True(MaxDiff(exact, direct) < 1e-12 * MaxAbs(direct));
        // h below 3 grid spacings: Density must fall back to the exact sum.
        var narrow = Kde2D.Density(xs, ys, -3, 3, 41, -2, 2, 31, 0.2, 0.1);
        Assert.True(MaxDiff(narrow, Direct2D(xs, ys, -3, 3, 41, -2, 2, 31, 0.2, 0.1)) < 1e-12 * MaxAbs(narrow));
    }

    [Fact]
    public void DensityIntegratesToOneAndKeepsMixtureMoments()
    {
        // For a Gaussian-mixture KDE: ∫f = 1, ∫x f = x̄, ∫x² f = mean(x²) + hx² (binning adds at most Δ²/6).
        var (xs, ys) = CorrelatedPoints(3, 36_000);
        int nx = 256, ny = 256;
        double x0 = -6, x1 = 7, y0 = -6, y1 = 6;
        var (hx, hy) = Kde2D.Bandwidths(xs, ys, BandwidthRule.Scott);
        var f = Kde2D.Density(xs, ys, x0, x1, nx, y0, y1, ny);
        double dx = (x1 - x0) / (nx - 1), dy = (y1 - y0) / (ny - 1);
        double mass = 0, mx = 0, mxx = 0, my = 0;
        for (int iy = 0; iy < ny; iy++)
            for (int ix = 0; ix < nx; ix++)
            {
                double w = f[iy * nx + ix] * dx * dy, x = x0 + ix * dx, y = y0 + iy * dy;
                mass += w; mx += w * x; mxx += w * x * x; my += w * y;
            }
        double sx = 0, sxx = 0, sy = 0;
        for (int i = 0; i < xs.Length; i++) { sx += xs[i]; sxx += xs[i] * xs[i]; sy += ys[i]; }
        sx /= xs.Length; sxx /= xs.Length; sy /= ys.Length;
        Assert.Equal(1.0, mass, 4);
        Assert.Equal(sx, mx, 4);
        Assert.Equal(sy, my, 4);
        Assert.InRange(mxx - (sxx + hx * hx), -1e-4, dx * dx / 6 + 1e-4);
    }

    [Fact]
    public void BandwidthRulesFollowTheirDefinitions()
    {
        var (xs, ys) = CorrelatedPoints(4, 500);
        double sdx = Math.Sqrt(Variance(xs)), sdy = Math.Sqrt(Variance(ys));
        var (hx, hy) = Kde2D.Bandwidths(xs, ys, BandwidthRule.Scott);
        Assert.Equal(sdx * Math.Pow(500, -1.0 / 6), hx, 12);
        Assert.Equal(sdy * Math.Pow(500, -1.0 / 6), hy, 12);
        var (sx, sy) = Kde2D.Bandwidths(xs, ys, BandwidthRule.Silverman); // (n·4/4)^(−1/6): the same in 2-D
        Assert.Equal(hx, sx, 12); Assert.Equal(hy, sy, 12);
        Assert.Equal(sdx * Math.Pow(500, -0.2), KdeBandwidth.ForAxis(xs, BandwidthRule.Scott, 1), 12);
        Assert.Equal(sdx * Math.Pow(0.75 * 500, -0.2), KdeBandwidth.ForAxis(xs, BandwidthRule.Silverman, 1), 12);
        // Density with a rule equals density with the rule's explicit bandwidths.
        Assert.Equal(Kde2D.Density(xs, ys, -3, 3, 20, -3, 3, 20, hx, hy), Kde2D.Density(xs, ys, -3, 3, 20, -3, 3, 20));
    }

    static double Variance(double[] x)
    {
        double m = 0; foreach (double v in x) m += v; m /= x.Length;
        double s = 0; foreach (double v in x) s += (v - m) * (v - m);
        return s / (x.Length - 1);
    }

    [Fact]
    public void OneDimensionalDensityMatchesDirectSumAndIntegratesToOne()
    {
        var (xs, _) = CorrelatedPoints(5, 2_000);
        double h = KdeBandwidth.ForAxis(xs, BandwidthRule.Silverman, 1);
        var fast = Kde1D.Density(xs, -6, 7, 400, BandwidthRule.Silverman);
        var direct = new double[400];
        for (int ix = 0; ix < 400; ix++)
        {
            double g = -6 + ix * 13.0 / 399, s = 0;
            foreach (double x in xs) s += Phi(g - x, h);
            direct[ix] = s / xs.Length;
        }
        Assert.True(MaxDiff(fast, direct) < 0.01 * MaxAbs(direct));
        Assert.True(MaxDiff(Kde1D.DensityExact(xs, -6, 7, 400, h), direct) < 1e-12 * MaxAbs(direct));
        double mass = 0; foreach (double v in fast) mass += v * 13.0 / 399;
        Assert.Equal(1.0, mass, 4);
        // Points far outside the window still count in n: a window holding half the data shows half the mass.
        var half = Kde1D.Density([-100, 0], -5, 5, 201, 0.5);
        double halfMass = 0; foreach (double v in half) halfMass += v * 10.0 / 200;
        Assert.Equal(0.5, halfMass, 6);
    }

    [Fact]
    public void BadInputIsRejectedWithClearMessages()
    {
        double[] xs = [0, 1, 2], ys = [0, 1];
        Assert.Contains("3 x values but 2 y values", Assert.Throws<NnPhysException>(() => Kde2D.Density(xs, ys, 0, 1, 10, 0, 1, 10)).Message);
        Assert.Contains("NaN", Assert.Throws<NnPhysException>(() => Kde1D.Density([0, double.NaN], 0, 1, 10)).Message);
        Assert.Throws<NnPhysException>(() => Kde1D.Density([0, 1], 1, 0, 10));           // reversed range
        Assert.Throws<NnPhysException>(() => Kde1D.Density([0, 1], 0, 1, 1));            // one node
        Assert.Throws<NnPhysException>(() => Kde1D.Density([0, 1], 0, 1, 10, h: 0));     // zero bandwidth
        Assert.Contains("explicit bandwidth", Assert.Throws<NnPhysException>(() => Kde2D.Density([1, 1, 1], [0, 1, 2], 0, 1, 10, 0, 1, 10)).Message);
        Assert.Throws<NnPhysException>(() => Kde1D.Density([], 0, 1, 10, h: 1));
    }
}
