namespace NnPhys.Numerics;

/// <summary>
/// Managed symmetric eigensolver: (1) Householder reduction A = Q·T·Qᵀ to tridiagonal T, accumulating Q;
/// (2) implicit symmetric QR steps with Wilkinson shift on T (bulge chasing with Givens rotations), applying
/// each rotation to Q's columns; (3) sort ascending. Golub &amp; Van Loan, Matrix Computations (4th ed.),
/// Algorithms 8.3.1 (Householder tridiagonalisation) and 8.3.2 (implicit symmetric QR step). O(n³).
/// </summary>
internal static class ManagedSymmetricEigen
{
    /// <summary>Fills <paramref name="values"/> (ascending) and <paramref name="vectors"/> (eigenvectors as columns).</summary>
    public static void Decompose(Matrix<double> a, double[] values, Matrix<double> vectors)
    {
        int n = a.Rows;
        // Working copy symmetrised from the lower triangle, (n, n) row-major.
        var s = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
                s[i * n + j] = s[j * n + i] = a.Data[i * n + j];
        var q = Matrix<double>.Identity(n).Data; // (n, n), accumulates the orthogonal transformation
        var d = new double[n];                    // diagonal of T
        var e = new double[Math.Max(n - 1, 0)];   // sub-diagonal of T: e[i] = T[i+1, i]
        Tridiagonalize(s, q, d, e, n);
        ImplicitQr(d, e, q, n);
        SortAscending(d, q, n, values, vectors.Data);
    }

    /// <summary>Householder: for k = 0..n-3 zero column k below the sub-diagonal with H = I − β v vᵀ.</summary>
    static void Tridiagonalize(double[] s, double[] q, double[] d, double[] e, int n)
    {
        var v = new double[n];
        var w = new double[n];
        for (int k = 0; k < n - 2; k++)
        {
            int m = n - k - 1; // size of the trailing block S[k+1.., k+1..]
            double norm = 0;
            for (int i = 0; i < m; i++) norm += s[(k + 1 + i) * n + k] * s[(k + 1 + i) * n + k];
            norm = Math.Sqrt(norm);
            double x0 = s[(k + 1) * n + k];
            double alpha = x0 >= 0 ? -norm : norm; // H x = alpha e1, sign chosen to avoid cancellation
            for (int i = 0; i < m; i++) v[i] = s[(k + 1 + i) * n + k];
            v[0] -= alpha;
            double vv = 0;
            for (int i = 0; i < m; i++) vv += v[i] * v[i];
            if (vv == 0) continue; // column already reduced
            double beta = 2.0 / vv;

            // p = β S v; w = p − (β/2)(pᵀv) v; S ← S − v wᵀ − w vᵀ  (G&V eq. 8.3.1)
            double pv = 0;
            for (int i = 0; i < m; i++)
            {
                double sum = 0;
                int row = (k + 1 + i) * n + k + 1;
                for (int j = 0; j < m; j++) sum += s[row + j] * v[j];
                w[i] = beta * sum;
                pv += w[i] * v[i];
            }
            double half = 0.5 * beta * pv;
            for (int i = 0; i < m; i++) w[i] -= half * v[i];
            for (int i = 0; i < m; i++)
            {
                int row = (k + 1 + i) * n + k + 1;
                for (int j = 0; j < m; j++) s[row + j] -= v[i] * w[j] + w[i] * v[j];
            }
            s[(k + 1) * n + k] = s[k * n + k + 1] = alpha;
            for (int i = 1; i < m; i++) s[(k + 1 + i) * n + k] = s[k * n + k + 1 + i] = 0;

            // Q ← Q H on columns k+1..n-1: Q[r, :] −= β (Q[r, :]·v) vᵀ
            for (int r = 0; r < n; r++)
            {
                int row = r * n + k + 1;
                double dot = 0;
                for (int j = 0; j < m; j++) dot += q[row + j] * v[j];
                dot *= beta;
                if (dot == 0) continue;
                for (int j = 0; j < m; j++) q[row + j] -= dot * v[j];
            }
        }
        for (int i = 0; i < n; i++) d[i] = s[i * n + i];
        for (int i = 0; i < n - 1; i++) e[i] = s[(i + 1) * n + i];
    }

    /// <summary>Implicit QR with Wilkinson shift on the unreduced blocks of T, deflating from the bottom.</summary>
    static void ImplicitQr(double[] d, double[] e, double[] q, int n)
    {
        int hi = n - 1, iterations = 0, maxIterations = 30 * Math.Max(n, 1);
        while (hi > 0)
        {
            if (Negligible(e[hi - 1], d[hi - 1], d[hi])) { e[hi - 1] = 0; hi--; continue; }
            int lo = hi - 1;
            while (lo > 0 && !Negligible(e[lo - 1], d[lo - 1], d[lo])) lo--;
            if (++iterations > maxIterations)
                throw new NumericalInstabilityException($"Symmetric QR did not converge after {maxIterations} steps (n={n}); " +
                    "check the matrix for extreme dynamic range or use the OpenBLAS backend.");

            // Wilkinson shift: eigenvalue of the trailing 2×2 block closer to d[hi] (G&V eq. 8.3.2 preamble).
            double dd = 0.5 * (d[hi - 1] - d[hi]), eh = e[hi - 1];
            double mu = d[hi] - eh * eh / (dd + (dd >= 0 ? 1 : -1) * Hypot(dd, eh));
            double x = d[lo] - mu, z = e[lo];
            for (int k = lo; k < hi; k++)
            {
                double r = Hypot(x, z);
                double c = r == 0 ? 1 : x / r, sn = r == 0 ? 0 : z / r;
                if (k > lo) e[k - 1] = r; // the bulge below e[k-1] is annihilated
                double dk = d[k], dk1 = d[k + 1], ek = e[k];
                // Qᵀ T Q on rows/cols k, k+1 with q_k = c e_k + s e_{k+1}, q_{k+1} = −s e_k + c e_{k+1}
                d[k] = c * c * dk + 2 * c * sn * ek + sn * sn * dk1;
                d[k + 1] = sn * sn * dk - 2 * c * sn * ek + c * c * dk1;
                e[k] = c * sn * (dk1 - dk) + (c * c - sn * sn) * ek;
                if (k < hi - 1)
                {
                    z = sn * e[k + 1];   // new bulge at (k+2, k)
                    e[k + 1] *= c;
                    x = e[k];
                }
                for (int row = 0; row < n; row++)
                {
                    int i0 = row * n + k;
                    double qa = q[i0], qb = q[i0 + 1];
                    q[i0] = c * qa + sn * qb;
                    q[i0 + 1] = -sn * qa + c * qb;
                }
            }
        }
    }

    static bool Negligible(double off, double d0, double d1) =>
        Math.Abs(off) <= MachineEpsilon * (Math.Abs(d0) + Math.Abs(d1)) || Math.Abs(off) < 1e-300;

    const double MachineEpsilon = 2.220446049250313e-16; // 2^-52

    static double Hypot(double x, double y)
    {
        double ax = Math.Abs(x), ay = Math.Abs(y);
        double big = Math.Max(ax, ay), small = Math.Min(ax, ay);
        if (big == 0) return 0;
        double t = small / big;
        return big * Math.Sqrt(1 + t * t);
    }

    /// <summary>Writes eigenvalues ascending and permutes Q's columns to match.</summary>
    static void SortAscending(double[] d, double[] q, int n, double[] values, double[] vectors)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Array.Sort((double[])d.Clone(), order);
        for (int j = 0; j < n; j++)
        {
            values[j] = d[order[j]];
            for (int i = 0; i < n; i++) vectors[i * n + j] = q[i * n + order[j]];
        }
    }
}
