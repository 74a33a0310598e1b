using NnPhys.FokkerPlanck.Pde;
using NnPhys.Numerics;
using CsCheck;

namespace NnPhys.Tests.FokkerPlanck.Pde;

/// <summary>
/// Property tests over random rough drifts, random space-dependent σ² (including σ² = 0), random boundary conditions and
/// random non-negative starts: total mass is conserved to round-off and P stays ≥ 0; the fast stepper equals the readable
/// reference P + dt·EvolutionRate(P).
/// </summary>
public class FokkerPlanckInvariantTests
{
    sealed record Problem(DensityField Density, FokkerPlanckOperator Operator);

    static Problem RandomProblem(ulong seed)
    {
        var rng = new RandomStream(seed, 31);
        int nx = 3 + rng.NextInt(18), ny = rng.NextInt(3) == 0 ? 1 : 3 + rng.NextInt(18);
        var bx = rng.NextInt(2) == 0 ? BoundaryCondition.ZeroFlux : BoundaryCondition.Periodic;
        var by = ny > 1 && rng.NextInt(2) == 0 ? BoundaryCondition.Periodic : BoundaryCondition.ZeroFlux;
        var grid = new Grid2D(-1, 1 + rng.NextDouble(), nx, -2, 0.5 + rng.NextDouble(), ny, bx, by);
        var drift = DriftField.Zero(grid);
        double scale = 5 * rng.NextDouble();
        for (int k = 0; k < drift.FaceX.Length; k++) drift.FaceX[k] = scale * (2 * rng.NextDouble() - 1);
        for (int k = 0; k < drift.FaceY.Length; k++) drift.FaceY[k] = scale * (2 * rng.NextDouble() - 1);
        var diffusion = DiffusionField.Constant(grid, 0);
        int kind = rng.NextInt(3); // 0: no diffusion, 1: constant, 2: random per cell
        for (int k = 0; k < grid.CellCount; k++)
        {
            diffusion.SigmaSquaredX[k] = kind == 0 ? 0 : kind == 1 ? 0.3 : 2 * rng.NextDouble();
            diffusion.SigmaSquaredY[k] = kind == 0 ? 0 : kind == 1 ? 0.3 : 2 * rng.NextDouble();
        }
        var values = new double[grid.CellCount];
        for (int k = 0; k < values.Length; k++) values[k] = rng.NextInt(4) == 0 ? 0 : rng.NextDouble();
        values[rng.NextInt(values.Length)] = 1; // never all zero
        return new Problem(new DensityField(grid, values), new FokkerPlanckOperator(drift, diffusion));
    }

    [Fact]
    public void MassIsConservedAndDensityStaysNonNegativeForRandomDrifts()
    {
        Gen.ULong.Sample(seed =>
        {
            var problem = RandomProblem(seed);
            double mass0 = problem.Density.Mass();
            var invariants = new InvariantsTracker();
            var report = PdeSolver.Evolve(problem.Density, problem.Operator, 0, 0.5,
                                                   new PdeSolverSettings(MinSubstepsPerUnitTime: 20), [invariants]);
            Assert.True(invariants.MaxRelativeMassDrift < 1e-13, $"mass drift {invariants.MaxRelativeMassDrift:E2} over {report.Substeps} substeps");
            Assert.True(invariants.MinDensity >= 0, $"negative density {invariants.MinDensity:E3}");
            Assert.Equal(mass0, problem.Density.Mass(), 1e-13 * mass0);
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void FastStepperEqualsReferenceEvolutionRate()
    {
        Gen.ULong.Sample(seed =>
        {
            var problem = RandomProblem(seed);
            var op = problem.Operator;
            double dt = 0.9 / op.MaxOutflowRate();
            var p = problem.Density.Values;
            var fast = new double[p.Length];
            new ExplicitFokkerPlanckStepper(op, dt).Step(p, fast);
            var rate = new double[p.Length];
            op.EvolutionRate(p, rate);
            double scale = problem.Density.Max();
            for (int k = 0; k < p.Length; k++) Assert.Equal(p[k] + dt * rate[k], fast[k], 1e-13 * scale);
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void StepBeyondPositivityBoundIsRefused()
    {
        var grid = Grid2D.Square(-1, 1, 8);
        var op = new FokkerPlanckOperator(DriftField.FromFunction(grid, (x, y) => (3, -2)), DiffusionField.Constant(grid, 0.1));
        var ex = Assert.Throws<NumericalInstabilityException>(() => new ExplicitFokkerPlanckStepper(op, 2 / op.MaxOutflowRate()));
        Assert.Contains("substeps", ex.Message);
    }

    [Fact]
    public void SolverRefinesSubstepsWhenTheBoundNeedsThemAndSaysSo()
    {
        var grid = Grid2D.Square(-1, 1, 40);
        var op = new FokkerPlanckOperator(DriftField.Zero(grid), DiffusionField.Constant(grid, 1.0)); // rate = 2·(½/h²)·2 = 800
        var report = PdeSolver.Evolve(DensityField.Gaussian(grid, 0, 0, 0.1, 0.1), op, 0, 1);
        Assert.True(report.RefinedForStability);
        Assert.Equal(100, report.MinimumSubsteps);
        Assert.Equal((int)Math.Ceiling(op.MaxOutflowRate() / 0.9), report.Substeps);
        Assert.Contains("refined", report.ToString());
    }
}
