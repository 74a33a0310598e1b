using NnPhys.Ensembles;
using NnPhys.Numerics;
using NnPhys.Numerics.Sampling;

namespace NnPhys.Tests.Ensembles;

/// <summary>Free scalar, NNGP action, Osterwalder–Schrader checks and φ⁴ by operator insertion.</summary>
public class FieldTheoryTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ScalarNetPositionSpaceTwoPointFunctionIsTheCutoffPropagator(int d)
    {
        var e = NeuronSumEnsemble.ScalarNet(d, 40, mass: 1, cutoff: 6);
        var pts = new PointSet([new double[d], Enumerable.Repeat(0.3, d).ToArray(), Enumerable.Range(0, d).Select(j => j == 0 ? 1.2 : 0.0).ToArray()]);
        int[][] tuples = [[0, 0], [0, 1], [0, 2]];
        var acc = Correlators.SampleNetworks(e, pts, tuples, 2, 20_000);
        double[] r = [0, 0.3 * Math.Sqrt(d), 1.2];
        for (int t = 0; t < 3; t++)
        {
            double expected = ScalarNetPropagator.Position(r[t], d, 1, 6);
            var est = CorrelatorEstimators.Moment(acc, t);
            Assert.True(Math.Abs(est.Pull(expected)) < 3, $"d={d} r={r[t]}: {est} vs propagator {expected}");
        }
    }

    [Fact]
    public void WindowedTransformInClosedFormMatchesQuadratureOfTheSampledNetwork()
    {
        var e = NeuronSumEnsemble.ScalarNet(1, 25, mass: 1, cutoff: 5);
        var theta = new double[50]; var w = new double[25];
        e.SampleParameters(new RandomStream(12), theta, w);
        var row = new double[1]; var phi = new double[1];
        double Phi(double x) { e.Evaluate(theta, w, new PointSet([[x]]), phi, row); return phi[0]; }
        foreach (double p in new[] { 0.0, 1.3, 4.0 })
        {
            var exact = FreeScalarSpectrum.WindowedTransform(e, theta, w, p, 3.0);
            var quad = FreeScalarSpectrum.WindowedTransformByQuadrature(Phi, p, 3.0, 30, 6000);
            Assert.Equal(quad.re, exact.re, 6);
            Assert.Equal(quad.im, exact.im, 6);
        }
    }

    [Theory]
    [InlineData(1, 12.0)]
    [InlineData(2, 6.0)]
    [InlineData(3, 4.0)]
    public void ScalarNetPowerSpectrumIsOneOverPSquaredPlusMSquaredBelowTheCutoff(int d, double window)
    {
        const double m = 1, cutoff = 4;
        var e = NeuronSumEnsemble.ScalarNet(d, 100, m, cutoff);
        double[] momenta = [0.3, 0.7, 1.5, 2.5, 5.5];
        var spectrum = FreeScalarSpectrum.Estimate(e, momenta, window, 3, 3000);
        foreach (var s in spectrum)
        {
            // against the estimator's exact mean (eq. (74) blurred by the window) ...
            Assert.True(Math.Abs(s.Power.Pull(s.Expected)) < 3, $"d={d} p={s.Momentum}: {s.Power} vs exact mean {s.Expected}");
            // ... which is 1/(p² + m²) to a few per cent inside the cutoff, and the estimate resolves it
            if (s.Momentum < cutoff)
            {
                Assert.True(Math.Abs(s.Expected - s.FreeScalar) < 0.1 * s.FreeScalar, $"blur too large at p={s.Momentum}: {s.Expected} vs {s.FreeScalar}");
                Assert.True(s.Power.StandardError < 0.1 * s.FreeScalar, $"d={d} p={s.Momentum}: estimate too noisy {s.Power}");
            }
        }
        Assert.True(spectrum[^1].Power.Value < 1e-3 * spectrum[0].Power.Value, $"beyond the cutoff the spectrum must vanish, got {spectrum[^1].Power}");
        if (d == 1)
        {
            // in d = 1 the exact mean is also the plain Gaussian blur ∫dq (W/√π) e^{−W²(p−q)²} G2(q)
            foreach (var s in spectrum)
            {
                double blurred = 0, h = 1e-3;
                for (double q = -cutoff + h / 2; q < cutoff; q += h) blurred += window / Math.Sqrt(Math.PI) * Math.Exp(-window * window * (s.Momentum - q) * (s.Momentum - q)) / (q * q + m * m) * h;
                Assert.Equal(blurred, s.Expected, 5);
            }
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void DirectionAverageMatchesNumericalAverageOverTheSphere(int d)
    {
        const double W = 3, p = 0.8, w = 1.1;
        double numeric = 0;
        int n = 20000;
        for (int i = 0; i < n; i++)
        {
            double u = (i + 0.5) / n;
            // d = 2: angle θ uniform; d = 3: cos θ uniform on [−1, 1]
            double cos = d == 2 ? Math.Cos(2 * Math.PI * u) : 2 * u - 1;
            numeric += Math.Exp(-W * W * (p * p + w * w - 2 * p * w * cos)) / n;
        }
        Assert.Equal(numeric, FreeScalarSpectrum.DirectionAverage(d, p, w, W), 7);
        // I₀(25) = 5.774560606e9 (tables): the asymptotic branch; I₀(1) = 1.266065878: the series branch
        Assert.Equal(5.774560606e9 * Math.Exp(-25.0), FreeScalarSpectrum.ScaledBesselI0(25.0), 8);
        Assert.Equal(1.266065878 * Math.Exp(-1.0), FreeScalarSpectrum.ScaledBesselI0(1.0), 8);
    }

    [Fact]
    public void NngpActionIsTheQuadraticFormWithTheInverseTwoPointMatrix()
    {
        double[,] k = { { 2.0, 0.5, 0.1 }, { 0.5, 1.5, 0.3 }, { 0.1, 0.3, 1.0 } };
        var action = new NngpAction(k);
        var inv = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(k).Inverse();
        double[] phi = [0.3, -1.2, 0.8];
        double expected = 0;
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) expected += phi[i] * inv[i, j] * phi[j];
        Assert.Equal(expected, action.Action(phi), 12);
        double logDet = Math.Log(MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(k).Determinant());
        Assert.Equal(-expected / 2 - 0.5 * (logDet + 3 * Math.Log(2 * Math.PI)), action.LogDensity(phi), 12);
        Assert.Throws<NumericalInstabilityException>(() => new NngpAction(new double[,] { { 1, 1 }, { 1, 1 } }));
    }

    [Fact]
    public void NngpActionOfFiniteWidthCosNetHasExactMeanAndTheFourPointExcessVariance()
    {
        double[][] x = [[0.0, 0.0], [1.0, 0.0], [0.0, 1.2], [1.1, 1.1]];
        var k = new double[4, 4];
        for (int a = 0; a < 4; a++) for (int b = 0; b < 4; b++) k[a, b] = AnalyticCorrelators.TwoPoint(x[a], x[b], 1.0, 1.0);
        var action = new NngpAction(k);
        const int width = 3;
        var e = NeuronSumEnsemble.CosNet(2, width, 1.0);
        var obs = EnsembleSampler.Networks(e, new PointSet(x), 4, new StreamRange(0, 40_000), () => new ActionObserver(action));
        Assert.True(Math.Abs(obs.MeanAction.Pull(4)) < 3, $"⟨S⟩ = P exactly at any N, got {obs.MeanAction}");
        double excess = action.ExcessActionVariance((a, b, c, d) => AnalyticCorrelators.CosNetConnectedFourPoint([x[a], x[b], x[c], x[d]], width, 1.0, 1.0));
        Assert.True(Math.Abs(obs.ActionVariance.Pull(8 + excess)) < 3, $"Var S = {obs.ActionVariance} vs 2P + excess = {8 + excess}");
        Assert.True(Math.Abs(obs.ActionVariance.Pull(8)) > 3, "at N = 3 the deviation from the GP value 2P must be visible");
    }

    [Fact]
    public void ReflectionPositivityFailsForGaussianKernelNetworksAsTheClosedFormPredicts()
    {
        // G2(x, Ry) = (1/2)exp(−s(τx + τy)²/2) on the time axis: for two points det < 0, so the reflected matrix is not PSD
        double[][] pts = [[0.3, 0.0], [0.8, 0.0], [1.4, 0.0]];
        var results = OsterwalderSchraderChecks.ReflectionPositivity(NeuronSumEnsemble.CosNet(2, 4, 2.0), pts, 8, 30_000);
        var two = results[0];
        var exact = new double[3, 3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) exact[i, j] = AnalyticCorrelators.TwoPoint(pts[i], OsterwalderSchraderChecks.Reflect(pts[j]), 2.0, 1.0);
        var exactSpectrum = OsterwalderSchraderChecks.Spectrum("exact", exact, 0);
        Assert.True(exactSpectrum.MinEigenvalue < 0);
        Assert.False(two.PositiveWithinErrors, $"λ_min = {two.MinEigenvalue} with error scale {two.ErrorScale}");
        Assert.True(Math.Abs(two.MinEigenvalue - exactSpectrum.MinEigenvalue) < 3 * two.ErrorScale, $"λ_min MC {two.MinEigenvalue} vs exact {exactSpectrum.MinEigenvalue}");
        // a PSD matrix passes
        var psd = OsterwalderSchraderChecks.Spectrum("psd", new double[,] { { 2, 1 }, { 1, 2 } }, 0);
        Assert.True(psd.PositiveWithinErrors);
        Assert.Equal(1.0, psd.MinEigenvalue, 12);
        Assert.Throws<InvalidConfigException>(() => OsterwalderSchraderChecks.ReflectionPositivity(NeuronSumEnsemble.CosNet(2, 4), [[0.3, 0.0], [-0.2, 0.0]], 1, 10));
    }

    [Fact]
    public void CosNetConnectedFourPointDoesNotClusterAtFiniteWidth()
    {
        double[][] basePoints = [[0.0, 0.0], [0.2, 0.0], [0.0, 0.3], [0.2, 0.3]];
        var e = NeuronSumEnsemble.CosNet(2, 2, 1.0);
        var cluster = OsterwalderSchraderChecks.ClusterDecomposition(e, basePoints, [1.0, 0.0], [0.0, 3.0, 8.0], 4, 30_000);
        foreach (var c in cluster)
        {
            double[][] cfg = [basePoints[0], basePoints[1], [basePoints[2][0] + c.Separation, basePoints[2][1]], [basePoints[3][0] + c.Separation, basePoints[3][1]]];
            double expected = AnalyticCorrelators.CosNetConnectedFourPoint(cfg, 2, 1.0, 1.0);
            Assert.True(Math.Abs(c.ConnectedFourPoint.Pull(expected)) < 3, $"L={c.Separation}: {c.ConnectedFourPoint} vs {expected}");
        }
        Assert.True(cluster[^1].ConnectedFourPoint.Value > 5 * cluster[^1].ConnectedFourPoint.StandardError, "at L = 8 G4c stays non-zero: clustering fails at finite N");
    }

    [Fact]
    public void Phi4ReweightingShiftsMatchFirstOrderPerturbationTheoryAndCollapseIsReported()
    {
        var e = NeuronSumEnsemble.ScalarNet(1, 300, mass: 1, cutoff: 8);
        var obs = new PointSet([[0.0], [0.5]]);
        int[][] tuples = [[0, 1], [0, 0], [0, 1, 0, 1]];
        var points = Phi4Reweighting.Run(e, boxSize: 2, gridPerAxis: 12, couplings: [0.0, 0.003, 1e4], obs, tuples, seed: 6, samples: 8000);
        Assert.Null(points[0].Warning);
        Assert.Equal(8000, points[0].EffectiveSampleSize, 6);
        for (int t = 0; t < 2; t++)
        {
            Assert.Equal(0, points[0].Shifts[t].Value, 12);
            var shift = points[1].Shifts[t];
            double pt = points[1].FirstOrder[t];
            Assert.True(pt < 0);
            Assert.True(Math.Abs(shift.Value - pt) < 3 * shift.StandardError + 0.1 * Math.Abs(pt), $"tuple {t}: shift {shift} vs first order {pt}");
            // the same-sample first order (−λ Cov₀(O, ∫φ⁴), exact at this N) agrees more tightly: only O(λ²) remains
            var sampleFirst = points[1].SampleFirstOrder[t];
            Assert.True(Math.Abs(shift.Value - sampleFirst.Value) < 0.05 * Math.Abs(sampleFirst.Value), $"tuple {t}: shift {shift} vs −λCov₀ {sampleFirst}");
        }
        Assert.NotNull(points[2].Warning);
        Assert.Contains("effective sample size collapsed", points[2].Warning);
        Assert.Throws<InvalidConfigException>(() => Phi4Reweighting.Run(e, 2, 12, [-1.0], obs, tuples, 1, 10));
        Assert.Throws<InvalidConfigException>(() => Phi4Reweighting.Run(NeuronSumEnsemble.CosNet(1, 3), 2, 12, [0.1], obs, tuples, 1, 10));
    }

    [Fact]
    public void ActionVarianceExcessIsUnbiasedButItsSamplingDistributionIsSkewed()
    {
        // issue 13 item 7: Var(S) = 2P + Σ K⁻¹K⁻¹ G4_c is exact (odd moments vanish, G2 exact in N), so a run that lands
        // below it must be sampling: the mean over independent batches matches, while most single batches fall below
        double[][] x = [[0.0, 0.0], [1.0, 0.0], [0.0, 1.2], [1.1, 1.1]];
        var k = new double[4, 4];
        for (int a = 0; a < 4; a++) for (int b = 0; b < 4; b++) k[a, b] = AnalyticCorrelators.TwoPoint(x[a], x[b], 1.0, 1.0);
        var action = new NngpAction(k);
        const int width = 2, batches = 60, perBatch = 4000;
        double predicted = 8 + action.ExcessActionVariance((a, b, c, d) => AnalyticCorrelators.CosNetConnectedFourPoint([x[a], x[b], x[c], x[d]], width, 1.0, 1.0));
        var values = new double[batches];
        for (int i = 0; i < batches; i++)
            values[i] = EnsembleSampler.Networks(NeuronSumEnsemble.CosNet(2, width, 1.0), new PointSet(x), 100, new StreamRange((long)i * perBatch, perBatch), () => new ActionObserver(action)).ActionVariance.Value;
        double mean = values.Average(), se = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (batches - 1) / batches);
        Assert.True(Math.Abs(mean - predicted) < 3 * se, $"mean of batch variances {mean:G5} ± {se:G2} vs exact {predicted:G5}");
        int below = values.Count(v => v < predicted);
        Assert.True(below > batches / 2, $"{below} of {batches} batches below the exact value: expected a right-skewed estimator");
    }

    [Fact]
    public void FirstOrderPhi4MatchesBruteForceMonteCarloOfTheGaussianField()
    {
        // independent of the Wick-contraction code: draw an exactly Gaussian field whose covariance is the cutoff propagator on
        // the observation points and the box's midpoint grid (symmetric eigendecomposition), and estimate the first-order shift
        // d⟨O⟩/dλ = −Cov(O, ∫φ⁴) of eq. (135) directly; the only error is Monte Carlo (delta method), so a 30% error cannot pass
        var neuron = new ScalarNetNeuron(1, 1, 8, 1);
        var observation = new PointSet([[0.0], [0.5]]);
        var grid = PointSet.Grid(1, 12, -1, 1);
        double cell = 2.0 / 12;
        var all = observation.Concat(grid);
        int p = all.Count;
        var c = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(p, p, (i, j) => ScalarNetPropagator.Position(Math.Abs(all[i, 0] - all[j, 0]), 1, 1, 8));
        var evd = c.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        var root = evd.EigenVectors * MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DiagonalOfDiagonalArray(evd.EigenValues.Select(l => Math.Sqrt(Math.Max(l.Real, 0))).ToArray());
        var r = root.ToArray();
        var acc = new VectorMomentAccumulator(9);
        var rng = new RandomStream(17, 0);
        var z = new double[p]; var phi = new double[p];
        for (int s = 0; s < 200_000; s++)
        {
            for (int i = 0; i < p; i++) z[i] = rng.NextNormal();
            for (int i = 0; i < p; i++) { double v = 0; for (int j = 0; j < p; j++) v += r[i, j] * z[j]; phi[i] = v; }
            double integral = 0;
            for (int g = 2; g < p; g++) integral += phi[g] * phi[g] * phi[g] * phi[g];
            integral *= cell;
            double a = phi[0], b = phi[1];
            acc.Add([a * b, a * a, b * b, a * a * b * b, integral, a * b * integral, a * a * integral, b * b * integral, a * a * b * b * integral]);
        }
        // −Cov(φ0φ1, I), −Cov(φ0², I), and κ4(0,1,0,1) = E[φ0²φ1²] − 2G01² − G00G11 differentiated
        var g01 = DeltaMethod.Estimate(acc, m => -(m[5] - m[0] * m[4]));
        var g00 = DeltaMethod.Estimate(acc, m => -(m[6] - m[1] * m[4]));
        var g4c = DeltaMethod.Estimate(acc, m => -((m[8] - m[3] * m[4]) - 4 * m[0] * (m[5] - m[0] * m[4]) - m[2] * (m[6] - m[1] * m[4]) - m[1] * (m[7] - m[2] * m[4])));
        var expected = new[] { g01, g00, g4c };
        int[][] tuples = [[0, 1], [0, 0], [0, 1, 0, 1]];
        for (int t = 0; t < 3; t++)
        {
            double wick = Phi4Reweighting.FirstOrderPerUnitCoupling(neuron, observation, tuples[t], grid, cell);
            Assert.True(Math.Abs(expected[t].Pull(wick)) < 3, $"tuple {t}: Wick {wick:G6} vs Gaussian Monte Carlo {expected[t]}");
            Assert.True(expected[t].StandardError < 0.1 * Math.Abs(wick), $"tuple {t}: Monte Carlo {expected[t]} too coarse to test {wick:G6}");
        }
    }
}
