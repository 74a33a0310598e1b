namespace NnPhys.Mup;

/// <summary>The optimizer of a coordinate check or transfer sweep.</summary>
public enum MupOptimizer
{
    /// <summary>Plain SGD with per-layer rates η₀γ₀²N^(2d−c_ℓ) (tasi-physics-for-ml eq. 106).</summary>
    Sgd,
    /// <summary>Adam (PyTorch's, β = (0.9, 0.999), ε = 1e-8) with per-layer rates η₀N^(−c_Adam,ℓ) (docs/mup.md).</summary>
    Adam,
}

/// <summary>
/// SGD or Adam over an <see cref="AbcdMlp"/>'s weight matrices with one learning rate per layer, taken from the
/// network's <see cref="AbcdParameterization"/>: the per-tensor learning-rate multipliers μP needs.
/// </summary>
// TODO(merge): replace with the Training/ optimizers' per-tensor learning-rate multipliers (struct helper) when they land.
public sealed class LayerwiseOptimizer
{
    const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
    readonly AbcdMlp _network;
    readonly float[][]? _m, _v;
    long _steps;

    /// <summary>SGD or Adam.</summary>
    public MupOptimizer Kind { get; }
    /// <summary>The learning rate of each weight matrix, input first.</summary>
    public IReadOnlyList<double> LearningRates { get; }

    /// <summary>An optimizer for <paramref name="network"/> with base rate η₀.</summary>
    public LayerwiseOptimizer(AbcdMlp network, MupOptimizer kind, double eta0)
    {
        if (!double.IsFinite(eta0) || eta0 <= 0) throw new InvalidConfigException($"The learning rate η₀ = {eta0} must be positive and finite, e.g. 0.1.");
        (_network, Kind) = (network, kind);
        var p = network.Parameterization;
        LearningRates = Enumerable.Range(0, network.LayerCount).Select(l => kind == MupOptimizer.Sgd
            ? p.SgdLearningRate(network.Role(l), network.Width, eta0)
            : p.AdamLearningRate(network.Role(l), network.Width, eta0)).ToArray();
        if (kind == MupOptimizer.Adam)
        {
            _m = new float[network.LayerCount][];
            _v = new float[network.LayerCount][];
            for (int l = 0; l < network.LayerCount; l++) { _m[l] = new float[network.Weights(l).Length]; _v[l] = new float[_m[l].Length]; }
        }
    }

    /// <summary>One update of every layer from the gradients of the network's last backward pass.</summary>
    public void Step()
    {
        _steps++;
        double c1 = 1 - Math.Pow(Beta1, _steps), c2 = 1 - Math.Pow(Beta2, _steps);
        for (int l = 0; l < _network.LayerCount; l++)
        {
            var w = _network.Weights(l);
            var g = _network.Gradient(l);
            double eta = LearningRates[l];
            if (Kind == MupOptimizer.Sgd)
            {
                float e = (float)eta;
                for (int i = 0; i < w.Length; i++) w[i] -= e * g[i];
                continue;
            }
            var m = _m![l];
            var v = _v![l];
            for (int i = 0; i < w.Length; i++)
            {
                m[i] = (float)(Beta1 * m[i] + (1 - Beta1) * g[i]);
                v[i] = (float)(Beta2 * v[i] + (1 - Beta2) * (double)g[i] * g[i]);
                w[i] -= (float)(eta * (m[i] / c1) / (Math.Sqrt(v[i] / c2) + Epsilon));
            }
        }
    }
}
