namespace NnPhys.Ensembles;

/// <summary>
/// Closed-form correlators of Gauss-net and Cos-net (tasi-physics-for-ml eqs. (62), (64), (70), (71)), derived afresh in
/// docs/ensembles.md; the printed (64) and (71) carry typos (a "6 perms" that should be the 6 pairs i &lt; j, and σ_b in
/// place of σ_w0), corrected here. Notation: s = σ_w0²/d, pairings (12)(34), (13)(24), (14)(23).
/// </summary>
public static class AnalyticCorrelators
{
    static readonly int[][] Pairings = [[0, 1, 2, 3], [0, 2, 1, 3], [0, 3, 1, 2]];

    /// <summary>Gauss-net and Cos-net two-point function (eqs. (62), (70)): (σ_w1²/2) exp(−σ_w0²|x−y|²/(2d)).</summary>
    public static double TwoPoint(double[] x, double[] y, double sigmaW0, double sigmaW1)
    {
        RequireSameDimension(x, y);
        double s = sigmaW0 * sigmaW0 / x.Length;
        return sigmaW1 * sigmaW1 / 2 * Math.Exp(-s * SquaredDistance(x, y) / 2);
    }

    /// <summary>
    /// Gauss-net connected four-point function (eq. (64), corrected):
    /// (σ_w1⁴/(4N)) [3 e^{4σ_b0²} exp(−(s/2)(Σ_a |x_a|² − 2Σ_{a&lt;b} x_a·x_b)) − Σ_pairings exp(−(s/2)(|x_a−x_b|² + |x_c−x_d|²))].
    /// </summary>
    public static double GaussNetConnectedFourPoint(double[][] x, int width, double sigmaW0, double sigmaB0, double sigmaW1)
    {
        RequireFour(x);
        double s = sigmaW0 * sigmaW0 / x[0].Length;
        double squares = 0, crosses = 0;
        for (int a = 0; a < 4; a++)
        {
            squares += Dot(x[a], x[a]);
            for (int b = a + 1; b < 4; b++) crosses += Dot(x[a], x[b]);
        }
        // single-neuron ⟨ψψψψ⟩ = e^{4σ_b0²} exp(−(s/2)(Σ|x_a|² − 2Σ_{a<b} x_a·x_b)); ⟨ψψ⟩ = exp(−(s/2)|x−y|²)
        double fourNeuron = Math.Exp(4 * sigmaB0 * sigmaB0 - s / 2 * (squares - 2 * crosses));
        double pairs = 0;
        foreach (var q in Pairings)
            pairs += Math.Exp(-s / 2 * (SquaredDistance(x[q[0]], x[q[1]]) + SquaredDistance(x[q[2]], x[q[3]])));
        return Math.Pow(sigmaW1, 4) / (4.0 * width) * (3 * fourNeuron - pairs);
    }

    /// <summary>
    /// Cos-net connected four-point function (eq. (71), corrected):
    /// (σ_w1⁴/(8N)) [3 Σ_{j} exp(−(s/2)|x_1 + x_j − x_k − x_l|²) − 2 Σ_pairings exp(−(s/2)(|x_a−x_b|² + |x_c−x_d|²))],
    /// the first sum over the three ways {j} ∪ {k, l} = {2, 3, 4}.
    /// </summary>
    public static double CosNetConnectedFourPoint(double[][] x, int width, double sigmaW0, double sigmaW1)
    {
        RequireFour(x);
        int d = x[0].Length;
        double s = sigmaW0 * sigmaW0 / d;
        double signed = 0;
        int[][] splits = [[1, 2, 3], [2, 1, 3], [3, 1, 2]];
        var combo = new double[d];
        foreach (var q in splits)
        {
            for (int k = 0; k < d; k++) combo[k] = x[0][k] + x[q[0]][k] - x[q[1]][k] - x[q[2]][k];
            signed += Math.Exp(-s / 2 * Dot(combo, combo));
        }
        double pairs = 0;
        foreach (var q in Pairings)
            pairs += Math.Exp(-s / 2 * (SquaredDistance(x[q[0]], x[q[1]]) + SquaredDistance(x[q[2]], x[q[3]])));
        return Math.Pow(sigmaW1, 4) / (8.0 * width) * (3 * signed - 2 * pairs);
    }

    /// <summary>Scalar-net power spectrum (eq. (74)) with its hard cutoff: 1/(p² + m²) for |p| &lt; Λ, else 0.</summary>
    public static double ScalarNetPowerSpectrum(double momentum, double mass, double cutoff) =>
        Math.Abs(momentum) < cutoff ? 1 / (momentum * momentum + mass * mass) : 0;

    static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int k = 0; k < a.Length; k++) sum += a[k] * b[k];
        return sum;
    }

    static double SquaredDistance(double[] a, double[] b)
    {
        double sum = 0;
        for (int k = 0; k < a.Length; k++) { double t = a[k] - b[k]; sum += t * t; }
        return sum;
    }

    static void RequireSameDimension(double[] x, double[] y)
    {
        if (x.Length != y.Length || x.Length == 0) throw new InvalidConfigException($"Points must have the same dimension d ≥ 1, got {x.Length} and {y.Length}.");
    }

    static void RequireFour(double[][] x)
    {
        if (x.Length != 4) throw new InvalidConfigException($"A four-point function needs exactly 4 points, got {x.Length}.");
        for (int a = 1; a < 4; a++) RequireSameDimension(x[0], x[a]);
    }
}
