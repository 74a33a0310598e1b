using NnPhys.Kernels;
using NnPhys.Networks;
using NnPhys.Numerics;
using NnPhys.Training;

namespace NnPhys.Cosmology;

/// <summary>
/// A trainable <see cref="ScalarNetworkSpec"/> network in double precision on a fixed set of 1-D inputs: outputs f(xᵢ),
/// the Jacobian ∂f(xᵢ)/∂θ, the empirical NTK Θᵢⱼ = ∇_θ f(xᵢ)·∇_θ f(xⱼ) (nn-cosmology-duality eq. (5)), and full-batch
/// heavy-ball steps on the loss (1/N) Σ (1/p)(fᵢ − yᵢ)^p.
/// </summary>
public sealed class ScalarNetwork
{
    readonly Network<double> _network;
    readonly double[] _inputs;
    readonly double[] _outputGradient;

    /// <summary>The inputs x₁..x_N.</summary>
    public IReadOnlyList<double> Inputs => _inputs;
    /// <summary>Number of trainable scalars.</summary>
    public int ParameterCount => _network.Parameters.Count;

    /// <summary>Builds the network and draws its parameters from stream <paramref name="seed"/>.</summary>
    /// <exception cref="InvalidConfigException">The spec is invalid or there are no inputs.</exception>
    public ScalarNetwork(ScalarNetworkSpec spec, IReadOnlyList<double> inputs, ulong seed)
    {
        if (inputs.Count == 0) throw new InvalidConfigException("A scalar network needs at least one input point; pass a positive point count, e.g. --points 32.");
        _network = new Network<double>(spec.ToArchitecture(), new RandomStream(seed));
        _inputs = inputs.ToArray();
        _outputGradient = new double[_inputs.Length];
    }

    /// <summary>f(xᵢ) for every input.</summary>
    public double[] Outputs() => _network.Forward(_inputs, _inputs.Length).ToArray();

    /// <summary>The Jacobian ∂f(xᵢ)/∂θ_a, row i (N × P).</summary>
    public double[][] Jacobian()
    {
        var rows = new double[_inputs.Length][];
        for (int i = 0; i < _inputs.Length; i++)
        {
            _network.Forward(_inputs.AsSpan(i, 1), 1);
            _network.Parameters.ZeroGradients();
            _network.Backward([1.0]);
            rows[i] = (double[])_network.Parameters.Gradients.Clone();
        }
        _network.Parameters.ZeroGradients();
        return rows;
    }

    /// <summary>The empirical NTK Θᵢⱼ = Σ_a ∂f(xᵢ)/∂θ_a ∂f(xⱼ)/∂θ_a (N × N, symmetric), by <see cref="EmpiricalNtk"/>
    /// (per-layer Gram matrices, no Jacobian); <see cref="Jacobian"/> is the independent check.</summary>
    public Matrix<double> Ntk() => EmpiricalNtk.Compute(_network, new Matrix<double>(_inputs.Length, 1, (double[])_inputs.Clone()));

    /// <summary>A heavy-ball optimizer over this network's parameters (starts at rest).</summary>
    public HeavyBallMomentum<double> CreateOptimizer(HeavyBallMapping mapping) => new(_network.Parameters, mapping.LearningRate, mapping.Momentum);

    /// <summary>
    /// One full-batch update: forward on all inputs, ∂L/∂fᵢ = (fᵢ − yᵢ)^(p−1)/N, backward, heavy-ball step. Returns the
    /// outputs and mean loss before the step (the step itself uses their gradient).
    /// </summary>
    public (double[] Outputs, double Loss) Step(HeavyBallMomentum<double> optimizer, PowerLoss loss, ReadOnlySpan<double> targets)
    {
        var f = _network.Forward(_inputs, _inputs.Length).ToArray();
        double l = loss.LossAndGradient<double>(f, targets, _outputGradient, 1, loss.Normalization(f.Length, 1));
        _network.Parameters.ZeroGradients();
        _network.Backward(_outputGradient);
        optimizer.Step();
        return (f, l);
    }
}
