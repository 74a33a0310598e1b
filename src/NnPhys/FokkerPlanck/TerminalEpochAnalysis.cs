namespace NnPhys.FokkerPlanck;

/// <summary>The terminal-epoch analysis (eq. 21) of one density sequence, for both conditions of eq. (21).</summary>
/// <param name="ScaleChange">r(t) = t·‖P_t − P_{t−1}‖₁ (t·∂P/∂t ≈ 0), t = 0..E.</param>
/// <param name="Threshold">Threshold on r and on c.</param>
/// <param name="DetectedT">First epoch from which r stays below the threshold, or null if never within the run.</param>
/// <param name="Estimate">Estimate of that T from the first epochs only.</param>
/// <param name="Change">c(t) = ‖P_t − P_{t−1}‖₁ (∂P/∂t ≈ 0), t = 0..E.</param>
/// <param name="StationaryT">First epoch from which c stays below the threshold, or null.</param>
/// <param name="StationaryEstimate">Estimate of that T from the first epochs only.</param>
public sealed record TerminalEpochAnalysis(double[] ScaleChange, double Threshold, int? DetectedT, TerminalEpochEstimate Estimate,
                                           double[] Change, int? StationaryT, TerminalEpochEstimate StationaryEstimate)
{
    /// <summary>The same detection and early estimate at each of <see cref="TerminalEpoch.SensitivityThresholds"/> (issue 8 §3).</summary>
    public IReadOnlyList<TerminalEpochSensitivity> Sensitivity { get; init; } = [];

    internal static TerminalEpochAnalysis Of(IReadOnlyList<double[]> densities, double cellArea, FokkerPlanckOptions options)
    {
        var r = TerminalEpoch.ScaleChange(densities, cellArea);
        var c = TerminalEpoch.Change(densities, cellArea);
        return new TerminalEpochAnalysis(r, options.TerminalThreshold, TerminalEpoch.Detect(r, options.TerminalThreshold, options.TerminalConsecutive),
                                         TerminalEpoch.Estimate(r, options.TerminalEstimateEpochs, options.TerminalThreshold),
                                         c, TerminalEpoch.Detect(c, options.TerminalThreshold, options.TerminalConsecutive),
                                         TerminalEpoch.Estimate(c, options.TerminalEstimateEpochs, options.TerminalThreshold))
        {
            Sensitivity = TerminalEpoch.Sensitivity(r, c, TerminalEpoch.SensitivityThresholds, options.TerminalConsecutive, options.TerminalEstimateEpochs),
        };
    }
}
