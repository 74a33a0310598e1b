using System.Numerics;
using System.Numerics.Tensors;

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
        // qt = Qᵀ, (n, n): row j is column j of the accumulated orthogonal Q, so every update below touches
        // whole contiguous rows (vectorised, cache-friendly) instead of strided columns.
        var qt = Matrix<double>.Identity(n).Data;
        var d = new double[n];                    // diagonal of T
        var e = new double[Math.Max(n - 1, 0)];   // sub-diagonal of T: e[i] = T[i+1, i]
        Tridiagonalize(s, qt, d, e, n);
        ImplicitQr(d, e, qt, n);
        SortAscending(d, qt, n, values, vectors.Data);
    }

    /// <summary>Householder: for k = 0..n-3 zero column k below the sub-diagonal with H = I − β v vᵀ.</summary>
    static void Tridiagonalize(double[] s, double[] qt, double[] d, double[] e, int n)
    {
        var v = new double[n];
        var w = new double[n];
        var qv = new double[n];
        for (int k = 0; k < n - 2; k++)
        {
            int m = n - k - 1; // size of the trailing block S[k+1.., k+1..]
            // x = S[k+1.., k] equals S[k, k+1..] (symmetric), a contiguous row segment.
            var x = s.AsSpan(k * n + k + 1, m);
            double norm = Math.Sqrt(TensorPrimitives.Dot<double>(x, x));
            double alpha = x[0] >= 0 ? -norm : norm; // H x = alpha e1, sign chosen to avoid cancellation
            var vm = v.AsSpan(0, m);
            x.CopyTo(vm);
            vm[0] -= alpha;
            double vv = TensorPrimitives.Dot<double>(vm, vm);
            if (vv == 0) continue; // column already reduced
            double beta = 2.0 / vv;

            // p = β S v; w = p − (β/2)(pᵀv) v; S ← S − v wᵀ − w vᵀ  (G&V §8.3.1)
            var wm = w.AsSpan(0, m);
            for (int i = 0; i < m; i++) wm[i] = beta * TensorPrimitives.Dot<double>(s.AsSpan((k + 1 + i) * n + k + 1, m), vm);
            double half = 0.5 * beta * TensorPrimitives.Dot<double>(wm, vm);
            TensorPrimitives.MultiplyAdd(vm, -half, wm, wm);
            for (int i = 0; i < m; i++)
            {
                var row = s.AsSpan((k + 1 + i) * n + k + 1, m);
                TensorPrimitives.MultiplyAdd(wm, -vm[i], row, row); // − v_i w
                TensorPrimitives.MultiplyAdd(vm, -wm[i], row, row); // − w_i v
            }
            for (int i = 0; i < m; i++) s[(k + 1 + i) * n + k] = s[k * n + k + 1 + i] = 0;
            s[(k + 1) * n + k] = s[k * n + k + 1] = alpha;

            // Q ← Q H, i.e. rows k+1.. of Qᵀ: qt[k+1+j, :] −= β v_j (Σ_i v_i qt[k+1+i, :]).
            var acc = qv.AsSpan();
            acc.Clear();
            for (int i = 0; i < m; i++) TensorPrimitives.MultiplyAdd(qt.AsSpan((k + 1 + i) * n, n), vm[i], acc, acc);
            for (int j = 0; j < m; j++)
            {
                var row = qt.AsSpan((k + 1 + j) * n, n);
                TensorPrimitives.MultiplyAdd(acc, -beta * vm[j], row, row);
            }
        }
        for (int i = 0; i < n; i++) d[i] = s[i * n + i];
        for (int i = 0; i < n - 1; i++) e[i] = s[(i + 1) * n + i];
    }

    /// <summary>Implicit QR with Wilkinson shift on the unreduced blocks of T, deflating from the bottom.</summary>
    static void ImplicitQr(double[] d, double[] e, double[] qt, int n)
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

            // Wilkinson shift: eigenvalue of the trailing 2×2 block closer to d[hi] (G&V Algorithm 8.3.2).
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
                Rotate(qt.AsSpan(k * n, n), qt.AsSpan((k + 1) * n, n), c, sn);
            }
        }
    }

    /// <summary>(u, v) ← (c·u + s·v, −s·u + c·v) elementwise: a Givens rotation of two rows of Qᵀ.</summary>
    static void Rotate(Span<double> u, Span<double> v, double c, double s)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vc = new Vector<double>(c); var vs = new Vector<double>(s);
            for (; i <= u.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var a = new Vector<double>(u[i..]); var b = new Vector<double>(v[i..]);
                (vc * a + vs * b).CopyTo(u[i..]);
                (vc * b - vs * a).CopyTo(v[i..]);
            }
        }
        for (; i < u.Length; i++)
        {
            double a = u[i], b = v[i];
            u[i] = c * a + s * b;
            v[i] = c * b - s * a;
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

    /// <summary>Writes eigenvalues ascending and the matching rows of Qᵀ as columns of <paramref name="vectors"/>.</summary>
    static void SortAscending(double[] d, double[] qt, int n, double[] values, double[] vectors)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Array.Sort((double[])d.Clone(), order);
        for (int j = 0; j < n; j++)
        {
            values[j] = d[order[j]];
            for (int i = 0; i < n; i++) vectors[i * n + j] = qt[order[j] * n + i];
        }
    }
}
