using NnPhys.Architectures;
using NnPhys.Cosmology;
using NnPhys.Kernels;
using NnPhys.Numerics;

namespace NnPhys.Tests.Cosmology;

public class HomogeneousTests
{
    // Infinite-width NTK of a 1-hidden-layer NTK-parameterized ReLU net at one input x (σ_b = 0):
    // Θ = σ_w² E[φ(z)²] + σ_w²·σ_w²x²·E[φ'(z)²], z ~ N(0, σ_w²x²)  ⇒  Θ = σ_w⁴x²/2 + σ_w⁴x²/2 = σ_w⁴x².
    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(1.5, 0.7)]
    public void EmpiricalNtkOfAWideReluNetMatchesTheArcCosineLimit(double sigmaW, double x)
    {
        double mean = 0;
        for (ulong seed = 0; seed < 4; seed++)
            mean += new ScalarNetwork(new ScalarNetworkSpec(4096, 1, "relu", sigmaW), [x], seed).Ntk().Data[0] / 4;
        double exact = Math.Pow(sigmaW, 4) * x * x;
        Assert.InRange(mean / exact, 0.95, 1.05); // O(1/√n) fluctuations ≈ 1–2 %
        // the kernels helper's analytic NTK of the same stack agrees with the closed form
        var stack = LayerStack.Parse(1, $"dense(1, std={sigmaW:R}, bias=false)|relu|dense(1, std={sigmaW:R}, bias=false)", Parameterizations.Ntk);
        Assert.Equal(exact, new AnalyticKernel(stack).Diagonal(new Matrix<double>(1, 1, [x])).Ntk[0], 1e-9);
    }

    [Fact]
    public void EmpiricalNtkIsTheGramMatrixOfTheJacobian()
    {
        var net = new ScalarNetwork(new ScalarNetworkSpec(64, 2, "erf", 1.0, 0.5), [-1.0, 0.3, 2.0], 5);
        var j = net.Jacobian();
        var k = net.Ntk();
        // EmpiricalNtk (per-layer Gram matrices) against the explicit Jacobian of back-propagation, one point at a time
        Assert.Equal(3, k.Rows);
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
                Assert.Equal(j[a].Zip(j[b], (p, q) => p * q).Sum(), k.Data[a * 3 + b], 1e-10);
        Assert.True(k.Data[0] > 0 && k.Data[4] > 0 && k.Data[8] > 0);
    }

    [Theory]
    [InlineData("relu", 2)]
    [InlineData("erf", 4)]
    public void CorrectedMappingTracksAWideNetworkWithinOnePercentLeadingOrderNear6(string activation, int p)
    {
        var r = HomogeneousRun.Execute(new HomogeneousSettings(new ScalarNetworkSpec(1024, 1, activation), p, 0.01, 0.9), 0);
        Assert.True(r.Training.ReachedHorizon);
        Assert.InRange(r.CorrectedError.MaxError, 0, 0.01);        // issue 16 target
        Assert.InRange(r.LeadingError.MaxError, 0.04, 0.09);       // O(√η) discretisation error, ≈ 6 %
        Assert.True(r.GradientFlowError.MaxError > 0.2);           // the overdamped null misses the inertia
        Assert.Equal(1.0, r.NoMotionError.EndError, 12);           // no-motion null scores 1 by construction
    }

    [Fact]
    public void DivergenceIsRecordedWithItsStepNotThrown()
    {
        // p = 4, residual 3: local stiffness 3Θ̄r² ≈ 27, so ηκ ≈ 13 ≫ 2(1 + μ) = 3 (the linear stability edge): the overshoot grows cubically
        var r = HomogeneousRun.Execute(new HomogeneousSettings(new ScalarNetworkSpec(256, 1, "erf"), 4, 0.5, 0.5, TargetOffset: 3, MaxSteps: 2000), 0);
        Assert.NotNull(r.Training.DivergedAtStep);
        Assert.True(r.Training.DivergedAtStep > 0);
        Assert.True(double.IsNaN(r.LeadingError.MaxError));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    [InlineData(0)]
    public void OddOrTooSmallPowersAreRefused(int p) =>
        Assert.Throws<InvalidConfigException>(() => new HomogeneousSettings(new ScalarNetworkSpec(), p, 0.01, 0.9).Validate());

    [Theory]
    [InlineData(0.0, 0.9)]
    [InlineData(-1e-3, 0.9)]
    [InlineData(0.01, 1.0)]
    [InlineData(0.01, -0.1)]
    public void BadLearningRateOrMomentumIsRefused(double eta, double mu) =>
        Assert.Throws<InvalidConfigException>(() => new HeavyBallMapping(eta, mu));
}
