namespace NnPhys.FokkerPlanck.Pde;

/// <summary>
/// How far the directly evolved KPZ potential V is from −log P of the Fokker–Planck solution, up to the additive constant
/// that −log P leaves free. Compared only where P is not negligible: cells with P ≥ Threshold·max P (default 10⁻³, i.e.
/// V within ln 1000 ≈ 6.9 of its minimum). The constant is the mean difference over those cells.
/// </summary>
/// <param name="Rms">Root mean square of (V − (−log P) − constant) over the compared cells.</param>
/// <param name="Max">Largest |V − (−log P) − constant| over the compared cells.</param>
/// <param name="Constant">The mean difference V + log P removed.</param>
/// <param name="Threshold">Cells with P ≥ Threshold·max P were compared.</param>
/// <param name="CellsCompared">Number of compared cells.</param>
public sealed record KpzGap(double Rms, double Max, double Constant, double Threshold, int CellsCompared)
{
    /// <summary>Default threshold 10⁻³ of the peak density.</summary>
    public const double DefaultThreshold = 1e-3;

    /// <summary>Compares a KPZ potential with the Fokker–Planck density on the same grid.</summary>
    public static KpzGap Compare(ReadOnlySpan<double> potential, DensityField density, double threshold = DefaultThreshold)
    {
        if (potential.Length != density.Values.Length) throw new InvalidConfigException("KPZ potential and density must have the same grid.");
        if (!(threshold > 0 && threshold < 1)) throw new InvalidConfigException($"KPZ comparison threshold {threshold} must be in (0, 1).");
        double cut = threshold * density.Max();
        double sum = 0; int count = 0;
        for (int k = 0; k < potential.Length; k++)
            if (density.Values[k] >= cut && density.Values[k] > 0) { sum += potential[k] + Math.Log(density.Values[k]); count++; }
        if (count == 0) return new KpzGap(double.NaN, double.NaN, double.NaN, threshold, 0);
        double constant = sum / count, squares = 0, max = 0;
        for (int k = 0; k < potential.Length; k++)
            if (density.Values[k] >= cut && density.Values[k] > 0)
            {
                double d = potential[k] + Math.Log(density.Values[k]) - constant;
                squares += d * d; max = Math.Max(max, Math.Abs(d));
            }
        return new KpzGap(Math.Sqrt(squares / count), max, constant, threshold, count);
    }
}
