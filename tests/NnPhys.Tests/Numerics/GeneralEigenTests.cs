using System.Numerics;
using NnPhys.Numerics;

namespace NnPhys.Tests.Numerics;

/// <summary>Non-symmetric eigenvalues on each backend (LAPACK dgeev, managed Hessenberg QR) against known spectra.</summary>
[Collection("BlasBackend")]
public class GeneralEigenTests
{
    public static TheoryData<BlasBackend> Backends => BlasBackends.Available();

    /// <summary>Each expected eigenvalue is matched to a distinct computed one within the tolerance (order-free:
    /// real parts equal up to round-off may sort either way).</summary>
    static void AssertSpectrum(Complex[] expected, Complex[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        var unused = actual.ToList();
        foreach (var e in expected)
        {
            var nearest = unused.MinBy(a => Complex.Abs(a - e));
            Assert.True(Complex.Abs(nearest - e) < tolerance, $"expected eigenvalue {e}; nearest computed is {nearest} (all: {string.Join(", ", actual)})");
            unused.Remove(nearest);
        }
        for (int i = 1; i < actual.Length; i++)
            Assert.True(actual[i].Real <= actual[i - 1].Real + 1e-9, "eigenvalues must be sorted by descending real part");
    }

    [Theory, MemberData(nameof(Backends))]
    public void RotationHasUnitModulusPair(BlasBackend backend)
    {
        // R(θ) = [[cos θ, −sin θ], [sin θ, cos θ]]: λ = e^(±iθ).
        double th = 0.7;
        var values = BlasBackends.With(backend, () => GeneralEigen.Eigenvalues([Math.Cos(th), -Math.Sin(th), Math.Sin(th), Math.Cos(th)], 2));
        AssertSpectrum([Complex.FromPolarCoordinates(1, th), Complex.FromPolarCoordinates(1, -th)], values, 1e-13);
    }

    [Theory, MemberData(nameof(Backends))]
    public void CompanionMatrixHasPolynomialRoots(BlasBackend backend)
    {
        // p(x) = (x − 3)(x − 1)(x + 2)(x² − 2x + 5) = x⁵ − 4x⁴ + 4x³ + 6x² − 37x + 30: roots 3, 1, 1 ± 2i, −2.
        double[] c = [30, -37, 6, 4, -4]; // p(x) = x⁵ + c₄x⁴ + … + c₀, c = (c₀, …, c₄)
        int n = 5;
        var a = new double[n * n];
        for (int i = 1; i < n; i++) a[i * n + i - 1] = 1;      // sub-diagonal ones
        for (int i = 0; i < n; i++) a[i * n + n - 1] = -c[i];  // last column −c_i
        var values = BlasBackends.With(backend, () => GeneralEigen.Eigenvalues(a, n));
        AssertSpectrum([3, new Complex(1, 2), 1, new Complex(1, -2), -2], values, 1e-10);
    }

    [Theory, MemberData(nameof(Backends))]
    public void TriangularMatrixHasItsDiagonalAndRandomMatrixKeepsTraceAndDeterminant(BlasBackend backend)
    {
        int n = 6;
        var rng = new RandomStream(11);
        var upper = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++) upper[i * n + j] = i == j ? n - i : rng.NextNormal();
        var tri = BlasBackends.With(backend, () => GeneralEigen.Eigenvalues(upper, n));
        AssertSpectrum(Enumerable.Range(0, n).Select(i => new Complex(n - i, 0)).ToArray(), tri, 1e-10);

        // Random 30×30: Σλ = tr A, and Π λ = det A (from the Gaussian-elimination determinant).
        int m = 30;
        var a = new double[m * m];
        rng.FillNormal(a);
        var values = BlasBackends.With(backend, () => GeneralEigen.Eigenvalues(a, m));
        double trace = 0; for (int i = 0; i < m; i++) trace += a[i * m + i];
        Complex sum = 0, logProduct = 0;
        foreach (var v in values) { sum += v; logProduct += Complex.Log(v); }
        Assert.Equal(trace, sum.Real, 9);
        Assert.Equal(0, sum.Imaginary, 9);
        Assert.Equal(Math.Log(Math.Abs(Determinant(a, m))), logProduct.Real, 8);
    }

    [Fact]
    public void BackendsAgreeAndBadInputIsRejected()
    {
        if (!BlasProvider.OpenBlasAvailable) return; // the per-backend tests above still check the managed path
        int n = 25;
        var a = new double[n * n];
        new RandomStream(5).FillNormal(a);
        var lapack = BlasBackends.With(BlasBackend.OpenBlas, () => GeneralEigen.Eigenvalues(a, n));
        var managed = BlasBackends.With(BlasBackend.Managed, () => GeneralEigen.Eigenvalues(a, n));
        AssertSpectrum(lapack, managed, 1e-9);
        Assert.Throws<ArgumentException>(() => GeneralEigen.Eigenvalues(new double[5], 2));
        Assert.Throws<NnPhysException>(() => GeneralEigen.Eigenvalues([1, double.NaN, 0, 1], 2));
    }

    static double Determinant(double[] source, int n)
    {
        var a = (double[])source.Clone();
        double det = 1;
        for (int k = 0; k < n; k++)
        {
            int p = k;
            for (int i = k + 1; i < n; i++) if (Math.Abs(a[i * n + k]) > Math.Abs(a[p * n + k])) p = i;
            if (p != k) { for (int j = 0; j < n; j++) (a[k * n + j], a[p * n + j]) = (a[p * n + j], a[k * n + j]); det = -det; }
            det *= a[k * n + k];
            for (int i = k + 1; i < n; i++)
            {
                double f = a[i * n + k] / a[k * n + k];
                for (int j = k; j < n; j++) a[i * n + j] -= f * a[k * n + j];
            }
        }
        return det;
    }
}
