using NnPhys.Numerics.Sampling;

namespace NnPhys.Dmft;

/// <summary>
/// Sums over effective paths of one DMFT iteration: C_φ(τ), C_x(τ) (per-path time averages, with their squares for
/// standard errors), R_x(τ), R_φ(τ) (sums over kicks), and ⟨x⟩, ⟨φ⟩. Merged in chunk order by <see cref="ParallelSampler"/>.
/// </summary>
public sealed class EffectivePathStatistics : ISampleObserver<EffectivePathStatistics>
{
    /// <summary>Σ over paths of the path's time-averaged φ(t)φ(t+τ), τ = 0..horizon.</summary>
    public double[] PhiCorrelation { get; }
    /// <summary>Σ over paths of the time-averaged x(t)x(t+τ).</summary>
    public double[] Correlation { get; }
    /// <summary>Σ over paths of its square (for the standard error).</summary>
    public double[] CorrelationSquares { get; }
    /// <summary>Σ over kicks of δx(s+τ), τ = 0..MaxLag.</summary>
    public double[] Response { get; }
    /// <summary>Σ over kicks of φ′(x(s+τ))δx(s+τ).</summary>
    public double[] PhiResponse { get; }
    /// <summary>Control variate (<see cref="StationaryDmftConfig.ControlVariate"/>): the same sums for the memory-free twin path
    /// driven by the same field and initial condition (Gaussian, so its exact statistics are known); empty when off.</summary>
    public double[] PhiCorrelation0 { get; }
    /// <summary>Σ of the twin's time-averaged x₀(t)x₀(t+τ).</summary>
    public double[] Correlation0 { get; }
    /// <summary>Σ over kicks of φ′(x₀(s+τ))e^{−τ} (the twin's response χ₀ = e^{−τ} is exact).</summary>
    public double[] PhiResponse0 { get; }
    /// <summary>Paths, kicks.</summary>
    public long Paths, Kicks;
    /// <summary>Σ of per-path time averages of x and φ(x).</summary>
    public double MeanX, MeanPhi;

    /// <param name="horizon">Correlation lags (count).</param>
    /// <param name="lags">Response lags (count).</param>
    public EffectivePathStatistics(int horizon, int lags, bool controlVariate = false)
    {
        PhiCorrelation0 = controlVariate ? new double[horizon] : []; Correlation0 = controlVariate ? new double[horizon] : [];
        PhiResponse0 = controlVariate ? new double[lags] : [];
        PhiCorrelation = new double[horizon]; Correlation = new double[horizon]; CorrelationSquares = new double[horizon];
        Response = new double[lags]; PhiResponse = new double[lags];
    }

    /// <summary>Not used: the worker writes the sums directly.</summary>
    public void Observe(ReadOnlySpan<double> values) => throw new NotSupportedException("EffectivePathStatistics is filled by EffectiveProcess.");

    /// <inheritdoc/>
    public void Merge(EffectivePathStatistics other)
    {
        for (int i = 0; i < PhiCorrelation.Length; i++)
        {
            PhiCorrelation[i] += other.PhiCorrelation[i]; Correlation[i] += other.Correlation[i]; CorrelationSquares[i] += other.CorrelationSquares[i];
        }
        for (int i = 0; i < Response.Length; i++) { Response[i] += other.Response[i]; PhiResponse[i] += other.PhiResponse[i]; }
        for (int i = 0; i < PhiCorrelation0.Length; i++) { PhiCorrelation0[i] += other.PhiCorrelation0[i]; Correlation0[i] += other.Correlation0[i]; }
        for (int i = 0; i < PhiResponse0.Length; i++) PhiResponse0[i] += other.PhiResponse0[i];
        Paths += other.Paths; Kicks += other.Kicks; MeanX += other.MeanX; MeanPhi += other.MeanPhi;
    }
}
