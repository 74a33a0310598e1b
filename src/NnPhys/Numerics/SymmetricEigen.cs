namespace NnPhys.Numerics;

/// <summary>
/// Eigendecomposition of a real symmetric matrix, <c>A = V·diag(λ)·Vᵀ</c>. OpenBLAS backend: LAPACK
/// <c>dsyevd</c> (divide and conquer); managed backend: Householder tridiagonalisation followed by implicit
/// symmetric QR steps with Wilkinson shifts (Golub &amp; Van Loan, Matrix Computations, §8.3).
/// Chosen by <see cref="BlasProvider.Active"/>.
/// </summary>
public static class SymmetricEigen
{
    /// <summary>
    /// Decomposes the symmetric n×n matrix <paramref name="a"/> (not modified; only its lower triangle is used,
    /// after checking that it is symmetric to within 1e-8 of its largest entry).
    /// Returns the eigenvalues in ascending order and an n×n matrix whose COLUMN j is the unit eigenvector of
    /// eigenvalue j (so <c>A·V = V·diag(values)</c>, <c>VᵀV = I</c>). Sign convention: each eigenvector's
    /// largest-magnitude component is positive, so both backends return the same vectors when eigenvalues are distinct.
    /// </summary>
    /// <exception cref="ArgumentException">The matrix is not square.</exception>
    /// <exception cref="NnPhysException">The matrix has NaN/infinite entries or is not symmetric.</exception>
    /// <exception cref="NumericalInstabilityException">The iteration did not converge.</exception>
    public static (double[] Values, Matrix<double> Vectors) Decompose(Matrix<double> a)
    {
        Validate(a);
        int n = a.Rows;
        var values = new double[n];
        var vectors = new Matrix<double>(n, n);
        if (n == 0) return (values, vectors);
        if (BlasProvider.Active == BlasBackend.OpenBlas)
        {
            var work = (double[])a.Data.Clone();
            int info = OpenBlas.Dsyevd(n, work, values);
            if (info != 0)
                throw new NumericalInstabilityException($"LAPACK dsyevd failed with info={info} on a {n}×{n} matrix; " +
                    "check the input for extreme values or retry with NNPHYS_BLAS=managed.");
            // work (row-major view) holds eigenvector j in row j: transpose into columns.
            for (int j = 0; j < n; j++)
                for (int i = 0; i < n; i++)
                    vectors.Data[i * n + j] = work[j * n + i];
        }
        else
        {
            ManagedSymmetricEigen.Decompose(a, values, vectors);
        }
        FixSigns(vectors);
        return (values, vectors);
    }

    /// <summary>Eigenvalues only, ascending (same rules and exceptions as <see cref="Decompose"/>).</summary>
    public static double[] Eigenvalues(Matrix<double> a) => Decompose(a).Values;

    static void Validate(Matrix<double> a)
    {
        if (a.Rows != a.Cols) throw new ArgumentException($"Symmetric eigendecomposition needs a square matrix, got {a.Rows}×{a.Cols}.", nameof(a));
        int n = a.Rows;
        double maxAbs = 0;
        for (int i = 0; i < a.Data.Length; i++)
        {
            double v = a.Data[i];
            if (!double.IsFinite(v))
                throw new NnPhysException($"Symmetric eigendecomposition: entry ({i / n}, {i % n}) is {v}; remove NaN/infinite values first.");
            maxAbs = Math.Max(maxAbs, Math.Abs(v));
        }
        double tol = 1e-8 * maxAbs;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
                if (Math.Abs(a.Data[i * n + j] - a.Data[j * n + i]) > tol)
                    throw new NnPhysException($"Symmetric eigendecomposition: A[{i},{j}]={a.Data[i * n + j]} but A[{j},{i}]={a.Data[j * n + i]}; " +
                        "the matrix must be symmetric (symmetrise it with (A+Aᵀ)/2 if the asymmetry is round-off).");
    }

    /// <summary>Flips each column so that its largest-magnitude component is positive.</summary>
    static void FixSigns(Matrix<double> v)
    {
        int n = v.Rows;
        for (int j = 0; j < n; j++)
        {
            int best = 0; double bestAbs = -1;
            for (int i = 0; i < n; i++)
            {
                double x = Math.Abs(v.Data[i * n + j]);
                if (x > bestAbs * (1 + 1e-12)) { bestAbs = x; best = i; }
            }
            if (v.Data[best * n + j] < 0)
                for (int i = 0; i < n; i++) v.Data[i * n + j] = -v.Data[i * n + j];
        }
    }
}
