namespace NnPhys.Kan;

/// <summary>Least-squares spline coefficients: min_c Σ_p (Σ_m c_m B_m(x_p) − y_p)² + λ|c|², by the normal equations.</summary>
public static class LeastSquaresSpline
{
    /// <summary>The coefficients in <paramref name="basis"/> that best fit (x, y); a tiny ridge λ keeps empty cells well-posed.</summary>
    public static double[] Fit(BSplineBasis basis, IReadOnlyList<double> x, IReadOnlyList<double> y, double ridge = 1e-10)
    {
        int n = basis.Count;
        var a = new double[n, n];
        var rhs = new double[n];
        Span<double> b = stackalloc double[n];
        for (int p = 0; p < x.Count; p++)
        {
            basis.Evaluate(x[p], b);
            for (int r = 0; r < n; r++)
            {
                if (b[r] == 0) continue;
                rhs[r] += b[r] * y[p];
                for (int c = 0; c < n; c++) a[r, c] += b[r] * b[c];
            }
        }
        double scale = 0;
        for (int r = 0; r < n; r++) scale = Math.Max(scale, a[r, r]);
        for (int r = 0; r < n; r++) a[r, r] += ridge * Math.Max(scale, 1);
        return Solve(a, rhs);
    }

    /// <summary>Gaussian elimination with partial pivoting on a small dense system.</summary>
    static double[] Solve(double[,] a, double[] b)
    {
        int n = b.Length;
        for (int k = 0; k < n; k++)
        {
            int pivot = k;
            for (int r = k + 1; r < n; r++) if (Math.Abs(a[r, k]) > Math.Abs(a[pivot, k])) pivot = r;
            if (pivot != k)
            {
                for (int c = 0; c < n; c++) (a[k, c], a[pivot, c]) = (a[pivot, c], a[k, c]);
                (b[k], b[pivot]) = (b[pivot], b[k]);
            }
            for (int r = k + 1; r < n; r++)
            {
                double factor = a[r, k] / a[k, k];
                if (factor == 0) continue;
                for (int c = k; c < n; c++) a[r, c] -= factor * a[k, c];
                b[r] -= factor * b[k];
            }
        }
        var x = new double[n];
        for (int r = n - 1; r >= 0; r--)
        {
            double s = b[r];
            for (int c = r + 1; c < n; c++) s -= a[r, c] * x[c];
            x[r] = s / a[r, r];
        }
        return x;
    }
}
