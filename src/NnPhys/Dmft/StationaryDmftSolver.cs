using NnPhys.Numerics;
using System.Diagnostics;
using System.Numerics;
using MathNet.Numerics.IntegralTransforms;
using NnPhys.Numerics.Sampling;
using NnPhys.Runs;

namespace NnPhys.Dmft;

/// <summary>The stationary DMFT solution (or the last iterate of a run that did not converge).</summary>
/// <param name="Lags">Lags τ = 0, h, …, MaxLag.</param>
/// <param name="Autocorrelation">C_x(τ) on <paramref name="Lags"/>.</param>
/// <param name="AutocorrelationError">Its Monte Carlo standard error (across paths).</param>
/// <param name="Response">R_x(τ) = ⟨χ(t+τ, t)⟩.</param>
/// <param name="PhiResponse">R_φ(τ) = ⟨φ′(x(t+τ))χ(t+τ, t)⟩.</param>
/// <param name="HorizonLags">Lags up to the correlation horizon.</param>
/// <param name="PhiCorrelation">C_φ(τ) on <paramref name="HorizonLags"/> (the self-consistent iterate).</param>
/// <param name="FullAutocorrelation">C_x(τ) on <paramref name="HorizonLags"/>.</param>
/// <param name="MeanX">⟨x⟩.</param>
/// <param name="MeanPhi">⟨φ(x)⟩.</param>
/// <param name="Converged">Residual below tolerance.</param>
/// <param name="Iterations">Iterations done.</param>
/// <param name="Residuals">Residual of every iteration.</param>
/// <param name="Seconds">Wall-clock seconds.</param>
public sealed record StationaryDmftSolution(double[] Lags, double[] Autocorrelation, double[] AutocorrelationError, double[] Response, double[] PhiResponse,
    double[] HorizonLags, double[] PhiCorrelation, double[] FullAutocorrelation, double MeanX, double MeanPhi, bool Converged, int Iterations,
    double[] Residuals, double Seconds)
{
    /// <summary>The last residual.</summary>
    public double Residual => Residuals.Length > 0 ? Residuals[^1] : double.NaN;
}

/// <summary>One application of the stationary map: path sums, the new C_φ and R_φ, and C_x (all lags on the horizon).</summary>
public sealed record StationaryMapResult(EffectivePathStatistics Stats, double[] PhiCorrelation, double[] PhiResponse, double[] Correlation);

/// <summary>A starting iterate for <see cref="StationaryDmftSolver.Solve"/>: C_φ on the correlation horizon, R_φ on the response lags, ⟨φ⟩.</summary>
public sealed record StationaryDmftGuess(double[] PhiCorrelation, double[] PhiResponse, double MeanPhi);

/// <summary>A DMFT solve that stopped above its tolerance.</summary>
public sealed class DmftNotConvergedException(string message) : NnPhysException(message);

/// <summary>
/// Stationary DMFT (SPEC §4) by Monte Carlo over effective paths with damped self-consistent iteration of C_φ(τ) and
/// R_φ(τ): each iteration draws the Gaussian field with covariance g²C_φ, runs <see cref="EffectiveProcess"/> paths in
/// parallel on the shared Monte Carlo engine (<see cref="ParallelSampler"/>; stream s is path pair s, reused every
/// iteration), measures C_φ, R_φ and mixes them into the iterate. Residual = max over τ of |measured − iterate|,
/// relative to C_φ(0) (and to max|R_φ| for the response); reported every iteration. The update is damped and
/// Anderson-accelerated (<see cref="AndersonMixing"/>; depth 0 gives the plain damped iteration).
/// </summary>
public static class StationaryDmftSolver
{
    /// <summary>Iterates to the tolerance or the iteration limit; never throws for non-convergence (see <see cref="StationaryDmftSolution.Converged"/>).</summary>
    public static StationaryDmftSolution Solve(StationaryDmftConfig config, IProgress<ProgressTick>? progress = null, CancellationToken cancellation = default,
        StationaryDmftGuess? guess = null)
    {
        config.Validate();
        var watch = Stopwatch.StartNew();
        double h = config.Step;
        int lags = (int)Math.Round(config.MaxLag / h) + 1, horizon = (int)Math.Round(config.CorrelationHorizon / h) + 1;
        var phiCorr = Enumerable.Range(0, horizon).Select(k => 0.5 * Math.Exp(-k * h * k * h / 8)).ToArray();
        var phiResp = Enumerable.Range(0, lags).Select(k => 0.5 * Math.Exp(-k * h)).ToArray();
        double meanPhi = 0;
        if (guess is not null)
        {
            if (guess.PhiCorrelation.Length != horizon || guess.PhiResponse.Length != lags)
                throw new InvalidConfigException($"The initial guess has {guess.PhiCorrelation.Length} correlation and {guess.PhiResponse.Length} response lags; this config needs {horizon} and {lags}.");
            phiCorr = (double[])guess.PhiCorrelation.Clone(); phiResp = (double[])guess.PhiResponse.Clone(); meanPhi = guess.MeanPhi;
        }
        var residuals = new List<double>();
        EffectivePathStatistics? last = null;
        bool converged = false;
        double[] cx = [], cxSquares = [];
        var mixing = new AndersonMixing(config.AndersonDepth, 1 - config.Damping);
        for (int it = 1; it <= config.MaxIterations; it++)
        {
            cancellation.ThrowIfCancellationRequested();
            var (stats, measuredC, measuredR) = Map(config, phiCorr, phiResp, meanPhi, cancellation);
            last = stats;
            double paths = stats.Paths;
            double scaleC = Math.Max(measuredC[0], 1e-300), scaleR = Math.Max(measuredR.Max(Math.Abs), 1e-300);
            double residual = 0;
            for (int k = 0; k < horizon; k++) residual = Math.Max(residual, Math.Abs(measuredC[k] - phiCorr[k]) / scaleC);
            if (config.Eta != 0) for (int k = 0; k < lags; k++) residual = Math.Max(residual, Math.Abs(measuredR[k] - phiResp[k]) / scaleR);
            if (measuredC[0] < 1e-10 && phiCorr[0] < 1e-10) residual = 0; // the quiescent state x = 0 (σ = 0, below the transition)
            residuals.Add(residual);
            double d = config.Damping;
            var next = mixing.Next([.. phiCorr, .. phiResp], [.. measuredC, .. measuredR]);
            phiCorr = next[..horizon]; phiResp = next[horizon..];
            meanPhi = d * meanPhi + (1 - d) * stats.MeanPhi / paths;
            cx = stats.Correlation.Select(v => v / paths).ToArray();
            cxSquares = stats.CorrelationSquares.Select(v => v / paths).ToArray();
            progress?.Report(new ProgressTick(Math.Min(1.0, (double)it / config.MaxIterations), $"iteration {it}: residual {residual:E3} (tolerance {config.Tolerance:E1}), C_x(0) = {cx[0]:G5}"));
            if (residual < config.Tolerance) { converged = true; break; }
        }
        var s = last!;
        double n = s.Paths;
        var se = cx.Select((c, k) => Math.Sqrt(Math.Max(cxSquares[k] - c * c, 0) / Math.Max(n - 1, 1))).ToArray();
        var response = s.Response.Select(v => v / Math.Max(s.Kicks, 1)).ToArray();
        var lagValues = Enumerable.Range(0, lags).Select(k => k * h).ToArray();
        return new StationaryDmftSolution(lagValues, cx[..lags], se[..lags], response, phiResp, Enumerable.Range(0, horizon).Select(k => k * h).ToArray(),
            phiCorr, cx, s.MeanX / n, meanPhi, converged, residuals.Count, [.. residuals], watch.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// One application of the stationary map: draws the field with covariance g²C_φ (+ g²⟨φ⟩²), runs the effective paths
    /// with memory kernel ηg²R_φ (common random numbers: the same streams every call, so the map is a deterministic,
    /// smooth function of its arguments) and returns the path sums with the measured C_φ (boundary condition applied) and R_φ.
    /// </summary>
    public static (EffectivePathStatistics Stats, double[] PhiCorrelation, double[] PhiResponse) Map(StationaryDmftConfig config, double[] phiCorr, double[] phiResp,
        double meanPhi, CancellationToken cancellation = default)
    {
        var m = MapWithCorrelation(config, phiCorr, phiResp, meanPhi, cancellation);
        return (m.Stats, m.PhiCorrelation, m.PhiResponse);
    }

    /// <summary><see cref="Map"/> that also returns C_x(τ) on the horizon (control-variate corrected when that is on).</summary>
    public static StationaryMapResult MapWithCorrelation(StationaryDmftConfig config, double[] phiCorr, double[] phiResp, double meanPhi, CancellationToken cancellation = default)
    {
        int lags = (int)Math.Round(config.MaxLag / config.Step) + 1, horizon = (int)Math.Round(config.CorrelationHorizon / config.Step) + 1;
        bool cv = config.ControlVariate;
        if (cv) meanPhi = 0; // odd φ: ⟨φ⟩ = 0 on the physical branch, and the twin's exact statistics assume a centred field
        var sqrtSpectrum = CirculantSquareRoot(phiCorr, meanPhi * meanPhi, config.Gain, EffectiveProcess.FieldSize(config));
        var stats = ParallelSampler.Run(new StreamRange(0, config.PathPairs), () => new EffectivePathStatistics(horizon, lags, cv),
            () => { var process = new EffectiveProcess(config, sqrtSpectrum, phiResp); return (random, s) => process.SamplePair(random, s); },
            config.Seed, cancellation: cancellation);
        double paths = stats.Paths, kicks = Math.Max(stats.Kicks, 1);
        var measuredC = stats.PhiCorrelation.Select(v => v / paths).ToArray();
        var measuredR = stats.PhiResponse.Select(v => v / kicks).ToArray();
        var cx = stats.Correlation.Select(v => v / paths).ToArray();
        if (cv)
        {
            var exact = TwinExact(config, sqrtSpectrum, horizon, lags);
            for (int k = 0; k < horizon; k++)
            {
                measuredC[k] += exact.PhiCorrelation[k] - stats.PhiCorrelation0[k] / paths;
                cx[k] += exact.Correlation[k] - stats.Correlation0[k] / paths;
            }
            for (int k = 0; k < lags; k++) measuredR[k] += exact.PhiResponse[k] - stats.PhiResponse0[k] / kicks;
        }
        ApplyBoundaryCondition(measuredC, cv ? 0 : stats.MeanPhi / paths);
        return new StationaryMapResult(stats, measuredC, measuredR, cx);
    }

    /// <summary>
    /// Exact statistics of the memory-free twin ẋ₀ = −x₀ + γ + σξ with the field's actual (circulant) covariance
    /// c(j) = Σ_k s_k² cos(2πjk/n): Δ₀(τ) = Σ_k s_k² cos(ω_k τ)/(1 + ω_k²) + σ²e^{−|τ|}/2 (continuous time), then
    /// C_φ(Δ₀(τ); Δ₀(0)) by Gaussian integrals (tabulated, spline) and R_φ = ⟨φ′⟩e^{−τ}.
    /// </summary>
    internal static (double[] Correlation, double[] PhiCorrelation, double[] PhiResponse) TwinExact(StationaryDmftConfig config, double[] sqrtSpectrum, int horizon, int lags)
    {
        int n = sqrtSpectrum.Length;
        double h = config.Step;
        var buffer = new Complex[n];
        for (int k = 0; k < n; k++)
        {
            double omega = 2 * Math.PI * Math.Min(k, n - k) / (n * h);
            buffer[k] = sqrtSpectrum[k] * sqrtSpectrum[k] / (1 + omega * omega);
        }
        Fourier.Forward(buffer, FourierOptions.NoScaling);
        var delta = new double[horizon];
        for (int j = 0; j < horizon; j++) delta[j] = buffer[j].Real + 0.5 * config.Noise * config.Noise * Math.Exp(-j * h);
        var theory = new ScsTheory(config.Gain, DmftActivations.Parse(config.Activation), 0.2);
        double d0 = Math.Max(delta[0], 1e-300);
        const int table = 161;
        var tx = new double[table]; var ty = new double[table];
        for (int t = 0; t < table; t++) { tx[t] = d0 * t / (table - 1); ty[t] = theory.PhiCorrelation(tx[t], d0); }
        var spline = MathNet.Numerics.Interpolation.CubicSpline.InterpolateNaturalSorted(tx, ty);
        var phiCorr = delta.Select(d => Math.Sign(d) * spline.Interpolate(Math.Min(Math.Abs(d), d0))).ToArray();
        double slope = theory.MeanSlope(d0);
        var phiResp = Enumerable.Range(0, lags).Select(k => slope * Math.Exp(-k * h)).ToArray();
        return (delta, phiCorr, phiResp);
    }

    /// <summary>
    /// Follows the physical (decaying) branch by continuation in η: starts from the SCS solution at η = 0 (σ = 0, odd φ,
    /// g &gt; 1: the theory selects the decaying solution exactly), then solves at η = k·η_target/steps, k = 0..steps, each
    /// seeded by the previous solution. Elsewhere (σ &gt; 0, even φ, g ≤ 1) it is a plain <see cref="Solve"/>.
    /// The stationary map at σ = 0 also has non-decaying fixed points (SCS's periodic and overshooting trajectories) which a
    /// cold start can land on; continuation keeps the iterate on the branch connected to SCS.
    /// </summary>
    public static StationaryDmftSolution SolveByContinuation(StationaryDmftConfig config, int steps = 4, IProgress<ProgressTick>? progress = null, CancellationToken cancellation = default)
    {
        config.Validate();
        var act = DmftActivations.Parse(config.Activation);
        if (config.Noise != 0 || config.Gain <= 1 || !ScsTheory.Supports(act)) return Solve(config, progress, cancellation);
        var theory = new ScsTheory(config.Gain, act);
        double d0 = theory.StationaryVariance(), h = config.Step;
        int lags = (int)Math.Round(config.MaxLag / h) + 1, horizon = (int)Math.Round(config.CorrelationHorizon / h) + 1;
        var delta = theory.Autocorrelation(d0, Enumerable.Range(0, horizon).Select(k => k * h).ToArray());
        double slope = theory.MeanSlope(d0);
        var guess = new StationaryDmftGuess(delta.Select(d => theory.PhiCorrelation(d, d0)).ToArray(), Enumerable.Range(0, lags).Select(k => slope * Math.Exp(-k * h)).ToArray(), 0);
        StationaryDmftSolution? s = null;
        double seconds = 0;
        var residuals = new List<double>();
        int n = config.Eta == 0 ? 0 : Math.Max(1, steps);
        for (int k = 0; k <= n; k++)
        {
            double eta = n == 0 ? 0 : config.Eta * k / n;
            var stage = config with { Eta = eta };
            s = Solve(stage, progress is null ? null : new Progress<ProgressTick>(t => progress.Report(t with { Status = $"η = {eta:G3}: {t.Status}" })), cancellation, guess);
            seconds += s.Seconds; residuals.AddRange(s.Residuals);
            if (!s.Converged && k < n) return s with { Seconds = seconds };
            guess = new StationaryDmftGuess(s.PhiCorrelation, s.PhiResponse, s.MeanPhi);
        }
        return s! with { Seconds = seconds };
    }

    /// <summary>
    /// The boundary condition C_φ(τ) → ⟨φ⟩² as τ → ∞ (SCS's Δ(∞) = 0 for odd φ): over the second half of the horizon the
    /// connected part C_φ − ⟨φ⟩² is multiplied by a raised-cosine window that reaches 0 at the horizon. Without it the
    /// iteration drifts along the slow direction of the nearby non-decaying (oscillating) solutions of the same equations.
    /// </summary>
    public static void ApplyBoundaryCondition(double[] phiCorrelation, double meanPhi)
    {
        int h = phiCorrelation.Length, start = h / 2;
        double m2 = meanPhi * meanPhi;
        for (int k = start; k < h; k++)
        {
            double w = 0.5 * (1 + Math.Cos(Math.PI * (k - start) / (h - 1 - start)));
            phiCorrelation[k] = m2 + w * (phiCorrelation[k] - m2);
        }
    }

    /// <summary>
    /// √(λ_k / n) for the circulant embedding of the covariance g²C_φ(τ): C_φ on its horizon, then tapered linearly over one
    /// more horizon to the constant ⟨φ⟩² (the disconnected part), mirrored; negative eigenvalues (truncation) clipped to 0.
    /// </summary>
    public static double[] CirculantSquareRoot(double[] phiCorrelation, double meanSquare, double gain, int size)
    {
        int horizon = phiCorrelation.Length;
        var c = new Complex[size];
        for (int j = 0; j <= size / 2; j++)
        {
            double v;
            if (j < horizon) v = phiCorrelation[j];
            else if (j < 2 * horizon) { double f = (double)(j - horizon) / horizon; v = (1 - f) * phiCorrelation[^1] + f * meanSquare; }
            else v = meanSquare;
            c[j] = gain * gain * v;
            if (j > 0 && j < size - j) c[size - j] = c[j];
        }
        Fourier.Forward(c, FourierOptions.NoScaling);
        return c.Select(z => Math.Sqrt(Math.Max(z.Real, 0) / size)).ToArray();
    }
}
