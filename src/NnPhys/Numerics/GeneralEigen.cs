using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using DenseMatrix = MathNet.Numerics.LinearAlgebra.Double.DenseMatrix;

namespace NnPhys.Numerics;

/// <summary>
/// Eigenvalues of a real, not necessarily symmetric, square matrix (complex in conjugate pairs). OpenBLAS backend:
/// LAPACK <c>dgeev</c>; managed backend: MathNet.Numerics' nonsymmetric EVD (Hessenberg reduction + shifted QR, the
/// EISPACK hqr2 algorithm; Golub &amp; Van Loan, Matrix Computations, §7.5). Chosen by <see cref="BlasProvider.Active"/>.
/// For symmetric matrices use <see cref="SymmetricEigen"/> (real spectrum, eigenvectors, faster).
/// </summary>
public static class GeneralEigen
{
    /// <summary>
    /// Eigenvalues of the n×n matrix <paramref name="a"/> (row-major, not modified), sorted by descending real part,
    /// then descending imaginary part, so both backends list them in the same order.
    /// </summary>
    /// <exception cref="ArgumentException">a does not hold n·n entries, or n is negative.</exception>
    /// <exception cref="NnPhysException">An entry is NaN or infinite.</exception>
    /// <exception cref="NumericalInstabilityException">The QR iteration did not converge.</exception>
    public static Complex[] Eigenvalues(ReadOnlySpan<double> a, int n)
    {
        if (n < 0 || a.Length != (long)n * n)
            throw new ArgumentException($"The matrix has {a.Length} entries; an {n}×{n} matrix needs {(long)n * n} (row-major).", nameof(a));
        for (int i = 0; i < a.Length; i++)
            if (!double.IsFinite(a[i]))
                throw new NnPhysException($"General eigenvalues: entry ({i / n}, {i % n}) is {a[i]}; remove NaN/infinite values first.");
        var values = new Complex[n];
        if (n == 0) return values;
        if (BlasProvider.Active == BlasBackend.OpenBlas)
        {
            var work = a.ToArray();
            double[] wr = new double[n], wi = new double[n];
            int info = OpenBlas.Dgeev(n, work, wr, wi);
            if (info != 0)
                throw new NumericalInstabilityException($"LAPACK dgeev failed with info={info} on a {n}×{n} matrix; " +
                    "check the input for extreme values or retry with NNPHYS_BLAS=managed.");
            for (int j = 0; j < n; j++) values[j] = new Complex(wr[j], wi[j]);
        }
        else
        {
            var m = DenseMatrix.Create(n, n, 0);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    m[i, j] = a[i * n + j];
            var evd = m.Evd(Symmetricity.Asymmetric);
            for (int j = 0; j < n; j++) values[j] = evd.EigenValues[j];
        }
        Array.Sort(values, static (x, y) => x.Real != y.Real ? y.Real.CompareTo(x.Real) : y.Imaginary.CompareTo(x.Imaginary));
        return values;
    }

    /// <summary>Eigenvalues of <paramref name="a"/> (square); see <see cref="Eigenvalues(ReadOnlySpan{double}, int)"/>.</summary>
    /// <exception cref="ArgumentException">The matrix is not square.</exception>
    public static Complex[] Eigenvalues(Matrix<double> a)
    {
        if (a.Rows != a.Cols) throw new ArgumentException($"Eigenvalues need a square matrix, got {a.Rows}×{a.Cols}.", nameof(a));
        return Eigenvalues(a.Data, a.Rows);
    }

    /// <summary>The largest real part of the spectrum (the growth rate of x′ = A x), e.g. a stability test.</summary>
    public static double SpectralAbscissa(ReadOnlySpan<double> a, int n) => n == 0 ? double.NegativeInfinity : Eigenvalues(a, n)[0].Real;
}
