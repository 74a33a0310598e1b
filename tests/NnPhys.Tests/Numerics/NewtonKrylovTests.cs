using NnPhys.Numerics;

namespace NnPhys.Tests.Numerics;

/// <summary>GMRES against a planted solution; Jacobian-free Newton–Krylov on a system whose root is an unstable fixed point.</summary>
public class NewtonKrylovTests
{
    [Fact]
    public void GmresRecoversAPlantedSolutionOfANonsymmetricSystem()
    {
        const int n = 60;
        var random = new RandomStream(5);
        var a = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a[i * n + j] = (i == j ? 3 : 0) + random.NextNormal() / Math.Sqrt(n) + (j == i + 1 ? 1.5 : 0);
        var x = Enumerable.Range(0, n).Select(_ => random.NextNormal()).ToArray();
        double[] Apply(double[] v) { var r = new double[n]; for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) r[i] += a[i * n + j] * v[j]; return r; }
        var b = Apply(x);
        var result = Gmres.Solve(Apply, b, 1e-12, restart: 20, maxIterations: 400);
        Assert.True(result.RelativeResidual <= 1e-12, $"relative residual {result.RelativeResidual}");
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(result.Solution[i] - x[i]) < 1e-9, $"x[{i}] = {result.Solution[i]} vs {x[i]}");
        Assert.True(result.Iterations > 20, "with restart 20 the solve needs more than one cycle (restarts are exercised)");
    }

    [Fact]
    public void NewtonKrylovReachesAFixedPointThatTheIterationRunsAwayFrom()
    {
        // u = F(u) with F(u) = (2u₀ − u₀³/4 + 0.1u₁, 0.5u₁ + 0.2): fixed points u₀ ∈ {0, ±2}-ish; the one near u₀ ≈ 0.15 has F′ ≈ 2 > 1 (unstable).
        double[] F(double[] u) => [2 * u[0] - u[0] * u[0] * u[0] / 4 + 0.1 * u[1], 0.5 * u[1] + 0.2];
        double[] G(double[] u) { var f = F(u); return [u[0] - f[0], u[1] - f[1]]; }
        var start = new[] { 0.3, 0.0 };
        var plain = (double[])start.Clone();
        for (int i = 0; i < 20; i++) plain = F(plain);
        var result = NewtonKrylov.Solve(G, start, 1e-12, 30);
        Assert.True(result.Converged, $"residual {result.Residual}");
        // exact root: u₁ = 0.4, u₀ solves u₀ − u₀³/4 + 0.04 = 0 near −0.04
        double u0 = result.Solution[0];
        Assert.Equal(0.4, result.Solution[1], 10);
        Assert.True(Math.Abs(u0 - u0 * u0 * u0 / 4 + 0.04) < 1e-10 && Math.Abs(u0) < 0.1, $"u₀ = {u0}");
        Assert.False(Math.Abs(plain[0] - u0) < 0.1, $"the plain iteration should leave the unstable fixed point (ended at {plain[0]})");
    }

    [Fact]
    public void BadArgumentsThrow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Gmres.Solve(v => v, [1.0], tolerance: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gmres.Solve(v => v, [1.0], restart: 0));
    }
}
