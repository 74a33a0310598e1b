namespace NnPhys.Mup.Experiments;

/// <summary>The three quantities of a coordinate check (tasi-physics-for-ml §4.3's goals).</summary>
public enum CoordinateQuantity
{
    /// <summary>RMS over coordinates of the last hidden layer's pre-activations z at initialization (goal: O(1)).</summary>
    Preactivation,
    /// <summary>RMS of Δh = σ(z_t) − σ(z_0) of the last hidden layer after t steps (goal: O(1), "features evolve").</summary>
    FeatureChange,
    /// <summary>RMS of Δf = φ_t − φ_0 after t steps (goal: O(1), "learning in finite time").</summary>
    OutputChange,
}

/// <summary>One parameterization under one optimizer, measured over all widths (averaged over seeds).</summary>
/// <param name="Parameterization">Preset name.</param>
/// <param name="Optimizer">SGD or Adam.</param>
/// <param name="Preactivation">[hidden layer][width]: RMS of z⁽ℓ⁾ at init.</param>
/// <param name="FeatureChange">[step t−1][hidden layer][width]: RMS of Δh⁽ℓ⁾ after t steps.</param>
/// <param name="OutputChange">[step t−1][width]: RMS of Δφ after t steps.</param>
/// <param name="Loss">[step t][width]: training loss ½⟨(φ−y)²⟩ before step t+1 (index 0 = init, last = after the last step).</param>
/// <param name="DivergedWidths">Widths at which some run produced a non-finite value (their entries are NaN).</param>
public sealed record CoordinateCheckCurves(string Parameterization, MupOptimizer Optimizer, double[][] Preactivation, double[][][] FeatureChange,
    double[][] OutputChange, double[][] Loss, int[] DivergedWidths)
{
    /// <summary>The headline series of a quantity over widths: last hidden layer, last step.</summary>
    public double[] Headline(CoordinateQuantity quantity) => quantity switch
    {
        CoordinateQuantity.Preactivation => Preactivation[^1],
        CoordinateQuantity.FeatureChange => FeatureChange[^1][^1],
        _ => OutputChange[^1],
    };
}

/// <summary>A coordinate check's outcome.</summary>
/// <param name="Config">What was run.</param>
/// <param name="Curves">One entry per (optimizer, parameterization), SGD first.</param>
/// <param name="Metrics">Slopes named <c>{param}_{quantity}_slope</c> (SGD) and <c>adam_{param}_{quantity}_slope</c>, plus theory values.</param>
/// <param name="RunDirectory">Where it was written, or null when only measured.</param>
public sealed record CoordinateCheckResult(CoordinateCheckConfig Config, IReadOnlyList<CoordinateCheckCurves> Curves,
    IReadOnlyDictionary<string, double> Metrics, string? RunDirectory = null)
{
    /// <summary>The measured log-log slope of a quantity vs width.</summary>
    public double Slope(string parameterization, MupOptimizer optimizer, CoordinateQuantity quantity) =>
        Metrics[CoordinateCheck.MetricName(parameterization, optimizer, quantity)];
}
