using NnPhys.FokkerPlanck;
using NnPhys.FokkerPlanck.Pde;

namespace NnPhys.Tests.FokkerPlanck;

/// <summary>
/// The drift-only limit (fokker-planck-to-callan-symanzik eqs. 15–26): the solver's pure-drift density equals the
/// method-of-characteristics solution of eq. (23), and the stationary 1-D density of a one-signed drift is P ∝ 1/G (eq. 26).
/// </summary>
public class CallanSymanzikTests
{
    static (double X, double Y) Drift(double x, double y) => (-x + 0.3 * Math.Sin(2 * y), -0.6 * y + 0.4 * x);
    static double Divergence(double x, double y) => -1 - 0.6;
    static double Initial(double x, double y) => Math.Exp(-((x - 0.8) * (x - 0.8) + (y + 0.5) * (y + 0.5)) / (2 * 0.15)) / (2 * Math.PI * 0.15);

    static double L1ErrorVsCharacteristics(int n)
    {
        const double t = 0.8;
        var grid = Grid2D.Square(-2.5, 2.5, n);
        var p = DensityField.FromFunction(grid, Initial);
        var op = new FokkerPlanckOperator(DriftField.FromFunction(grid, Drift), DiffusionField.Constant(grid, 0));
        PdeSolver.Evolve(p, op, 0, t);
        double error = 0;
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++)
            {
                double exact = CallanSymanzik.TransportedDensity(Initial, Drift, Divergence, grid.CellCenterX(i), grid.CellCenterY(j), t, 50);
                error += Math.Abs(p.Values[grid.Index(i, j)] - exact) * grid.CellArea;
            }
        return error;
    }

    [Fact]
    public void PureDriftDensityFollowsTheCharacteristicsOfEquation23()
    {
        // Upwind is first order: the L1 error must shrink ≈ 2× per halving of h and be small on the fine grid.
        double coarse = L1ErrorVsCharacteristics(50), fine = L1ErrorVsCharacteristics(100);
        Assert.True(fine < 0.2, $"L1 error {fine:G3}");
        Assert.InRange(coarse / fine, 1.6, 2.4);
    }

    [Fact]
    public void AlongCharacteristicMatchesLinearFlowClosedForm()
    {
        // G = −λw: w(s) = w₀e^{−λs}, ∇·G = −2λ, so P(w(s))/P₀ = e^{2λs}.
        const double lambda = 0.7, s = 1.3;
        var (x, y, factor) = CallanSymanzik.AlongCharacteristic((a, b) => (-lambda * a, -lambda * b), (_, _) => -2 * lambda, 0.5, -1.0, s);
        Assert.Equal(0.5 * Math.Exp(-lambda * s), x, 1e-9);
        Assert.Equal(-1.0 * Math.Exp(-lambda * s), y, 1e-9);
        Assert.Equal(Math.Exp(2 * lambda * s), factor, 1e-8);
        Assert.Equal([0.0, 1.4, -2.8], CallanSymanzik.Beta([0.0, 0.7, -1.4], 2.0));
    }

    [Fact]
    public void StationaryDensityOfAOneSignedDriftIsInverseG()
    {
        // A periodic 1-D ring with G(w) = 1 + 0.5 sin w > 0 and a tiny σ²: the flux GP − ½(σ²P)' is constant at stationarity,
        // so P → const/G (eq. 26) as σ², h → 0. Expected deviation: O(h·|G'|/G) from upwind plus O(σ²|G'|/G²).
        static double G(double w) => 1 + 0.5 * Math.Sin(w);
        var line = new Grid1D(0, 2 * Math.PI, 400, BoundaryCondition.Periodic);
        var grid = line.ToGrid2D();
        var p = DensityField.FromFunction(grid, (_, _) => 1);
        var op = new FokkerPlanckOperator(DriftField.FromFunction(grid, (x, _) => (G(x), 0)), DiffusionField.Constant(grid, 0.004));
        PdeSolver.Evolve(p, op, 0, 900);
        var expected = CallanSymanzik.StationaryDensity1D(line, G);
        double worst = 0;
        for (int i = 0; i < line.N; i++) worst = Math.Max(worst, Math.Abs(p.Values[i] - expected[i]) / expected[i]);
        Assert.True(worst < 0.025, $"largest relative deviation from const/G: {worst:G3}");
        Assert.Throws<InvalidConfigException>(() => CallanSymanzik.StationaryDensity1D(line, Math.Sin));
    }
}
