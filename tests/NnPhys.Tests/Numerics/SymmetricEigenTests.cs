using NnPhys.Numerics;

namespace NnPhys.Tests.Numerics;

/// <summary>Symmetric eigendecomposition on each backend: analytic spectra, the defining identities, and backend agreement.</summary>
[Collection("BlasBackend")]
public class SymmetricEigenTests
{
    public static TheoryData<BlasBackend> Backends => BlasBackends.Available();

    [Theory, MemberData(nameof(Backends))]
    public void TwoByTwoMatchesHandComputation(BlasBackend backend)
    {
        // [[2, 1], [1, 2]]: λ = 1 with (1, −1)/√2, λ = 3 with (1, 1)/√2; signs fixed so the largest component is positive
        // (a tie here, broken towards the first component).
        var (values, vectors) = BlasBackends.With(backend, () => SymmetricEigen.Decompose(new Matrix<double>(2, 2, [2, 1, 1, 2])));
        Assert.Equal(1.0, values[0], 12); Assert.Equal(3.0, values[1], 12);
        double s = 1 / Math.Sqrt(2);
        Assert.Equal(s, vectors[0, 0], 12); Assert.Equal(-s, vectors[1, 0], 12);
        Assert.Equal(s, vectors[0, 1], 12); Assert.Equal(s, vectors[1, 1], 12);
    }

    [Theory, MemberData(nameof(Backends))]
    public void SecondDifferenceMatrixHasCosineSpectrum(BlasBackend backend)
    {
        // tridiag(−1, 2, −1) of size n: λ_k = 2 − 2 cos(kπ/(n+1)), v_k[j] ∝ sin(jkπ/(n+1)), k, j = 1..n.
        int n = 37;
        var a = new Matrix<double>(n, n);
        for (int i = 0; i < n; i++) { a[i, i] = 2; if (i > 0) a[i, i - 1] = a[i - 1, i] = -1; }
        var (values, vectors) = BlasBackends.With(backend, () => SymmetricEigen.Decompose(a));
        for (int k = 1; k <= n; k++)
        {
            Assert.Equal(2 - 2 * Math.Cos(k * Math.PI / (n + 1)), values[k - 1], 12);
            double norm = Math.Sqrt((n + 1) / 2.0), dot = 0;
            for (int j = 1; j <= n; j++) dot += vectors[j - 1, k - 1] * Math.Sin(j * k * Math.PI / (n + 1)) / norm;
            Assert.Equal(1.0, Math.Abs(dot), 10);
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void RandomMatrixSatisfiesDefiningIdentities(BlasBackend backend)
    {
        foreach (int n in new[] { 1, 2, 3, 8, 41 })
        {
            var a = BlasBackends.RandomSymmetric(new RandomStream(3, (ulong)n), n);
            var (values, v) = BlasBackends.With(backend, () => SymmetricEigen.Decompose(a));
            for (int j = 1; j < n; j++) Assert.True(values[j] >= values[j - 1], "eigenvalues must be ascending");
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    double av = 0, vtv = 0;
                    for (int p = 0; p < n; p++) { av += a[i, p] * v[p, j]; vtv += v[p, i] * v[p, j]; }
                    Assert.Equal(values[j] * v[i, j], av, 11);          // A·V = V·Λ
                    Assert.Equal(i == j ? 1.0 : 0.0, vtv, 12);          // VᵀV = I
                }
            double trace = 0, sum = 0;
            for (int i = 0; i < n; i++) { trace += a[i, i]; sum += values[i]; }
            Assert.Equal(trace, sum, 11);
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void DegenerateAndZeroMatricesDecompose(BlasBackend backend)
    {
        var (values, v) = BlasBackends.With(backend, () => SymmetricEigen.Decompose(Matrix<double>.Identity(5)));
        Assert.All(values, x => Assert.Equal(1.0, x, 14));
        var (zeros, _) = BlasBackends.With(backend, () => SymmetricEigen.Decompose(new Matrix<double>(4, 4)));
        Assert.All(zeros, x => Assert.Equal(0.0, x, 14));
        var (empty, ev) = BlasBackends.With(backend, () => SymmetricEigen.Decompose(new Matrix<double>(0, 0)));
        Assert.Empty(empty); Assert.Equal(0, ev.Rows);
    }

    [OpenBlasFact]
    public void BackendsAgreeOnValuesAndVectors()
    {
        var a = BlasBackends.RandomSymmetric(new RandomStream(9), 60);
        var managed = BlasBackends.With(BlasBackend.Managed, () => SymmetricEigen.Decompose(a));
        var lapack = BlasBackends.With(BlasBackend.OpenBlas, () => SymmetricEigen.Decompose(a));
        for (int j = 0; j < 60; j++) Assert.Equal(lapack.Values[j], managed.Values[j], 11);
        for (int i = 0; i < a.Data.Length; i++) Assert.Equal(lapack.Vectors.Data[i], managed.Vectors.Data[i], 9); // same sign convention
    }

    [Fact]
    public void BadInputIsRejectedWithClearMessages()
    {
        Assert.Throws<ArgumentException>(() => SymmetricEigen.Decompose(new Matrix<double>(2, 3)));
        var asym = new Matrix<double>(2, 2, [1, 2, 3, 4]);
        Assert.Contains("symmetric", Assert.Throws<NnPhysException>(() => SymmetricEigen.Decompose(asym)).Message);
        var nan = new Matrix<double>(2, 2, [1, double.NaN, double.NaN, 1]);
        Assert.Contains("NaN", Assert.Throws<NnPhysException>(() => SymmetricEigen.Decompose(nan)).Message);
    }
}
