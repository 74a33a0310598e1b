using NnPhys.Numerics.Sampling;
namespace NnPhys.Ensembles;

/// <summary>
/// Streams the NNGP action of sampled networks: observes φ at the action's points and accumulates (S, S²) and a histogram
/// of S on [0, 6P) in 60 bins (plus an overflow count), to compare with the GP's χ²_P law.
/// </summary>
public sealed class ActionObserver(NngpAction action) : ISampleObserver<ActionObserver>
{
    /// <summary>Number of histogram bins on [0, <see cref="HistogramRange"/>).</summary>
    public const int Bins = 60;

    /// <summary>Mean and co-moment of (S, S²).</summary>
    public VectorMomentAccumulator Moments { get; } = new(2);
    /// <summary>Counts of S per bin; index <see cref="Bins"/> counts S ≥ <see cref="HistogramRange"/>.</summary>
    public long[] Histogram { get; } = new long[Bins + 1];
    /// <summary>Upper end of the histogram, 6P.</summary>
    public double HistogramRange => 6.0 * action.Dimension;

    public void Observe(ReadOnlySpan<double> values)
    {
        double s = action.Action(values);
        Moments.Add([s, s * s]);
        Histogram[Math.Min(Bins, (int)(s / HistogramRange * Bins))]++;
    }

    public void Merge(ActionObserver other)
    {
        Moments.Merge(other.Moments);
        for (int b = 0; b <= Bins; b++) Histogram[b] += other.Histogram[b];
    }

    /// <summary>Mean action ⟨S⟩ (GP: P).</summary>
    public CorrelatorEstimate MeanAction => DeltaMethod.Estimate(Moments, m => m[0]);
    /// <summary>Var(S) (GP: 2P), with a delta-method standard error.</summary>
    public CorrelatorEstimate ActionVariance => DeltaMethod.Estimate(Moments, m => m[1] - m[0] * m[0]);
    /// <summary>Mean Gaussian log-density ⟨log p(φ)⟩ = −⟨S⟩/2 − ½ log det(2πK) of the sampled networks.</summary>
    public CorrelatorEstimate MeanLogDensity
    {
        get
        {
            var s = MeanAction;
            return new CorrelatorEstimate(-s.Value / 2 - 0.5 * (action.LogDeterminant + action.Dimension * Math.Log(2 * Math.PI)), s.StandardError / 2);
        }
    }

    /// <summary>Histogram as a probability density per bin (bin centres, densities).</summary>
    public (double[] centres, double[] density) Density()
    {
        double width = HistogramRange / Bins, total = Moments.Count;
        var centres = new double[Bins]; var density = new double[Bins];
        for (int b = 0; b < Bins; b++) { centres[b] = (b + 0.5) * width; density[b] = Histogram[b] / (total * width); }
        return (centres, density);
    }

    /// <summary>The χ²_P density x^{P/2−1} e^{−x/2} / (2^{P/2} Γ(P/2)), the law of S under the GP.</summary>
    public static double ChiSquaredDensity(double x, int degrees) =>
        x <= 0 ? 0 : Math.Exp((degrees / 2.0 - 1) * Math.Log(x) - x / 2 - degrees / 2.0 * Math.Log(2) - MathNet.Numerics.SpecialFunctions.GammaLn(degrees / 2.0));
}
