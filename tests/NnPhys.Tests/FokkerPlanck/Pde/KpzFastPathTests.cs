using NnPhys.FokkerPlanck.Pde;
using NnPhys.Numerics;

namespace NnPhys.Tests.FokkerPlanck.Pde;

/// <summary>
/// The KPZ right-hand side and stability rate are computed on a ghost-padded copy of V with a vectorised stencil; they must
/// equal the readable per-cell reference (neighbours through the ghost-cell rule) bit for bit, on walls and periodic axes, in
/// 1-D and 2-D, with both the central and the upwind transport branches in use, and for grid widths that leave a scalar tail.
/// The fused bilinear read of the probability-flow velocity must equal two calls of <see cref="GridInterpolation.Bilinear"/>.
/// </summary>
public class KpzFastPathTests
{
    public static TheoryData<int, int, BoundaryCondition, BoundaryCondition> Grids => new()
    {
        { 37, 29, BoundaryCondition.ZeroFlux, BoundaryCondition.ZeroFlux },
        { 32, 24, BoundaryCondition.Periodic, BoundaryCondition.ZeroFlux },
        { 19, 22, BoundaryCondition.ZeroFlux, BoundaryCondition.Periodic },
        { 16, 16, BoundaryCondition.Periodic, BoundaryCondition.Periodic },
        { 43, 1, BoundaryCondition.ZeroFlux, BoundaryCondition.ZeroFlux },
        { 2, 3, BoundaryCondition.ZeroFlux, BoundaryCondition.ZeroFlux },
    };

    [Theory]
    [MemberData(nameof(Grids))]
    public void FastRateAndMaxRateEqualTheReferenceBitForBit(int nx, int ny, BoundaryCondition bx, BoundaryCondition by)
    {
        var grid = new Grid2D(-2, 3, nx, -1.5, 2.5, ny, bx, by);
        // a drift strong on the left (upwind) and weak on the right where σ² is large (central): both branches are used
        var drift = DriftField.FromFunction(grid, (x, y) => (x < 0 ? -3 * x + Math.Sin(3 * y) : 0.05 * x, 1.5 * Math.Cos(2 * x) - y));
        var diffusion = DiffusionField.FromFunction(grid, (x, y) => (x < 0 ? 1e-6 : 0.8 + 0.1 * y, 0.3 + 0.2 * Math.Sin(x)));
        var kpz = new KpzOperator(drift, diffusion);
        var random = new RandomStream(5, 1);
        var v = new double[grid.CellCount];
        random.FillNormal(v, 0, 1);
        for (int k = 0; k < v.Length; k++) v[k] += 0.3 * (k % nx) * (k % nx) / nx;
        var fast = new double[v.Length]; var reference = new double[v.Length];
        for (int repeat = 0; repeat < 2; repeat++)   // the scratch buffer is reused on the second call
        {
            kpz.EvolutionRate(v, fast);
            kpz.EvolutionRateReference(v, reference);
            for (int k = 0; k < v.Length; k++)
                Assert.True(BitConverter.DoubleToInt64Bits(fast[k]) == BitConverter.DoubleToInt64Bits(reference[k]), $"cell {k}: {fast[k]:R} vs {reference[k]:R}");
            Assert.Equal(BitConverter.DoubleToInt64Bits(kpz.MaxRateReference(v)), BitConverter.DoubleToInt64Bits(kpz.MaxRate(v)));
            for (int k = 0; k < v.Length; k++) v[k] = 0.5 * v[k] - 0.1 * k / v.Length;
        }
        Assert.Contains(fast, r => r != 0);
    }

    [Fact]
    public void FusedVelocityReadEqualsTwoBilinearInterpolations()
    {
        foreach (var grid in new[] { new Grid2D(-1, 2, 23, -2, 1, 17), new Grid1D(-1, 2, 23).ToGrid2D() })
        {
            var driftX = grid.Evaluate((x, y) => Math.Sin(2 * x) + y * y);
            var driftY = grid.IsOneDimensional ? new double[grid.CellCount] : grid.Evaluate((x, y) => x * y - Math.Cos(y));
            var velocity = new ProbabilityFlowVelocity(grid, driftX, driftY, DiffusionField.Constant(grid, 1e-22));
            var random = new RandomStream(11, 2);
            for (int s = 0; s < 500; s++)
            {
                double x = -1.5 + 4 * random.NextDouble(), y = -2.5 + 4 * random.NextDouble();   // inside and beyond the box
                var (vx, vy) = velocity.At(x, y);
                Assert.Equal(GridInterpolation.Bilinear(grid, velocity.X, x, y), vx);
                Assert.Equal(GridInterpolation.Bilinear(grid, velocity.Y, x, y), vy);
            }
        }
    }
}
