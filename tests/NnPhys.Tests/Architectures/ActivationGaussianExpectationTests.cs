using NnPhys.Architectures;
using NnPhys.Numerics;

namespace NnPhys.Tests.Architectures;

/// <summary>
/// E[φ(u)φ(v)], E[φ′(u)φ′(v)], E[φ(u)] against independent computations: the closed forms of smooth activations against
/// this test's own tensor-product Gauss–Hermite sum (to 1e-10), the non-smooth closed forms (ReLU, leaky, abs) and every
/// quadrature activation against Monte Carlo with 400 000 draws (4 standard errors, far below a 10% mistake).
/// </summary>
public class ActivationGaussianExpectationTests
{
    static readonly (double K11, double K12, double K22)[] Covariances =
        [(1.0, 0.3, 0.8), (2.5, -1.1, 1.3), (0.7, 0.69, 0.7), (1.2, 0.0, 0.4), (0.3, -0.29, 0.3)];

    // Independent reference: this test's own 2-d Gauss–Hermite rule of order 80 over a Cholesky factor.
    static double Quadrature(Func<double, double> f, double k11, double k12, double k22)
    {
        var (x, w) = GaussHermite.Rule(80);
        double l11 = Math.Sqrt(k11), l21 = k12 / l11, l22 = Math.Sqrt(Math.Max(0, k22 - l21 * l21)), s = 0;
        for (int i = 0; i < x.Length; i++)
            for (int j = 0; j < x.Length; j++)
            {
                double z1 = Math.Sqrt(2) * x[i], z2 = Math.Sqrt(2) * x[j];
                s += w[i] * w[j] * f(l11 * z1) * f(l21 * z1 + l22 * z2);
            }
        return s / Math.PI;
    }

    static (double Mean, double StandardError) MonteCarlo(Func<double, double> f, double k11, double k12, double k22, ulong seed)
    {
        const int n = 400_000;
        var rng = new RandomStream(seed);
        double l11 = Math.Sqrt(k11), l21 = k12 / l11, l22 = Math.Sqrt(Math.Max(0, k22 - l21 * l21));
        double sum = 0, sum2 = 0;
        for (int i = 0; i < n; i++)
        {
            double z1 = rng.NextNormal(), z2 = rng.NextNormal();
            double p = f(l11 * z1) * f(l21 * z1 + l22 * z2);
            sum += p; sum2 += p * p;
        }
        double mean = sum / n;
        return (mean, Math.Sqrt((sum2 / n - mean * mean) / n));
    }

    [Theory]
    [InlineData("identity")]
    [InlineData("erf")]
    [InlineData("sin")]
    [InlineData("cos")]
    public void SmoothClosedFormsMatchQuadrature(string name)
    {
        var a = Activation.Parse(name);
        Assert.True(a.HasClosedFormGaussianExpectations);
        foreach (var (k11, k12, k22) in Covariances)
        {
            Assert.Equal(Quadrature(a.Evaluate, k11, k12, k22), a.GaussianProduct(k11, k12, k22), 1e-10);
            Assert.Equal(Quadrature(a.Derivative, k11, k12, k22), a.GaussianDerivativeProduct(k11, k12, k22), 1e-10);
            Assert.Equal(GaussHermite.Expectation(z => a.Evaluate(Math.Sqrt(k11) * z), 80), a.GaussianMean(k11), 1e-12);
        }
    }

    [Theory]
    [InlineData("relu", 11UL)]
    [InlineData("leaky_relu(0.2)", 12UL)]
    [InlineData("leaky_relu(-0.7)", 13UL)]
    [InlineData("abs", 14UL)]
    [InlineData("tanh", 15UL)]
    [InlineData("sigmoid", 16UL)]
    [InlineData("gelu", 17UL)]
    [InlineData("silu", 18UL)]
    [InlineData("softplus", 19UL)]
    public void ExpectationsMatchMonteCarlo(string name, ulong seed)
    {
        var a = Activation.Parse(name);
        foreach (var (k11, k12, k22) in Covariances)
        {
            var (m, se) = MonteCarlo(a.Evaluate, k11, k12, k22, seed);
            Assert.InRange(a.GaussianProduct(k11, k12, k22), m - 4 * se - 1e-12, m + 4 * se + 1e-12);
            var (md, sed) = MonteCarlo(a.Derivative, k11, k12, k22, seed + 100);
            Assert.InRange(a.GaussianDerivativeProduct(k11, k12, k22), md - 4 * sed - 1e-12, md + 4 * sed + 1e-12);
            seed += 1000;
        }
    }

    [Fact]
    public void ClosedFormsHitKnownValues()
    {
        // ReLU on the diagonal: E[relu(u)²] = k/2; derivative product 1/2. Orthogonal inputs: 1/(2π)·√(k11 k22).
        Assert.Equal(0.75, Activation.ReLU.GaussianProduct(1.5, 1.5, 1.5), 1e-14);
        Assert.Equal(0.5, Activation.ReLU.GaussianDerivativeProduct(1.5, 1.5, 1.5), 1e-14);
        Assert.Equal(Math.Sqrt(2.0) / (2 * Math.PI), Activation.ReLU.GaussianProduct(1, 0, 2), 1e-14);
        Assert.Equal(2.0, Activation.Abs.GaussianProduct(2, 2, 2), 1e-14);       // E[u²]
        Assert.Equal(0.0, Activation.Abs.GaussianDerivativeProduct(1, 0, 1), 1e-14);
        Assert.Equal(2 / Math.PI * Math.Asin(2.0 / 3), Activation.Erf.GaussianProduct(1, 1, 1), 1e-14); // Williams (1997)
        Assert.Equal(0.5, Activation.Sigmoid.GaussianMean(3.0), 1e-12);            // σ(u) − ½ is odd
        Assert.Equal(Math.Sqrt(2 / Math.PI), Activation.Abs.GaussianMean(1), 1e-14);
        // Independent inputs factorise: E[φ(u)φ(v)] = E[φ(u)] E[φ(v)].
        Assert.Equal(Activation.Softplus.GaussianMean(0.8) * Activation.Softplus.GaussianMean(1.7), Activation.Softplus.GaussianProduct(0.8, 0, 1.7), 1e-10);
    }

    [Fact]
    public void InvalidCovariancesAreRefusedWithTheReason()
    {
        var ex = Assert.Throws<ArgumentException>(() => Activation.Tanh.GaussianProduct(1, 2, 1));
        Assert.Contains("not a covariance", ex.Message);
        Assert.Throws<ArgumentException>(() => Activation.ReLU.GaussianProduct(-1, 0, 1));
        Assert.Throws<ArgumentException>(() => Activation.ReLU.GaussianMean(double.NaN));
        Assert.Equal(0.0, Activation.Tanh.GaussianProduct(0, 0, 1), 1e-15); // a zero-variance side is the constant tanh 0
    }

    [Fact]
    public void GaussHermiteIsExactForPolynomialsUpToDegreeTwoNMinusOne()
    {
        foreach (int n in new[] { 1, 2, 5, 20, 64, 150 })
        {
            var (x, w) = GaussHermite.Rule(n);
            Assert.Equal(Math.Sqrt(Math.PI), w.Sum(), 1e-12);
            double doubleFactorial = 1; // E[Z^(2k)] = (2k − 1)!!
            for (int k = 1; 2 * k <= Math.Min(2 * n - 1, 30); k++)
            {
                doubleFactorial *= 2 * k - 1;
                Assert.Equal(1.0, GaussHermite.Expectation(z => Math.Pow(z, 2 * k), n) / doubleFactorial, 1e-11);
            }
            Assert.Equal(0.0, GaussHermite.Expectation(z => z * z * z, n), 1e-12);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussHermite.Rule(0));
    }
}
