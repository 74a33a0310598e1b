using NnPhys.Numerics;

namespace NnPhys.Tests.Numerics;

/// <summary>Cholesky factor and solve on each backend against hand-built factors, residuals, and each other.</summary>
[Collection("BlasBackend")]
public class CholeskyTests
{
    public static TheoryData<BlasBackend> Backends => BlasBackends.Available();

    [Theory, MemberData(nameof(Backends))]
    public void FactorRecoversAKnownLowerTriangle(BlasBackend backend)
    {
        // L = [[2,0,0],[1,3,0],[−1,2,4]] → A = L·Lᵀ = [[4,2,−2],[2,10,5],[−2,5,21]].
        var a = new Matrix<double>(3, 3, [4, 2, -2, 2, 10, 5, -2, 5, 21]);
        var l = BlasBackends.With(backend, () => Cholesky.Factor(a));
        double[] expected = [2, 0, 0, 1, 3, 0, -1, 2, 4];
        for (int i = 0; i < 9; i++) Assert.Equal(expected[i], l.Data[i], 13);
        Assert.Equal([4, 2, -2, 2, 10, 5, -2, 5, 21], a.Data); // input untouched
    }

    [Theory, MemberData(nameof(Backends))]
    public void SolveReproducesAKnownSolution(BlasBackend backend)
    {
        foreach (int n in new[] { 1, 2, 7, 50 })
        {
            var rng = new RandomStream(21, (ulong)n);
            var a = BlasBackends.RandomSpd(rng, n);
            var xTrue = new Matrix<double>(n, 3); rng.FillNormal(xTrue.Data);
            var b = new Matrix<double>(n, 3);
            for (int i = 0; i < n; i++) for (int j = 0; j < 3; j++) { double s = 0; for (int p = 0; p < n; p++) s += a[i, p] * xTrue[p, j]; b[i, j] = s; }
            var x = BlasBackends.With(backend, () => Cholesky.Solve(a, b));
            for (int i = 0; i < x.Data.Length; i++) Assert.Equal(xTrue.Data[i], x.Data[i], 10);
            var l = BlasBackends.With(backend, () => Cholesky.Factor(a));
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    if (j > i) Assert.Equal(0.0, l[i, j]);
                    double s = 0; for (int p = 0; p < n; p++) s += l[i, p] * l[j, p];
                    Assert.Equal(a[i, j], s, 9);
                }
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void NotPositiveDefiniteNamesTheFailingMinor(BlasBackend backend)
    {
        // Leading 1×1 minor 1 > 0, leading 2×2 minor 1·1 − 2·2 = −3 < 0.
        var a = new Matrix<double>(3, 3, [1, 2, 0, 2, 1, 0, 0, 0, 1]);
        var e = Assert.Throws<NnPhysException>(() => BlasBackends.With(backend, () => Cholesky.Solve(a, new Matrix<double>(3, 1))));
        Assert.Contains("not positive definite", e.Message);
        Assert.Contains("2×2 minor", e.Message);
    }

    [OpenBlasFact]
    public void BackendsAgree()
    {
        var rng = new RandomStream(4);
        var a = BlasBackends.RandomSpd(rng, 80);
        var b = new Matrix<double>(80, 5); rng.FillNormal(b.Data);
        var xm = BlasBackends.With(BlasBackend.Managed, () => Cholesky.Solve(a, b));
        var xo = BlasBackends.With(BlasBackend.OpenBlas, () => Cholesky.Solve(a, b));
        for (int i = 0; i < xm.Data.Length; i++) Assert.Equal(xo.Data[i], xm.Data[i], 12);
    }

    [Fact]
    public void BadShapesAndNaNAreRejected()
    {
        Assert.Throws<ArgumentException>(() => Cholesky.Factor(new Matrix<double>(2, 3)));
        Assert.Throws<ArgumentException>(() => Cholesky.Solve(Matrix<double>.Identity(3), new Matrix<double>(2, 1)));
        Assert.Contains("NaN", Assert.Throws<NnPhysException>(() => Cholesky.Factor(new Matrix<double>(1, 1, [double.NaN]))).Message);
    }
}
