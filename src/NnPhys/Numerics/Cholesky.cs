using System.Numerics.Tensors;

namespace NnPhys.Numerics;

/// <summary>
/// Cholesky factorisation <c>A = L·Lᵀ</c> of a symmetric positive-definite matrix and solves of <c>A·X = B</c>.
/// OpenBLAS backend: LAPACK <c>dpotrf</c>/<c>dpotrs</c>; managed backend: the row-oriented Cholesky–Banachiewicz
/// recurrence <c>L[i,j] = (A[i,j] − Σ_{p&lt;j} L[i,p] L[j,p]) / L[j,j]</c> and forward/back substitution.
/// Only the lower triangle of A is read. Chosen by <see cref="BlasProvider.Active"/>.
/// </summary>
public static class Cholesky
{
    /// <summary>The lower-triangular factor L (n×n, zeros above the diagonal) with A = L·Lᵀ. A is not modified.</summary>
    /// <exception cref="ArgumentException">A is not square.</exception>
    /// <exception cref="NnPhysException">A has NaN/infinite entries or is not positive definite (the message names the failing leading minor).</exception>
    public static Matrix<double> Factor(Matrix<double> a)
    {
        if (a.Rows != a.Cols) throw new ArgumentException($"Cholesky needs a square matrix, got {a.Rows}×{a.Cols}.", nameof(a));
        int n = a.Rows;
        CheckFinite(a.Data, n, "A");
        var l = new Matrix<double>(n, n);
        if (n == 0) return l;
        if (BlasProvider.Active == BlasBackend.OpenBlas)
        {
            var work = (double[])a.Data.Clone();
            int info = OpenBlas.Dpotrf(n, work);
            if (info > 0) throw NotPositiveDefinite(info, n);
            if (info < 0) throw new NnPhysException($"LAPACK dpotrf rejected argument {-info}; this is a bug in nnphys, please report it.");
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++) l.Data[i * n + j] = work[i * n + j];
            return l;
        }
        for (int i = 0; i < n; i++)
        {
            var li = l.Row(i);
            for (int j = 0; j <= i; j++)
            {
                // Σ_{p<j} L[i,p] L[j,p]: both rows are contiguous in row-major storage.
                double s = a.Data[i * n + j] - TensorPrimitives.Dot<double>(li[..j], l.Row(j)[..j]);
                if (i == j)
                {
                    if (!(s > 0)) throw NotPositiveDefinite(i + 1, n);
                    li[i] = Math.Sqrt(s);
                }
                else li[j] = s / l.Data[j * n + j];
            }
        }
        return l;
    }

    /// <summary>Solves A·X = B for X (n×r) with A symmetric positive definite (n×n) and B n×r. Inputs are not modified.</summary>
    /// <exception cref="ArgumentException">Shapes do not match.</exception>
    /// <exception cref="NnPhysException">A is not positive definite, or A or B has NaN/infinite entries.</exception>
    public static Matrix<double> Solve(Matrix<double> a, Matrix<double> b)
    {
        if (b.Rows != a.Rows) throw new ArgumentException($"Cholesky solve: A is {a.Rows}×{a.Cols} but B has {b.Rows} rows.", nameof(b));
        return SolveFactored(Factor(a), b);
    }

    /// <summary>Solves L·Lᵀ·X = B given the factor from <see cref="Factor"/> (only its lower triangle is read).</summary>
    /// <exception cref="ArgumentException">Shapes do not match.</exception>
    /// <exception cref="NnPhysException">B has NaN/infinite entries or L has a non-positive diagonal.</exception>
    public static Matrix<double> SolveFactored(Matrix<double> lower, Matrix<double> b)
    {
        int n = lower.Rows, r = b.Cols;
        if (lower.Cols != n) throw new ArgumentException($"Cholesky factor must be square, got {lower.Rows}×{lower.Cols}.", nameof(lower));
        if (b.Rows != n) throw new ArgumentException($"Cholesky solve: the factor is {n}×{n} but B has {b.Rows} rows.", nameof(b));
        CheckFinite(b.Data, r, "B");
        for (int i = 0; i < n; i++)
            if (!(lower.Data[i * n + i] > 0))
                throw new NnPhysException($"Cholesky factor has diagonal L[{i},{i}]={lower.Data[i * n + i]}; pass the output of Cholesky.Factor.");
        var x = b.Clone();
        if (n == 0 || r == 0) return x;
        if (BlasProvider.Active == BlasBackend.OpenBlas)
        {
            var colMajor = new double[n * r]; // (r, n): column j of B at [j*n, (j+1)*n)
            for (int i = 0; i < n; i++) for (int j = 0; j < r; j++) colMajor[j * n + i] = b.Data[i * r + j];
            int info = OpenBlas.Dpotrs(n, r, lower.Data, colMajor);
            if (info != 0) throw new NnPhysException($"LAPACK dpotrs rejected argument {-info}; this is a bug in nnphys, please report it.");
            for (int i = 0; i < n; i++) for (int j = 0; j < r; j++) x.Data[i * r + j] = colMajor[j * n + i];
            return x;
        }
        // Forward: L·Y = B, row by row: Y[i,:] = (B[i,:] − Σ_{p<i} L[i,p] Y[p,:]) / L[i,i].
        for (int i = 0; i < n; i++)
        {
            var xi = x.Row(i);
            for (int p = 0; p < i; p++) TensorPrimitives.MultiplyAdd(x.Row(p), -lower.Data[i * n + p], xi, xi);
            TensorPrimitives.Divide(xi, lower.Data[i * n + i], xi);
        }
        // Back: Lᵀ·X = Y: X[i,:] = (Y[i,:] − Σ_{p>i} L[p,i] X[p,:]) / L[i,i].
        for (int i = n - 1; i >= 0; i--)
        {
            var xi = x.Row(i);
            for (int p = i + 1; p < n; p++) TensorPrimitives.MultiplyAdd(x.Row(p), -lower.Data[p * n + i], xi, xi);
            TensorPrimitives.Divide(xi, lower.Data[i * n + i], xi);
        }
        return x;
    }

    static NnPhysException NotPositiveDefinite(int order, int n) =>
        new($"Cholesky: the matrix ({n}×{n}) is not positive definite — its leading {order}×{order} minor is not positive. " +
            "Check that it is a covariance/kernel matrix, or add a small diagonal jitter (e.g. 1e-10·trace/n).");

    static void CheckFinite(double[] data, int cols, string name)
    {
        for (int i = 0; i < data.Length; i++)
            if (!double.IsFinite(data[i]))
                throw new NnPhysException($"Cholesky: {name}[{i / Math.Max(cols, 1)},{i % Math.Max(cols, 1)}] is {data[i]}; remove NaN/infinite values first.");
    }
}
