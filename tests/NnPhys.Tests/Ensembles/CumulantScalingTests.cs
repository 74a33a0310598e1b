using NnPhys.Ensembles;
using NnPhys.Numerics.Sampling;

namespace NnPhys.Tests.Ensembles;

/// <summary>
/// The width-scaling machinery on inputs with exactly known answers: <see cref="CumulantScaling.Fit"/> on exact power laws
/// and against a hand-solved weighted regression, <see cref="PowerMomentObserver"/> on distributions whose cumulants are
/// known exactly (issue 15: both were untested, and a κ4 slope × 1.1 passed every test).
/// </summary>
public class CumulantScalingTests
{
    [Theory]
    [InlineData(-1.0)]
    [InlineData(-2.0)]
    [InlineData(0.5)]
    public void FitRecoversAnExactPowerLaw(double exponent)
    {
        int[] widths = [1, 2, 4, 8, 16, 32];
        var m = widths.Select(n => new WidthMeasurement(n, new CorrelatorEstimate(-0.7 * Math.Pow(n, exponent), 1e-3 * 0.7 * Math.Pow(n, exponent)))).ToArray();
        var fit = CumulantScaling.Fit(m);
        Assert.Equal(exponent, fit.Exponent, 10);
        Assert.Equal(0.7, fit.Amplitude, 10); // |κ| is fitted
        Assert.Equal(0, fit.ChiSquaredPerDegreeOfFreedom, 10);
        // every point has relative error 1e-3, i.e. σ(log|κ|) = 1e-3: SE(b) = 1e-3 / sqrt(Σ(x − x̄)²), x = ln N
        double mean = widths.Average(n => Math.Log(n)), sxx = widths.Sum(n => Math.Pow(Math.Log(n) - mean, 2));
        Assert.Equal(1e-3 / Math.Sqrt(sxx), fit.ExponentError, 12);
        Assert.Equal(6, fit.PointsUsed);
    }

    [Fact]
    public void FitWeightsSkipsUnresolvedPointsAndMatchesAHandSolvedRegression()
    {
        // three resolved points with unequal errors, one unresolved (|κ| < 2 SE) that must be skipped
        var m = new[]
        {
            new WidthMeasurement(1, new CorrelatorEstimate(1.0, 0.1)),   // y = 0,        σ_y = 0.1
            new WidthMeasurement(2, new CorrelatorEstimate(0.4, 0.02)),  // y = ln 0.4,   σ_y = 0.05
            new WidthMeasurement(4, new CorrelatorEstimate(0.3, 0.06)),  // y = ln 0.3,   σ_y = 0.2
            new WidthMeasurement(8, new CorrelatorEstimate(0.01, 0.02)), // unresolved
        };
        var fit = CumulantScaling.Fit(m);
        // weighted normal equations solved by hand: w = 1/σ², x = ln N
        double[] x = [0, Math.Log(2), Math.Log(4)], y = [0, Math.Log(0.4), Math.Log(0.3)], w = [100, 400, 25];
        double sw = w.Sum(), sx = w.Zip(x, (a, b) => a * b).Sum(), sy = w.Zip(y, (a, b) => a * b).Sum();
        double sxx = x.Select((v, i) => w[i] * v * v).Sum(), sxy = x.Select((v, i) => w[i] * v * y[i]).Sum();
        double slope = (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
        Assert.Equal(slope, fit.Exponent, 12);
        Assert.Equal(Math.Sqrt(sw / (sw * sxx - sx * sx)), fit.ExponentError, 12);
        Assert.Equal(3, fit.PointsUsed);
        Assert.Equal(1, fit.PointsSkipped);
        Assert.Throws<NumericalInstabilityException>(() => CumulantScaling.Fit([m[0], m[3]]));
    }

    [Fact]
    public void PowerMomentObserverGivesExactCumulantsOfKnownDistributions()
    {
        // ±c with equal weights (Rademacher × c): κ2 = c², κ4 = −2c⁴, κ6 = 16c⁶; {0, 1} with p = 1/4: κ3 = 3/32, κ4 = −3/128, κ6 = −39/512
        const double c = 1.3;
        var rademacher = new PowerMomentObserver();
        for (int i = 0; i < 1000; i++) { rademacher.Observe([c]); rademacher.Observe([-c]); }
        Assert.Equal(c * c, rademacher.Cumulant(2).Value, 10);
        Assert.Equal(-2 * Math.Pow(c, 4), rademacher.Cumulant(4).Value, 10);
        Assert.Equal(16 * Math.Pow(c, 6), rademacher.Cumulant(6).Value, 9);
        var bernoulli = new PowerMomentObserver();
        for (int i = 0; i < 1000; i++) { bernoulli.Observe([1.0]); bernoulli.Observe([0.0]); bernoulli.Observe([0.0]); bernoulli.Observe([0.0]); }
        Assert.Equal(0.25, bernoulli.Cumulant(1).Value, 12);
        Assert.Equal(3.0 / 32, bernoulli.Cumulant(3).Value, 12);
        Assert.Equal(-3.0 / 128, bernoulli.Cumulant(4).Value, 12);
        Assert.Equal(-39.0 / 512, bernoulli.Cumulant(6).Value, 12);
        Assert.Throws<InvalidConfigException>(() => bernoulli.Cumulant(7));
    }

    [Fact]
    public void MeasuredFourthAndSixthCumulantsFallAsOneOverNAndOneOverNSquared()
    {
        // φ(0) = Σ_i w_i cos b_i with b ~ U[−π, π] and uniform w (variance 1/N): non-Gaussian neurons and weights, κ6 ≠ 0;
        // κ_r = N Σ_π c_π Π μ_|B| ⟨cos^|B| b⟩ exactly (closed form from single-neuron moments), ∝ N^{1 − r/2} (eq. (143))
        int[] widths = [1, 2, 4, 8];
        var k4 = new WidthMeasurement[widths.Length]; var k6 = new WidthMeasurement[widths.Length];
        for (int i = 0; i < widths.Length; i++)
        {
            int n = widths[i];
            var e = new NeuronSumEnsemble("cos-uniform", new CosineNeuron(1, 1.0), n, OutputWeightDistribution.Uniform(Math.Sqrt(3.0 / n)));
            var obs = EnsembleSampler.Networks(e, new PointSet([[0.0]]), 3, new StreamRange(0, 200_000), () => new PowerMomentObserver());
            k4[i] = new WidthMeasurement(n, obs.Cumulant(4)); k6[i] = new WidthMeasurement(n, obs.Cumulant(6));
            double closed4 = NeuronMomentClosedForms.Connected(e, Enumerable.Repeat(new[] { 0.0 }, 4).ToArray()), closed6 = NeuronMomentClosedForms.Connected(e, Enumerable.Repeat(new[] { 0.0 }, 6).ToArray());
            Assert.True(Math.Abs(k4[i].Estimate.Pull(closed4)) < 3.5, $"N = {n}: κ4 {k4[i].Estimate} vs {closed4:G6}");
            Assert.True(Math.Abs(k6[i].Estimate.Pull(closed6)) < 3.5, $"N = {n}: κ6 {k6[i].Estimate} vs {closed6:G6}");
            Assert.Equal(closed6 * Math.Pow(n, 2), NeuronMomentClosedForms.Connected(new NeuronSumEnsemble("cos-uniform", e.Neuron, 1, OutputWeightDistribution.Uniform(Math.Sqrt(3.0))), Enumerable.Repeat(new[] { 0.0 }, 6).ToArray()), 10);
        }
        var f4 = CumulantScaling.Fit(k4); var f6 = CumulantScaling.Fit(k6);
        Assert.True(Math.Abs(f4.Exponent + 1) < 3 * f4.ExponentError && f4.ExponentError < 0.08, $"κ4 exponent {f4.Exponent} ± {f4.ExponentError}");
        Assert.True(Math.Abs(f6.Exponent + 2) < 3 * f6.ExponentError && f6.ExponentError < 0.35, $"κ6 exponent {f6.Exponent} ± {f6.ExponentError}");
    }
}
