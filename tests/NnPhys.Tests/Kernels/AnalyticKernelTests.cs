using NnPhys.Architectures;
using NnPhys.Kernels;
using NnPhys.Numerics;

namespace NnPhys.Tests.Kernels;

/// <summary>The analytic NNGP/NTK against hand-derived closed forms, Monte Carlo and the independent polar quadrature.</summary>
public class AnalyticKernelTests
{
    static readonly Matrix<double> Points = new(4, 2, [1.0, 0.0, 0.6, 0.8, 0.0, 1.0, -0.7, 0.3]);

    /// <summary>ReLU arc-cosine kernel of order 1 written out by hand: E[relu u relu v], E[step u step v].</summary>
    static (double, double) ReluByHand(double k11, double k12, double k22)
    {
        double c = k12 / Math.Sqrt(k11 * k22), t = Math.Acos(c);
        return (Math.Sqrt(k11 * k22) / (2 * Math.PI) * (Math.Sin(t) + (Math.PI - t) * Math.Cos(t)), (Math.PI - t) / (2 * Math.PI));
    }

    static (double, double) ErfByHand(double k11, double k12, double k22) =>
        (2 / Math.PI * Math.Asin(2 * k12 / Math.Sqrt((1 + 2 * k11) * (1 + 2 * k22))),
         4 / Math.PI / Math.Sqrt((1 + 2 * k11) * (1 + 2 * k22) - 4 * k12 * k12));

    /// <summary>Two hidden layers, written as explicit scalar recursions (stax conventions) for one pair of points.</summary>
    static (double K, double Theta) ByHand(Func<double, double, double, (double, double)> phi, double[] x, double[] y, double w, double b)
    {
        double d = x.Length;
        double kxx = x.Zip(x, (p, q) => p * q).Sum() / d, kyy = y.Zip(y, (p, q) => p * q).Sum() / d, kxy = x.Zip(y, (p, q) => p * q).Sum() / d;
        double theta = 0;
        for (int layer = 0; layer < 2; layer++)
        {
            kxx = w * w * kxx + b * b; kyy = w * w * kyy + b * b; kxy = w * w * kxy + b * b;
            theta = kxy + w * w * theta;
            var (exx, _) = phi(kxx, kxx, kxx); var (eyy, _) = phi(kyy, kyy, kyy); var (exy, dxy) = phi(kxx, kxy, kyy);
            theta *= dxy;
            kxx = exx; kyy = eyy; kxy = exy;
        }
        kxy = w * w * kxy + b * b;
        return (kxy, kxy + w * w * theta);
    }

    [Theory]
    [InlineData("relu", 1.4142135623730951, 0.1)]
    [InlineData("erf", 1.3, 0.4)]
    [InlineData("relu", 1.0, 0.0)]
    public void GramMatchesHandDerivedClosedFormsToTenDigits(string activation, double w, double b)
    {
        var stack = KernelArchitecture.Parse($"dense({w:R},{b:R})-{activation}-dense({w:R},{b:R})-{activation}-dense({w:R},{b:R})", 2);
        var gram = new AnalyticKernel(stack).Gram(Points);
        Func<double, double, double, (double, double)> phi = activation == "relu" ? ReluByHand : ErfByHand;
        for (int i = 0; i < Points.Rows; i++)
            for (int j = 0; j < Points.Rows; j++)
            {
                var (k, t) = ByHand(phi, Points.Row(i).ToArray(), Points.Row(j).ToArray(), w, b);
                Assert.True(Math.Abs(gram.Nngp[i, j] - k) <= 1e-10 * Math.Abs(k) + 1e-300 || (i == j && Math.Abs(gram.Nngp[i, j] - k) <= 1e-10 * Math.Abs(k) + 1e-15), $"K[{i},{j}] = {gram.Nngp[i, j]:R} vs {k:R}");
                Assert.True(Math.Abs(gram.Ntk[i, j] - t) <= 1e-10 * Math.Abs(t), $"Θ[{i},{j}] = {gram.Ntk[i, j]:R} vs {t:R}");
            }
    }

    [Fact]
    public void TheLayerStackTextFormGivesTheSameKernelAsTheStaxForm()
    {
        var stax = new AnalyticKernel(KernelArchitecture.Parse("dense(1.3,0.2)-erf-dense(0.9,0)", 2)).Gram(Points);
        var stack = LayerStack.Parse(2, "dense(512, std=1.3, bias_std=0.2)|erf|dense(1, std=0.9, bias=false)", Parameterizations.Ntk);
        var viaStack = new AnalyticKernel(stack).Gram(Points);
        Assert.Equal(stax.Nngp.Data, viaStack.Nngp.Data);
        Assert.Equal(stax.Ntk.Data, viaStack.Ntk.Data);
    }

    [Fact]
    public void GramIsSymmetricAndAgreesWithCrossBlockAndDiagonal()
    {
        var kernel = new AnalyticKernel(KernelArchitecture.Parse("dense(1.2,0.3)-tanh-dense(1.1,0.2)-relu-dense(1,0)", 2));
        var gram = kernel.Gram(Points);
        var cross = kernel.Cross(Points, Points);
        var (dk, dt) = kernel.Diagonal(Points);
        for (int i = 0; i < Points.Rows; i++)
        {
            Assert.Equal(gram.Nngp[i, i], dk[i], 12);
            Assert.Equal(gram.Ntk[i, i], dt[i], 12);
            for (int j = 0; j < Points.Rows; j++)
            {
                Assert.Equal(gram.Nngp[i, j], gram.Nngp[j, i]);
                // Cross computes x·x′/d by GEMM, whose rounding at x = x′ moves cos θ off 1 by ~1e-16 and θ by ~1e-8:
                // the ReLU NTK has a cusp at x = x′ (E[φ′φ′] = (π − θ)/2π), so 1e-7 is the conditioning, not an error
                Assert.True(Math.Abs(gram.Nngp[i, j] - cross.Nngp[i, j]) <= 1e-7 * Math.Abs(gram.Nngp[i, j]), $"K[{i},{j}]");
                Assert.True(Math.Abs(gram.Ntk[i, j] - cross.Ntk[i, j]) <= 1e-7 * Math.Abs(gram.Ntk[i, j]), $"Θ[{i},{j}]");
            }
        }
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("abs")]
    [InlineData("leaky(0.2)")]
    [InlineData("identity")]
    public void FusedGramEqualsThePerLayerPathToRoundOff(string activation)
    {
        // Gram of a dense + (leaky) ReLU stack takes the fused register path; Cross takes the general per-layer path.
        // 37 points: rows of every length 1 … 37, so every SIMD tail length occurs.
        var random = new RandomStream(21);
        var x = new Matrix<double>(37, 10);
        random.FillNormal(x.Data);
        var stack = KernelArchitecture.Parse($"dense(1.4142135623730951,0.1)-{activation}-dense(1.3,0.2)-relu-dense(1.2,0)-{activation}-dense(1.4142135623730951,0.1)", 10);
        var kernel = new AnalyticKernel(stack);
        var gram = kernel.Gram(x);
        var cross = kernel.Cross(x, x);
        var (dk, dt) = kernel.Diagonal(x);
        for (int i = 0; i < x.Rows; i++)
        {
            Assert.True(Math.Abs(gram.Nngp[i, i] - dk[i]) <= 1e-12 * Math.Abs(dk[i]), $"K[{i},{i}] {gram.Nngp[i, i]:R} vs {dk[i]:R}");
            Assert.True(Math.Abs(gram.Ntk[i, i] - dt[i]) <= 1e-12 * Math.Abs(dt[i]), $"Θ[{i},{i}] {gram.Ntk[i, i]:R} vs {dt[i]:R}");
            for (int j = 0; j < x.Rows; j++)
            {
                Assert.Equal(gram.Nngp[i, j], gram.Nngp[j, i]);
                Assert.Equal(gram.Ntk[i, j], gram.Ntk[j, i]);
                if (i == j) continue;
                Assert.True(Math.Abs(gram.Nngp[i, j] - cross.Nngp[i, j]) <= 1e-12 * Math.Abs(cross.Nngp[i, j]), $"K[{i},{j}] {gram.Nngp[i, j]:R} vs {cross.Nngp[i, j]:R}");
                Assert.True(Math.Abs(gram.Ntk[i, j] - cross.Ntk[i, j]) <= 1e-12 * Math.Abs(cross.Ntk[i, j]), $"Θ[{i},{j}] {gram.Ntk[i, j]:R} vs {cross.Ntk[i, j]:R}");
            }
        }
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("erf")]
    public void ForcedQuadratureKernelAgreesWithClosedFormsToOneInTenToTheEight(string activation)
    {
        var stack = KernelArchitecture.Parse($"dense(1.5,0.2)-{activation}-dense(1.5,0.2)-{activation}-dense(1.5,0.2)-{activation}-dense(1,0)", 2);
        var exact = new AnalyticKernel(stack).Gram(Points);
        var quad = new AnalyticKernel(stack, forceQuadrature: true).Gram(Points);
        for (int i = 0; i < exact.Nngp.Data.Length; i++)
        {
            Assert.True(Math.Abs(quad.Nngp.Data[i] - exact.Nngp.Data[i]) <= 1e-8 * Math.Abs(exact.Nngp.Data[i]), $"K: {quad.Nngp.Data[i]:R} vs {exact.Nngp.Data[i]:R}");
            Assert.True(Math.Abs(quad.Ntk.Data[i] - exact.Ntk.Data[i]) <= 1e-8 * Math.Abs(exact.Ntk.Data[i]), $"Θ: {quad.Ntk.Data[i]:R} vs {exact.Ntk.Data[i]:R}");
        }
    }

    [Theory]
    [InlineData("relu", 0.0)]
    [InlineData("abs", 0.0)]
    [InlineData("leaky(0.2)", 0.2)]
    [InlineData("erf", 0.0)]
    [InlineData("identity", 0.0)]
    public void ClosedFormExpectationsMatchPolarQuadrature(string name, double unused)
    {
        _ = unused;
        var a = Activation.Parse(name);
        foreach (var (k11, k12, k22) in new[] { (1.0, 0.3, 2.0), (0.5, -0.45, 0.7), (2.0, 1.999, 2.0), (0.3, 0.0, 4.0) })
        {
            var exact = KernelActivations.Expectations(a, k11, k12, k22);
            var quad = KernelActivations.Expectations(a, k11, k12, k22, forceQuadrature: true);
            Assert.True(Math.Abs(exact.Product - quad.Product) <= 1e-10 * Math.Max(1, Math.Abs(exact.Product)), $"{name} E[φφ] {exact.Product:R} vs {quad.Product:R}");
            Assert.True(Math.Abs(exact.DerivativeProduct - quad.DerivativeProduct) <= 1e-10 * Math.Max(1, Math.Abs(exact.DerivativeProduct)), $"{name} E[φ′φ′] {exact.DerivativeProduct:R} vs {quad.DerivativeProduct:R}");
        }
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("abs")]
    [InlineData("leaky(0.1)")]
    [InlineData("erf")]
    [InlineData("identity")]
    public void FusedClosedFormsEqualTheActivationsOwnGaussianExpectations(string name)
    {
        var a = Activation.Parse(name);
        foreach (var (k11, k12, k22) in new[] { (1.0, 0.3, 2.0), (0.5, -0.45, 0.7), (2.0, 1.9, 2.0) })
        {
            var fused = KernelActivations.Expectations(a, k11, k12, k22);
            Assert.Equal(a.GaussianProduct(k11, k12, k22), fused.Product, 12);
            Assert.Equal(a.GaussianDerivativeProduct(k11, k12, k22), fused.DerivativeProduct, 12);
        }
    }

    [Theory]
    [InlineData("tanh")]
    [InlineData("sigmoid")]
    [InlineData("gelu")]
    [InlineData("silu")]
    [InlineData("softplus")]
    public void GaussHermiteExpectationsOfOtherActivationsMatchThePolarQuadrature(string name)
    {
        var a = Activation.Parse(name);
        Assert.False(KernelActivations.HasClosedForm(a));
        foreach (var (k11, k12, k22) in new[] { (1.0, 0.3, 2.0), (0.5, -0.45, 0.7), (2.0, 1.9, 2.0) })
        {
            var viaActivation = KernelActivations.Expectations(a, k11, k12, k22);
            var polar = KernelActivations.Expectations(a, k11, k12, k22, forceQuadrature: true);
            // measured: Gauss–Hermite of order 64 differs from the polar rule by up to 1.3e-5 (tanh′ at k = (2, 1.9, 2)); a 10% error still fails
            Assert.True(Math.Abs(viaActivation.Product - polar.Product) <= 1e-4 * Math.Max(1, Math.Abs(polar.Product)), $"{name} E[φφ]: Gauss–Hermite {viaActivation.Product:R} vs polar {polar.Product:R}");
            Assert.True(Math.Abs(viaActivation.DerivativeProduct - polar.DerivativeProduct) <= 1e-4 * Math.Max(1, Math.Abs(polar.DerivativeProduct)), $"{name} E[φ′φ′]: {viaActivation.DerivativeProduct:R} vs {polar.DerivativeProduct:R}");
        }
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("erf")]
    [InlineData("tanh")]
    [InlineData("sigmoid")]
    public void ExpectationsAgreeWithMonteCarloOverAMillionSamplesWithinThreeStandardErrors(string name)
    {
        var a = Activation.Parse(name);
        const double k11 = 1.3, k12 = 0.7, k22 = 0.9;
        var (product, derivative) = KernelActivations.Expectations(a, k11, k12, k22);
        var random = new RandomStream(2026);
        const int samples = 1_000_000;
        double l21 = k12 / Math.Sqrt(k11), l22 = Math.Sqrt(k22 - l21 * l21);
        double s1 = 0, s2 = 0, d1 = 0, d2 = 0;
        for (int s = 0; s < samples; s++)
        {
            double z1 = random.NextNormal(), z2 = random.NextNormal();
            double u = Math.Sqrt(k11) * z1, v = l21 * z1 + l22 * z2;
            double p = a.Evaluate(u) * a.Evaluate(v), q = a.Derivative(u) * a.Derivative(v);
            s1 += p; s2 += p * p; d1 += q; d2 += q * q;
        }
        double mean = s1 / samples, se = Math.Sqrt((s2 / samples - mean * mean) / samples);
        double dmean = d1 / samples, dse = Math.Sqrt((d2 / samples - dmean * dmean) / samples);
        Assert.True(Math.Abs(mean - product) < 3 * se, $"{name}: E[φφ] MC {mean} ± {se} vs {product}");
        Assert.True(Math.Abs(dmean - derivative) < 3 * dse, $"{name}: E[φ′φ′] MC {dmean} ± {dse} vs {derivative}");
        Assert.True(se < 0.01 * Math.Abs(product), "the Monte Carlo must resolve 1% of the value, or the test could not fail");
    }

    [Fact]
    public void BadInputIsRejectedWithAMessageThatNamesTheFix()
    {
        var e = Assert.Throws<InvalidConfigException>(() => KernelArchitecture.Parse("dense(1,0)-softmax-dense(1,0)", 2));
        Assert.Contains("relu", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("dense(W_std,b_std)", e.Message);
        Assert.Throws<InvalidConfigException>(() => KernelArchitecture.Parse("dense(1,-1)-relu", 2));
        Assert.Throws<InvalidConfigException>(() => KernelArchitecture.Parse("relu", 2));
        var kernel = new AnalyticKernel(KernelArchitecture.Parse("dense-relu-dense", 2));
        var mismatch = Assert.Throws<InvalidConfigException>(() => kernel.Cross(Points, new Matrix<double>(1, 3, [1.0, 2, 3])));
        Assert.Contains("dimension 2", mismatch.Message);
        Assert.Equal("dense(1E-05,0)-relu-dense(1,0)", KernelArchitecture.Format(KernelArchitecture.Parse("dense(1e-5,0)-relu-dense", 2)));
        var standard = LayerStack.Parse(2, "dense(8)|relu|dense(1)");
        Assert.Contains("NTK parameterisation", Assert.Throws<InvalidConfigException>(() => new AnalyticKernel(standard)).Message);
    }
}

/// <summary>The vectorised arccos of the arc-cosine kernels against Math.Acos.</summary>
public class ArcCosineTests
{
    [Fact]
    public void MatchesMathAcosToRoundOffOverTheIntervalAndEveryTailLength()
    {
        var random = new RandomStream(9);
        for (int length = 0; length <= 37; length++)
        {
            var c = new double[length];
            for (int i = 0; i < length; i++) c[i] = i % 5 == 0 ? 1 - Math.Pow(10, -random.NextUniform(1, 16)) : random.NextUniform(-1, 1);
            if (length > 3) { c[1] = 1; c[2] = -1; c[3] = 0; }
            var theta = new double[length];
            ArcCosine.Evaluate(c, theta);
            for (int i = 0; i < length; i++)
                Assert.True(Math.Abs(theta[i] - Math.Acos(c[i])) <= 4e-16 * Math.PI + 1e-14 * Math.Acos(c[i]), $"c = {c[i]:R}: {theta[i]:R} vs {Math.Acos(c[i]):R}");
        }
    }
}
