using NnPhys.FokkerPlanck.Pde;

namespace NnPhys.Tests.FokkerPlanck.Pde;

/// <summary>
/// The KPZ equation for V = −log P (fokker-planck-to-callan-symanzik eqs. 13–14), discretised by its own scheme and stepped by
/// the shared time loop (<see cref="PdeSolver"/>), must agree with
/// −log of the Fokker–Planck solution (up to a constant) where P is not negligible, and with the analytic OU potential.
/// </summary>
public class KpzTests
{
    [Fact]
    public void OrnsteinUhlenbeckPotentialMatchesAnalyticAndFokkerPlanck()
    {
        const double theta = 1.0, sigma2 = 0.5, t = 0.5, mean0 = 0.6, var0 = 0.3;
        var grid = new Grid1D(-5, 5, 200).ToGrid2D();
        var drift = DriftField.FromFunction(grid, (x, _) => (-theta * x, 0));
        var diffusion = DiffusionField.Constant(grid, sigma2);
        var p = DensityField.Gaussian(grid, mean0, 0.5, var0, 1);
        var v = KpzOperator.PotentialFromDensity(p);
        PdeSolver.Evolve(new ScalarField(drift.Grid, v), new KpzOperator(drift, diffusion), 0, t);
        PdeSolver.Evolve(p, new FokkerPlanckOperator(drift, diffusion), 0, t);
        var gap = KpzGap.Compare(v, p);
        Assert.True(gap.Rms < 5e-3 && gap.Max < 2e-2, $"KPZ vs −log P_FP: rms {gap.Rms:G3}, max {gap.Max:G3}");
        // Analytic: V = (x − m)²/(2 var) + const.
        double m = mean0 * Math.Exp(-theta * t), var = var0 * Math.Exp(-2 * theta * t) + sigma2 / (2 * theta) * (1 - Math.Exp(-2 * theta * t));
        var exact = new DensityField(grid, grid.Evaluate((x, _) => Math.Exp(-(x - m) * (x - m) / (2 * var))));
        var gapExact = KpzGap.Compare(v, exact);
        Assert.True(gapExact.Rms < 5e-3, $"KPZ vs analytic: rms {gapExact.Rms:G3}");
    }

    [Fact]
    public void TwoDimensionalNonlinearDriftKpzEqualsLogOfFokkerPlanck()
    {
        var grid = Grid2D.Square(-3, 3, 80);
        var drift = DriftField.FromFunction(grid, (x, y) => (-x + 0.4 * Math.Sin(y), -0.7 * y + 0.3 * x * x - 0.3));
        var diffusion = DiffusionField.FromFunction(grid, (x, y) => (0.4 + 0.1 * Math.Cos(x), 0.5));
        var p = DensityField.Gaussian(grid, 0.3, -0.2, 0.4, 0.3);
        var v = KpzOperator.PotentialFromDensity(p);
        PdeSolver.Evolve(new ScalarField(drift.Grid, v), new KpzOperator(drift, diffusion), 0, 0.5);
        PdeSolver.Evolve(p, new FokkerPlanckOperator(drift, diffusion), 0, 0.5);
        var gap = KpzGap.Compare(v, p);
        Assert.True(gap.CellsCompared > 500);
        Assert.True(gap.Rms < 0.03 && gap.Max < 0.12, $"rms {gap.Rms:G3}, max {gap.Max:G3}");
    }

    /// <summary>
    /// KPZ runs in the shared time loop: the planner applies the KPZ bound dt·rate ≤ 0.5·safety (here it forces more than
    /// the minimum substeps), the result equals a hand-written forward-Euler loop of <see cref="KpzOperator.EvolutionRate"/>
    /// with that many substeps bit for bit, and the density's trackers (snapshots) observe V too.
    /// </summary>
    [Fact]
    public void KpzUsesTheSharedLoopPlannerAndTrackers()
    {
        var grid = new Grid1D(-3, 3, 60).ToGrid2D();
        var drift = DriftField.FromFunction(grid, (x, _) => (-x, 0));
        var diffusion = DiffusionField.Constant(grid, 0.8);
        var kpz = new KpzOperator(drift, diffusion);
        var v0 = KpzOperator.PotentialFromDensity(DensityField.Gaussian(grid, 0.4, 0.5, 0.5, 1));
        var settings = new PdeSolverSettings(MinSubstepsPerUnitTime: 10);
        const double duration = 0.2;
        int expected = (int)Math.Ceiling(duration * kpz.MaxRate(v0) / (0.5 * 0.9));
        Assert.True(expected > 2, $"the bound should force refinement (expected {expected} substeps)");

        var v = (double[])v0.Clone();
        var snapshots = new SnapshotTracker([0.0, duration]);
        var report = PdeSolver.Evolve(new ScalarField(grid, v), kpz, 0, duration, settings, [snapshots]);
        Assert.Equal(expected, report.Substeps);
        Assert.True(report.RefinedForStability);

        var hand = (double[])v0.Clone();
        var rate = new double[hand.Length];
        double dt = duration / expected;
        for (int s = 0; s < expected; s++)
        {
            kpz.EvolutionRate(hand, rate);
            for (int k = 0; k < hand.Length; k++) hand[k] += dt * rate[k];
        }
        Assert.Equal(hand, v);
        Assert.Equal(2, snapshots.Snapshots.Count);
        Assert.Equal(v0, snapshots.Snapshots[0]);
        Assert.Equal(v, snapshots.Snapshots[1]);
    }

    [Fact]
    public void KpzBlowUpIsReportedByTheSharedLoop()
    {
        var grid = new Grid1D(-3, 3, 40).ToGrid2D();
        var kpz = new KpzOperator(DriftField.FromFunction(grid, (x, _) => (-x, 0)), DiffusionField.Constant(grid, 0.5));
        var v = KpzOperator.PotentialFromDensity(DensityField.Gaussian(grid, 0, 0.5, 0.5, 1));
        v[7] = double.NaN;
        var e = Assert.Throws<NumericalInstabilityException>(() => PdeSolver.Evolve(new ScalarField(grid, v), kpz, 0, 0.05));
        Assert.Contains("non-finite", e.Message);
    }

    /// <summary>
    /// Eq. (14) as derived, not eq. (13) as printed. For an Ornstein–Uhlenbeck drift D = −θw, constant σ² and a Gaussian
    /// V = w²/(2s) the exact rate is ∂V/∂t = θw²/s − σ²w²/(2s²) + σ²/(2s) − θ (from ds/dt = −2θs + σ²; the normalisation
    /// adds a w-independent part, so rates are compared after removing their means). The printed eq. (13) in 1-D reads
    /// +σ²w²/(2s²) − σ²/(2s) − θw²/s − θ: its (∂V)², ∂²V and D·∂V terms have the opposite sign. The operator must match the
    /// first and miss the second by far.
    /// </summary>
    [Fact]
    public void RateFollowsTheDerivedEquationNotThePrintedEquation13()
    {
        const double theta = 1.0, sigma2 = 0.6, s = 0.5;
        var grid = new Grid1D(-5, 5, 400).ToGrid2D();
        var kpz = new KpzOperator(DriftField.FromFunction(grid, (x, _) => (-theta * x, 0)), DiffusionField.Constant(grid, sigma2));
        var v = grid.Evaluate((x, _) => x * x / (2 * s));
        var rate = new double[v.Length];
        kpz.EvolutionRate(v, rate);
        var (code, derived, printed) = (new List<double>(), new List<double>(), new List<double>());
        for (int i = 0; i < grid.Nx; i++)
        {
            double w = grid.CellCenterX(i);
            if (Math.Abs(w) > 2) continue;
            code.Add(rate[i]);
            derived.Add(theta * w * w / s - sigma2 * w * w / (2 * s * s) + sigma2 / (2 * s) - theta);
            printed.Add(sigma2 * w * w / (2 * s * s) - sigma2 / (2 * s) - theta * w * w / s - theta);
        }
        static double[] Centred(List<double> a) { double m = a.Average(); return a.Select(x => x - m).ToArray(); }
        var (c, d, p) = (Centred(code), Centred(derived), Centred(printed));
        double toDerived = c.Zip(d, (a, b) => Math.Abs(a - b)).Max(), toPrinted = c.Zip(p, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(toDerived < 1e-6, $"operator vs derived eq. (14): {toDerived:G3}");
        Assert.True(toPrinted > 1, $"operator vs printed eq. (13): {toPrinted:G3}");
        // and the derived rate is the true one: it matches the uncentred exact rate up to the normalisation constant ṡ/(2s)
        Assert.Equal(derived[0] - code[0], derived[^1] - code[^1], 1e-6);
    }

    [Fact]
    public void GapIgnoresTheFreeConstant()
    {
        var grid = Grid2D.Square(-2, 2, 20);
        var p = DensityField.Gaussian(grid, 0, 0, 0.5, 0.5);
        var v = KpzOperator.PotentialFromDensity(p);
        for (int k = 0; k < v.Length; k++) v[k] += 3.7;
        var gap = KpzGap.Compare(v, p);
        Assert.Equal(0, gap.Rms, 1e-12);
        Assert.Equal(3.7, gap.Constant, 1e-12);
    }
}
