using System.Diagnostics;
using System.Numerics.Tensors;
using NnPhys.Numerics;
using NnPhys.Runs;

namespace NnPhys.Dmft;

/// <summary>
/// The two-time DMFT solution on the grid t_n = n·h: lower triangles (row n holds m = 0..n) of C_x(t_n, t_m),
/// C_φ(t_n, t_m), R_x(t_n, t_m) = ⟨χ(t_n, t_m)⟩ and R_φ(t_n, t_m) = ⟨φ′(x(t_n))χ(t_n, t_m)⟩ (zero beyond the memory
/// horizon), the means m(t) = ⟨x(t)⟩ and ⟨φ(x(t))⟩, and the self-consistency check.
/// </summary>
/// <param name="Times">t_n.</param>
/// <param name="Correlation">C_x(t_n, t_m), m ≤ n.</param>
/// <param name="PhiCorrelation">C_φ(t_n, t_m), m ≤ n (the field covariance is g² times this).</param>
/// <param name="Response">R_x(t_n, t_m), m ≤ n.</param>
/// <param name="PhiResponse">R_φ(t_n, t_m), m ≤ n.</param>
/// <param name="MeanX">m(t_n).</param>
/// <param name="MeanPhi">⟨φ(x(t_n))⟩.</param>
/// <param name="FieldCovarianceError">max over (n, m) of |(LLᵀ)_{nm} − g²C_φ(t_n, t_m)| / (g² max C_φ): how exactly the sampled
/// field had the self-consistent covariance (round-off and the diagonal jitter only; 0 would be exact).</param>
/// <param name="Seconds">Wall-clock seconds.</param>
public sealed record TwoTimeDmftSolution(double[] Times, double[][] Correlation, double[][] PhiCorrelation, double[][] Response, double[][] PhiResponse,
    double[] MeanX, double[] MeanPhi, double FieldCovarianceError, double Seconds)
{
    /// <summary>
    /// The time-translation average f(τ_k) = mean over t′ ∈ [burnIn, T − τ_k] of f(t′ + τ_k, t′), k = 0..maxLag/h: the stationary
    /// part of a two-time function once the transient has died out, and its standard deviation over t′ (a drift check).
    /// </summary>
    public (double[] Lags, double[] Mean, double[] Spread) Stationary(double[][] f, double burnIn, double maxLag)
    {
        double h = Times[1] - Times[0];
        int first = (int)Math.Round(burnIn / h), lags = (int)Math.Round(maxLag / h) + 1, last = Times.Length - 1;
        if (first + lags - 1 > last)
            throw new InvalidConfigException($"The stationary part needs burn-in + max lag ≤ duration: {burnIn} + {maxLag} > {Times[^1]}; raise --duration or lower --burn-in / --max-lag.");
        var mean = new double[lags]; var spread = new double[lags];
        for (int k = 0; k < lags; k++)
        {
            double s = 0, s2 = 0; int count = 0;
            for (int m = first; m + k <= last; m++) { double v = f[m + k][m]; s += v; s2 += v * v; count++; }
            mean[k] = s / count; spread[k] = Math.Sqrt(Math.Max(s2 / count - mean[k] * mean[k], 0));
        }
        return (Enumerable.Range(0, lags).Select(k => k * h).ToArray(), mean, spread);
    }
}

/// <summary>
/// Causal two-time DMFT (SPEC §4) from a given initial condition, by Monte Carlo over P effective single-site paths
/// <code>
///   ẋ(t) = −x(t) + γ(t) + ηg² ∫₀ᵗ R_φ(t, s) φ(x(s)) ds + σξ(t),   ⟨γ(t)γ(t′)⟩ = g²C_φ(t, t′),
///   ∂_t χ(t, s) = −χ(t, s) + ηg² ∫ₛᵗ R_φ(t, u) φ′(x(u)) χ(u, s) du + δ(t − s).
/// </code>
/// Everything is causal, so the self-consistency is built step by step instead of by iteration: at step n the paths are
/// known up to t_n; C_φ(t_n, t_m) (m ≤ n) is their average, which extends the Cholesky factor L of the field covariance
/// g²C_φ by one row (the row depends only on earlier rows), and γ(t_n) = Σ_m L_nm z_m with each path's own standard
/// normals z — so the field of every path has exactly the self-consistent covariance of the path ensemble (up to a
/// relative 1e-10 diagonal jitter that keeps the factor of a smooth, nearly singular covariance finite). The response
/// comes from one tangent path per path, kicked at every step by an independent random sign ε_m:
/// δx(t_n) = Σ_m χ(t_n, t_m) ε_m exactly (linear), so R_φ(t_n, t_m) = ⟨φ′(x(t_n)) δx(t_n) ε_m⟩ without bias. The step is
/// the exponential Adams–Bashforth 2 (second order, the −x part exact), the memory integrals are trapezoid sums cut at
/// the memory horizon, σξ enters as an exact Ornstein–Uhlenbeck increment. Cost O(P·T²) per solve, no iteration.
/// </summary>
public static class TwoTimeDmftSolver
{
    /// <summary>Relative diagonal jitter of the field covariance.</summary>
    public const double Jitter = 1e-10;

    /// <summary>Solves on [0, Duration].</summary>
    public static TwoTimeDmftSolution Solve(TwoTimeDmftConfig config, IProgress<ProgressTick>? progress = null, CancellationToken cancellation = default)
    {
        config.Validate();
        var watch = Stopwatch.StartNew();
        var phiFn = DmftActivations.Parse(config.Activation);
        int steps = config.TimePoints, p = config.Paths, memory = config.MemoryHorizon == 0 ? steps : (int)Math.Min(steps, Math.Round(config.MemoryHorizon / config.Step));
        double h = config.Step, g2 = config.Gain * config.Gain, eg2h = config.Eta * g2 * h, invP = 1.0 / p;
        double decay = Math.Exp(-h), e = 1 - decay, ab = (h - e) / h, noiseAmp = config.Noise * Math.Sqrt((1 - Math.Exp(-2 * h)) / 2);
        bool withMemory = config.Eta != 0;
        var random = new RandomStream(config.Seed, 0);
        // time-major histories, one row of P per time point
        var x = new double[steps][]; var phi = new double[steps][]; var z = new double[steps][];
        var eps = withMemory ? new double[steps][] : null; var gHist = withMemory ? new double[steps][] : null;
        var dx = new double[p]; var gFull = new double[p]; var f = new double[p]; var fPrev = new double[p]; var df = new double[p]; var dfPrev = new double[p];
        var gamma = new double[p]; var mem = new double[p]; var dmem = new double[p];
        // two halves of the paths, each driven by the other's statistics (cross-fitting; see the class remarks)
        int half = p / 2;
        int[] lo0 = [0, half], len0 = [half, p - half];
        var l = new double[2][][]; var cphiG = new double[2][][]; var rphiG = new double[2][][];
        for (int k = 0; k < 2; k++) { l[k] = new double[steps][]; cphiG[k] = new double[steps][]; rphiG[k] = new double[steps][]; }
        var cphi = new double[steps][]; var cx = new double[steps][]; var rx = new double[steps][]; var rphi = new double[steps][];
        var meanX = new double[steps]; var meanPhi = new double[steps];
        double worstCov = 0, scale = 0;
        x[0] = new double[p];
        for (int i = 0; i < p; i++) x[0][i] = config.Initial == "uniform" ? random.NextDouble() : Math.Sqrt(config.InitialVariance) * random.NextNormal();
        int perGroup = Math.Max(1, Math.Min(Environment.ProcessorCount, half / 256));
        for (int n = 0; n < steps; n++)
        {
            cancellation.ThrowIfCancellationRequested();
            var xn = x[n];
            var phin = phi[n] = new double[p];
            for (int i = 0; i < p; i++) phin[i] = phiFn.Evaluate(xn[i]);
            z[n] = new double[p];
            for (int i = 0; i < p; i++) z[n][i] = random.NextNormal();
            if (withMemory)
            {
                eps![n] = new double[p]; gHist![n] = new double[p];
                for (int i = 0; i < p; i++)
                {
                    double sign = (random.NextUInt64() & 1) == 0 ? -1 : 1;
                    eps[n][i] = sign; dx[i] += sign;                          // the kick at t_n: δx jumps by ε_n
                    double slope = phiFn.Derivative(xn[i]);
                    gFull[i] = slope * dx[i];
                    gHist[n][i] = slope * (dx[i] - 0.5 * sign);               // the kick's own integral starts at t_n: half weight there
                }
            }
            // row n of the two-time functions of each half: dot products over its paths
            int lo = Math.Max(0, n - memory);
            var cRows = new[] { cphiG[0][n] = new double[n + 1], cphiG[1][n] = new double[n + 1] };
            var rRows = new[] { rphiG[0][n] = new double[n + 1], rphiG[1][n] = new double[n + 1] };
            var cxRow = cx[n] = new double[n + 1]; var rxRow = rx[n] = new double[n + 1];
            var cxHalves = new[] { new double[n + 1], new double[n + 1] }; var rxHalves = new[] { new double[n + 1], new double[n + 1] };
            Parallel.For(0, 2 * perGroup, b =>
            {
                int k = b / perGroup, a = lo0[k], len = len0[k];
                double inv = 1.0 / len;
                for (int m = b % perGroup; m <= n; m += perGroup)
                {
                    cRows[k][m] = TensorPrimitives.Dot<double>(phin.AsSpan(a, len), phi[m].AsSpan(a, len)) * inv;
                    cxHalves[k][m] = TensorPrimitives.Dot<double>(xn.AsSpan(a, len), x[m].AsSpan(a, len)) * inv;
                    if (withMemory && m >= lo && m < n)
                    {
                        rRows[k][m] = TensorPrimitives.Dot<double>(gFull.AsSpan(a, len), eps![m].AsSpan(a, len)) * inv;
                        rxHalves[k][m] = TensorPrimitives.Dot<double>(dx.AsSpan(a, len), eps[m].AsSpan(a, len)) * inv;
                    }
                }
            });
            meanX[n] = TensorPrimitives.Sum<double>(xn) * invP; meanPhi[n] = TensorPrimitives.Sum<double>(phin) * invP;
            for (int k = 0; k < 2; k++)
            {
                double slopeMean = 0;
                for (int i = lo0[k]; i < lo0[k] + len0[k]; i++) slopeMean += phiFn.Derivative(xn[i]);
                slopeMean /= len0[k];
                rRows[k][n] = slopeMean; rxHalves[k][n] = 1;                // χ(t, t) = 1
                if (!withMemory)                                              // η = 0: χ(t, s) = e^{−(t−s)} on every path
                    for (int m = 0; m < n; m++) { rxHalves[k][m] = Math.Exp(-(n - m) * h); rRows[k][m] = slopeMean * rxHalves[k][m]; }
            }
            var cRow = cphi[n] = new double[n + 1]; var rRow = rphi[n] = new double[n + 1];
            for (int m = 0; m <= n; m++)
            {
                cRow[m] = 0.5 * (cRows[0][m] + cRows[1][m]); cxRow[m] = 0.5 * (cxHalves[0][m] + cxHalves[1][m]);
                rRow[m] = 0.5 * (rRows[0][m] + rRows[1][m]); rxRow[m] = 0.5 * (rxHalves[0][m] + rxHalves[1][m]);
            }
            // extend the Cholesky factor of each half's g²C_φ by row n
            for (int k = 0; k < 2; k++)
            {
                var lk = l[k]; var ck = cRows[k];
                var lRow = lk[n] = new double[n + 1];
                scale = Math.Max(scale, g2 * ck[n]);
                for (int m = 0; m < n; m++)
                {
                    double s = g2 * ck[m];
                    var lm = lk[m];
                    for (int j = 0; j < m; j++) s -= lRow[j] * lm[j];
                    lRow[m] = lm[m] > 0 ? s / lm[m] : 0;
                }
                double pivot = g2 * ck[n] * (1 + Jitter) + 1e-300;
                for (int j = 0; j < n; j++) pivot -= lRow[j] * lRow[j];
                lRow[n] = Math.Sqrt(Math.Max(pivot, 0));
                if (n % 16 == 0 || n == steps - 1)
                    for (int m = 0; m <= n; m++)
                    {
                        double s = 0; var lm = lk[m];
                        for (int j = 0; j <= m; j++) s += lRow[j] * lm[j];
                        worstCov = Math.Max(worstCov, Math.Abs(s - g2 * ck[m]));
                    }
            }
            if (n == steps - 1) break;
            // γ(t_n), the memory terms and the step to t_{n+1}, path block by path block; half k is driven by half 1 − k
            var xNext = x[n + 1] = new double[p];
            int step = n;
            Parallel.For(0, 2 * perGroup, b =>
            {
                int k = b / perGroup, other = 1 - k, j = b % perGroup;
                int chunk = (len0[k] + perGroup - 1) / perGroup, start = lo0[k] + j * chunk, len = Math.Min(chunk, lo0[k] + len0[k] - start);
                if (len <= 0) return;
                var lRow = l[other][step]; var rOther = rRows[other];
                var gb = gamma.AsSpan(start, len); gb.Clear();
                for (int m = 0; m <= step; m++)
                    if (lRow[m] != 0) TensorPrimitives.MultiplyAdd<double>(z[m].AsSpan(start, len), lRow[m], gb, gb);
                var mb = mem.AsSpan(start, len); mb.Clear();
                var db = dmem.AsSpan(start, len); db.Clear();
                if (withMemory)
                    for (int m = lo; m <= step; m++)
                    {
                        double w = eg2h * rOther[m] * (m == step || m == 0 ? 0.5 : 1);
                        TensorPrimitives.MultiplyAdd<double>(phi[m].AsSpan(start, len), w, mb, mb);
                        TensorPrimitives.MultiplyAdd<double>(gHist![m].AsSpan(start, len), w, db, db);
                    }
                for (int i = start; i < start + len; i++)
                {
                    double fi = gamma[i] + mem[i], fp = step == 0 ? fi : fPrev[i];
                    xNext[i] = decay * xn[i] + e * fi + ab * (fi - fp);
                    f[i] = fi;
                    if (withMemory)
                    {
                        double di = dmem[i], dp = step == 0 ? di : dfPrev[i];
                        dx[i] = decay * dx[i] + e * di + ab * (di - dp);
                        df[i] = di;
                    }
                }
            });
            if (noiseAmp > 0) for (int i = 0; i < p; i++) xNext[i] += noiseAmp * random.NextNormal();
            (f, fPrev) = (fPrev, f); (df, dfPrev) = (dfPrev, df);
            if (n % 20 == 0) progress?.Report(new ProgressTick((double)(n + 1) / steps, $"t = {n * h:F1}: C_x(t,t) = {cxRow[n]:G5}, m(t) = {meanX[n]:G4}"));
        }
        return new TwoTimeDmftSolution(Enumerable.Range(0, steps).Select(k => k * h).ToArray(), cx, cphi, rx, rphi, meanX, meanPhi,
            worstCov / Math.Max(scale, 1e-300), watch.Elapsed.TotalSeconds);
    }
}
