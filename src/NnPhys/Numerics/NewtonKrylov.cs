namespace NnPhys.Numerics;

/// <summary>Outcome of <see cref="Gmres.Solve"/>.</summary>
/// <param name="Solution">x.</param>
/// <param name="RelativeResidual">‖b − Ax‖ / ‖b‖ (from the Arnoldi recurrence).</param>
/// <param name="Iterations">Matrix–vector products used.</param>
public sealed record GmresResult(double[] Solution, double RelativeResidual, int Iterations);

/// <summary>
/// Restarted GMRES(m) for A x = b with A given only as a matrix–vector product (Saad &amp; Schultz 1986): Arnoldi with
/// modified Gram–Schmidt (one re-orthogonalisation pass), Givens rotations for the small least-squares problem.
/// </summary>
public static class Gmres
{
    /// <summary>Solves from x = 0 until ‖b − Ax‖ ≤ <paramref name="tolerance"/>·‖b‖ or <paramref name="maxIterations"/> products.</summary>
    public static GmresResult Solve(Func<double[], double[]> apply, double[] b, double tolerance = 1e-8, int restart = 30, int maxIterations = 300)
    {
        if (!(tolerance > 0)) throw new ArgumentOutOfRangeException(nameof(tolerance), "GMRES tolerance must be positive.");
        if (restart < 1 || maxIterations < 1) throw new ArgumentOutOfRangeException(nameof(restart), "GMRES restart and iteration limit must be ≥ 1.");
        int n = b.Length;
        var x = new double[n];
        double bNorm = Norm(b);
        if (bNorm == 0) return new GmresResult(x, 0, 0);
        int used = 0;
        double rel = 1;
        var r = (double[])b.Clone();
        while (used < maxIterations)
        {
            double beta = Norm(r);
            rel = beta / bNorm;
            if (rel <= tolerance) break;
            int m = Math.Min(restart, maxIterations - used);
            var v = new List<double[]> { Scale(r, 1 / beta) };
            var hess = new double[m + 1, m];
            var cs = new double[m]; var sn = new double[m]; var g = new double[m + 1];
            g[0] = beta;
            int k = 0;
            for (; k < m; k++)
            {
                var w = apply(v[k]); used++;
                for (int pass = 0; pass < 2; pass++)
                    for (int j = 0; j <= k; j++)
                    {
                        double hj = Dot(w, v[j]);
                        hess[j, k] += hj;
                        for (int i = 0; i < n; i++) w[i] -= hj * v[j][i];
                    }
                double hNext = Norm(w);
                hess[k + 1, k] = hNext;
                for (int j = 0; j < k; j++)
                {
                    double t = cs[j] * hess[j, k] + sn[j] * hess[j + 1, k];
                    hess[j + 1, k] = -sn[j] * hess[j, k] + cs[j] * hess[j + 1, k];
                    hess[j, k] = t;
                }
                double d = Math.Sqrt(hess[k, k] * hess[k, k] + hNext * hNext);
                cs[k] = d == 0 ? 1 : hess[k, k] / d; sn[k] = d == 0 ? 0 : hNext / d;
                hess[k, k] = d; hess[k + 1, k] = 0;
                g[k + 1] = -sn[k] * g[k]; g[k] = cs[k] * g[k];
                rel = Math.Abs(g[k + 1]) / bNorm;
                if (hNext == 0 || rel <= tolerance) { k++; break; }
                v.Add(Scale(w, 1 / hNext));
            }
            // back-substitution for the k coefficients
            var yk = new double[k];
            for (int i = k - 1; i >= 0; i--)
            {
                double s = g[i];
                for (int j = i + 1; j < k; j++) s -= hess[i, j] * yk[j];
                yk[i] = s / hess[i, i];
            }
            for (int j = 0; j < k; j++) for (int i = 0; i < n; i++) x[i] += yk[j] * v[j][i];
            if (rel <= tolerance) break;
            var ax = apply(x); used++;
            for (int i = 0; i < n; i++) r[i] = b[i] - ax[i];
        }
        return new GmresResult(x, rel, used);
    }

    internal static double Dot(double[] a, double[] b) { double s = 0; for (int i = 0; i < a.Length; i++) s += a[i] * b[i]; return s; }
    internal static double Norm(double[] a) => Math.Sqrt(Dot(a, a));
    static double[] Scale(double[] a, double f) { var r = new double[a.Length]; for (int i = 0; i < a.Length; i++) r[i] = a[i] * f; return r; }
}

/// <summary>One Newton step of <see cref="NewtonKrylov.Solve"/>.</summary>
/// <param name="Iteration">Newton iteration (1-based).</param>
/// <param name="Residual">‖G(u)‖_∞ after the step.</param>
/// <param name="LinearIterations">GMRES products in the step.</param>
/// <param name="LinearResidual">GMRES relative residual.</param>
/// <param name="StepLength">Line-search factor accepted (1 = full Newton step).</param>
public sealed record NewtonKrylovStep(int Iteration, double Residual, int LinearIterations, double LinearResidual, double StepLength);

/// <summary>Outcome of <see cref="NewtonKrylov.Solve"/>.</summary>
/// <param name="Solution">u with G(u) ≈ 0 (the last iterate if not converged).</param>
/// <param name="Residual">‖G(u)‖_∞.</param>
/// <param name="Converged">Residual ≤ tolerance.</param>
/// <param name="Steps">Every Newton step.</param>
/// <param name="Evaluations">Evaluations of G in all (including Jacobian–vector products).</param>
public sealed record NewtonKrylovResult(double[] Solution, double Residual, bool Converged, IReadOnlyList<NewtonKrylovStep> Steps, int Evaluations);

/// <summary>
/// Jacobian-free Newton–Krylov (Knoll &amp; Keyes 2004) for G(u) = 0: each Newton step solves J δ = −G(u) by
/// <see cref="Gmres"/> with J v ≈ (G(u + εv) − G(u))/ε, ε = √(machine ε)·(1 + ‖u‖)/‖v‖ (or the caller's
/// <c>relativeDifferenceStep</c> for a noisier G), forcing term η_k = <c>linearTolerance</c>, then a backtracking line search on ‖G‖₂.
/// Unlike a damped fixed-point iteration u ← u − G(u) it converges to unstable fixed points of u ↦ u − G(u) too.
/// </summary>
public static class NewtonKrylov
{
    /// <summary>Solves G(u) = 0 from <paramref name="initial"/>; never throws for non-convergence.</summary>
    public static NewtonKrylovResult Solve(Func<double[], double[]> residual, double[] initial, double tolerance, int maxIterations = 20,
        double linearTolerance = 1e-3, int restart = 40, int maxLinearIterations = 80, double relativeDifferenceStep = 1.5e-8,
        Action<NewtonKrylovStep>? report = null, CancellationToken cancellation = default)
    {
        var u = (double[])initial.Clone();
        var gu = residual(u);
        int evaluations = 1;
        var steps = new List<NewtonKrylovStep>();
        double res = MaxAbs(gu);
        for (int it = 1; it <= maxIterations && !(res <= tolerance); it++)
        {
            cancellation.ThrowIfCancellationRequested();
            double uNorm = Gmres.Norm(u);
            var current = u; var gCurrent = gu;
            double[] Jv(double[] v)
            {
                double vNorm = Gmres.Norm(v);
                if (vNorm == 0) return new double[v.Length];
                double eps = relativeDifferenceStep * (1 + uNorm) / vNorm;
                var up = new double[v.Length];
                for (int i = 0; i < v.Length; i++) up[i] = current[i] + eps * v[i];
                var gp = residual(up); evaluations++;
                for (int i = 0; i < v.Length; i++) gp[i] = (gp[i] - gCurrent[i]) / eps;
                return gp;
            }
            var rhs = gu.Select(v => -v).ToArray();
            var lin = Gmres.Solve(Jv, rhs, linearTolerance, restart, maxLinearIterations);
            double norm0 = Gmres.Norm(gu), lambda = 1;
            double[] trial = u, gTrial = gu;
            for (int ls = 0; ls < 8; ls++)
            {
                trial = new double[u.Length];
                for (int i = 0; i < u.Length; i++) trial[i] = u[i] + lambda * lin.Solution[i];
                gTrial = residual(trial); evaluations++;
                if (Gmres.Norm(gTrial) < (1 - 1e-4 * lambda) * norm0 || ls == 7) break;
                lambda /= 2;
            }
            u = trial; gu = gTrial; res = MaxAbs(gu);
            var step = new NewtonKrylovStep(it, res, lin.Iterations, lin.RelativeResidual, lambda);
            steps.Add(step); report?.Invoke(step);
        }
        return new NewtonKrylovResult(u, res, res <= tolerance, steps, evaluations);
    }

    static double MaxAbs(double[] a) { double m = 0; foreach (var v in a) m = Math.Max(m, Math.Abs(v)); return double.IsFinite(m) ? m : double.PositiveInfinity; }
}
