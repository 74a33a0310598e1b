namespace NnPhys.Uat;

/// <summary>
/// Cybenko's construction made explicit (tasi-physics-for-ml eqs. 21–24): a one-hidden-layer sigmoid network that
/// approximates a 1-D function f on [a, b] by a sum of M bumps. The domain is cut into M cells of width Δ = (b − a)/M
/// with centres c_i; bump i is σ(s(x − e_i)) − σ(s(x − e_(i+1))) between the cell edges e_i, e_(i+1), scaled by f(c_i)
/// (eq. 24: σ(w x + b) tends to a step at −b/w as w → ∞). The outermost edges are sent to ∓∞, so the bumps sum to
/// exactly 1 everywhere (a partition of unity), and adjacent bumps share their sigmoid, which leaves
/// <code>
/// φ(x) = f(c₀) + Σ_{j=1}^{M−1} (f(c_j) − f(c_(j−1))) σ(s (x − e_j)),        eq. (21) with N = M − 1,
/// w⁽⁰⁾_j = s,  b⁽⁰⁾_j = −s e_j,  w⁽¹⁾_j = f(c_j) − f(c_(j−1)),  b⁽¹⁾ = f(c₀).
/// </code>
/// The steepness is given relative to the cell, s = κ/Δ: κ → ∞ is the staircase of cell values, small κ smooths it.
/// </summary>
public sealed class SigmoidBumpNetwork
{
    /// <summary>Hidden weights w⁽⁰⁾ (all equal to s).</summary>
    public double[] InputWeights { get; }
    /// <summary>Hidden biases b⁽⁰⁾ = −s e_j.</summary>
    public double[] InputBiases { get; }
    /// <summary>Output weights w⁽¹⁾ = f(c_j) − f(c_(j−1)).</summary>
    public double[] OutputWeights { get; }
    /// <summary>Output bias b⁽¹⁾ = f(c₀).</summary>
    public double OutputBias { get; }
    /// <summary>Bump centres c_i and heights f(c_i), for plotting the bumps.</summary>
    public double[] Centres { get; }
    /// <summary>Heights f(c_i).</summary>
    public double[] Heights { get; }
    /// <summary>Cell edges e_0 … e_M (the outer two stand for ∓∞ in the network).</summary>
    public double[] Edges { get; }
    /// <summary>Sigmoid steepness s = κ/Δ.</summary>
    public double Steepness { get; }
    /// <summary>Hidden width N = M − 1 (eq. 21).</summary>
    public int Width => InputWeights.Length;

    /// <summary>Builds the network for <paramref name="target"/> on [<paramref name="a"/>, <paramref name="b"/>] with <paramref name="bumps"/> bumps.</summary>
    /// <exception cref="InvalidConfigException">Fewer than 2 bumps, an empty or non-finite interval, or κ not positive.</exception>
    public SigmoidBumpNetwork(Func<double, double> target, double a, double b, int bumps, double relativeSteepness)
    {
        if (bumps < 2) throw new InvalidConfigException($"The bump construction needs at least 2 bumps (width N = bumps − 1 ≥ 1), got {bumps}.");
        if (!double.IsFinite(a) || !double.IsFinite(b) || b <= a) throw new InvalidConfigException($"The interval [{a}, {b}] must be finite with a < b.");
        if (!double.IsFinite(relativeSteepness) || relativeSteepness <= 0)
            throw new InvalidConfigException($"The relative steepness κ = {relativeSteepness} must be positive and finite (s = κ/Δ; e.g. 4).");
        double cell = (b - a) / bumps;
        Steepness = relativeSteepness / cell;
        Edges = Enumerable.Range(0, bumps + 1).Select(i => a + i * cell).ToArray();
        Centres = Enumerable.Range(0, bumps).Select(i => a + (i + 0.5) * cell).ToArray();
        Heights = Centres.Select(target).ToArray();
        InputWeights = new double[bumps - 1];
        InputBiases = new double[bumps - 1];
        OutputWeights = new double[bumps - 1];
        for (int j = 1; j < bumps; j++)
        {
            InputWeights[j - 1] = Steepness;
            InputBiases[j - 1] = -Steepness * Edges[j];
            OutputWeights[j - 1] = Heights[j] - Heights[j - 1];
        }
        OutputBias = Heights[0];
    }

    /// <summary>φ(x) of eq. (21).</summary>
    public double Evaluate(double x)
    {
        double sum = OutputBias;
        for (int j = 0; j < InputWeights.Length; j++) sum += OutputWeights[j] * Sigmoid(InputWeights[j] * x + InputBiases[j]);
        return sum;
    }

    /// <summary>Bump i on its own: f(c_i)·[σ(s(x − e_i)) − σ(s(x − e_(i+1)))], with the outer edges at ∓∞.</summary>
    public double Bump(int i, double x)
    {
        double left = i == 0 ? 1 : Sigmoid(Steepness * (x - Edges[i]));
        double right = i == Heights.Length - 1 ? 0 : Sigmoid(Steepness * (x - Edges[i + 1]));
        return Heights[i] * (left - right);
    }

    /// <summary>σ(z) = 1/(1 + e^(−z)) (eq. 23), evaluated without overflow.</summary>
    public static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}
