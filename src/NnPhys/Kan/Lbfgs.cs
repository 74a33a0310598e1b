namespace NnPhys.Kan;

/// <summary>
/// Limited-memory BFGS (Nocedal &amp; Wright, Algorithm 7.4/7.5): the two-loop recursion over the last m curvature
/// pairs (s, y) with the initial scaling γ = sᵀy / yᵀy, and a backtracking line search on the Armijo condition.
/// Pairs with sᵀy ≤ 0 are skipped, which keeps the implicit Hessian positive definite. pykan trains KANs with L-BFGS.
/// </summary>
public static class Lbfgs
{
    /// <summary>Minimizes f from <paramref name="x"/> (updated in place); returns the final value.</summary>
    /// <param name="valueAndGradient">Returns f(x) and writes ∇f(x) into its second argument.</param>
    /// <param name="x">Start; overwritten with the minimizer found.</param>
    /// <param name="iterations">Maximum iterations.</param>
    /// <param name="memory">Curvature pairs kept (m).</param>
    /// <param name="tolerance">Stop when ‖∇f‖∞ falls below it.</param>
    public static double Minimize(Func<double[], double[], double> valueAndGradient, double[] x, int iterations, int memory = 10, double tolerance = 1e-12)
    {
        int n = x.Length;
        var g = new double[n];
        double f = valueAndGradient(x, g);
        var s = new List<double[]>();
        var y = new List<double[]>();
        var direction = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];
        var alpha = new double[memory];
        for (int it = 0; it < iterations; it++)
        {
            if (g.Max(Math.Abs) < tolerance || !double.IsFinite(f)) break;
            // two-loop recursion: direction = −H g
            g.CopyTo(direction, 0);
            for (int k = s.Count - 1; k >= 0; k--)
            {
                alpha[k] = Dot(s[k], direction) / Dot(y[k], s[k]);
                Axpy(-alpha[k], y[k], direction);
            }
            double gamma = s.Count > 0 ? Dot(s[^1], y[^1]) / Dot(y[^1], y[^1]) : 1 / Math.Max(1, Math.Sqrt(Dot(g, g)));
            for (int i = 0; i < n; i++) direction[i] *= gamma;
            for (int k = 0; k < s.Count; k++)
            {
                double beta = Dot(y[k], direction) / Dot(y[k], s[k]);
                Axpy(alpha[k] - beta, s[k], direction);
            }
            for (int i = 0; i < n; i++) direction[i] = -direction[i];
            double slope = Dot(g, direction);
            if (slope >= 0) { for (int i = 0; i < n; i++) direction[i] = -g[i]; slope = -Dot(g, g); s.Clear(); y.Clear(); }
            // backtracking Armijo line search
            double step = 1, fNew = double.NaN;
            bool accepted = false;
            for (int ls = 0; ls < 40; ls++)
            {
                for (int i = 0; i < n; i++) xNew[i] = x[i] + step * direction[i];
                fNew = valueAndGradient(xNew, gNew);
                if (double.IsFinite(fNew) && fNew <= f + 1e-4 * step * slope) { accepted = true; break; }
                step *= 0.5;
            }
            if (!accepted) break;
            var sk = new double[n];
            var yk = new double[n];
            for (int i = 0; i < n; i++) { sk[i] = xNew[i] - x[i]; yk[i] = gNew[i] - g[i]; }
            if (Dot(sk, yk) > 1e-12 * Math.Sqrt(Dot(sk, sk) * Dot(yk, yk)))
            {
                if (s.Count == memory) { s.RemoveAt(0); y.RemoveAt(0); }
                s.Add(sk); y.Add(yk);
            }
            xNew.CopyTo(x, 0); gNew.CopyTo(g, 0);
            f = fNew;
        }
        return f;
    }

    static double Dot(double[] a, double[] b) { double s = 0; for (int i = 0; i < a.Length; i++) s += a[i] * b[i]; return s; }
    static void Axpy(double a, double[] x, double[] y) { for (int i = 0; i < x.Length; i++) y[i] += a * x[i]; }
}
