namespace NnPhys.Numerics;

/// <summary>
/// Anderson acceleration (type II; Walker &amp; Ni, SIAM J. Numer. Anal. 49, 1715 (2011)) of a damped fixed-point
/// iteration u ← u + β(G(u) − u). With history depth m it solves min‖f_k − ΔF γ‖ over the last m residual differences
/// and steps u ← u + βf − (ΔU + βΔF)γ. A slow (or mildly unstable) direction of the map, which plain damping
/// cannot remove, is removed by Anderson in a few iterations. Depth 0 is plain damping.
/// </summary>
public sealed class AndersonMixing(int depth, double beta)
{
    readonly List<double[]> _du = [], _df = [];
    double[]? _lastU, _lastF;

    /// <summary>The next iterate from the current one <paramref name="u"/> and its map value <paramref name="g"/> = G(u).</summary>
    public double[] Next(double[] u, double[] g)
    {
        int n = u.Length;
        var f = new double[n];
        for (int i = 0; i < n; i++) f[i] = g[i] - u[i];
        if (_lastU is not null)
        {
            _du.Add(u.Select((v, i) => v - _lastU[i]).ToArray());
            _df.Add(f.Select((v, i) => v - _lastF![i]).ToArray());
            if (_du.Count > depth) { _du.RemoveAt(0); _df.RemoveAt(0); }
        }
        _lastU = (double[])u.Clone(); _lastF = f;
        var next = new double[n];
        for (int i = 0; i < n; i++) next[i] = u[i] + beta * f[i];
        int m = _df.Count;
        if (m == 0 || depth == 0) return next;
        // normal equations (ΔFᵀΔF + λI) γ = ΔFᵀ f, solved by Gaussian elimination (m ≤ depth, small)
        var a = new double[m, m + 1];
        double trace = 0;
        for (int p = 0; p < m; p++)
        {
            for (int q = 0; q < m; q++) a[p, q] = Dot(_df[p], _df[q]);
            a[p, m] = Dot(_df[p], f);
            trace += a[p, p];
        }
        for (int p = 0; p < m; p++) a[p, p] += 1e-10 * trace / m;
        var gamma = Solve(a, m);
        if (gamma is null) return next;
        for (int j = 0; j < m; j++)
            for (int i = 0; i < n; i++) next[i] -= gamma[j] * (_du[j][i] + beta * _df[j][i]);
        return next;
    }

    static double Dot(double[] x, double[] y) { double s = 0; for (int i = 0; i < x.Length; i++) s += x[i] * y[i]; return s; }

    static double[]? Solve(double[,] a, int m)
    {
        for (int c = 0; c < m; c++)
        {
            int pivot = c;
            for (int r = c + 1; r < m; r++) if (Math.Abs(a[r, c]) > Math.Abs(a[pivot, c])) pivot = r;
            if (Math.Abs(a[pivot, c]) < 1e-300) return null;
            for (int k = 0; k <= m; k++) (a[c, k], a[pivot, k]) = (a[pivot, k], a[c, k]);
            for (int r = 0; r < m; r++)
            {
                if (r == c) continue;
                double factor = a[r, c] / a[c, c];
                for (int k = c; k <= m; k++) a[r, k] -= factor * a[c, k];
            }
        }
        var x = new double[m];
        for (int c = 0; c < m; c++) x[c] = a[c, m] / a[c, c];
        return x.All(double.IsFinite) ? x : null;
    }
}
