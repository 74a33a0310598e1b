using NnPhys.Numerics;

namespace NnPhys.Ensembles;

/// <summary>
/// One random neuron ψ_θ(x) together with its parameter density P(θ): the building block of
/// φ(x) = Σ_i w_i ψ_i(x) with i.i.d. neurons (tasi-physics-for-ml eq. (44)). A neuron's parameters are a flat vector of
/// <see cref="ParametersPerNeuron"/> doubles; many neurons are stored row-major, shape (count, ParametersPerNeuron).
/// </summary>
public interface IRandomNeuron
{
    /// <summary>Short name, e.g. "cos".</summary>
    string Name { get; }
    /// <summary>Input dimension d.</summary>
    int InputDimension { get; }
    /// <summary>Number of parameters of one neuron.</summary>
    int ParametersPerNeuron { get; }
    /// <summary>The hyperparameters that define P(θ), for configs and shard-compatibility checks.</summary>
    IReadOnlyDictionary<string, double> Settings { get; }

    /// <summary>Draws i.i.d. neurons θ ~ P(θ) into <paramref name="parameters"/>, shape (count, ParametersPerNeuron).</summary>
    void Sample(RandomStream rng, Span<double> parameters);

    /// <summary>Evaluates one neuron with parameters <paramref name="theta"/> at every point: values[p] = ψ_θ(x_p), length P.</summary>
    void Evaluate(ReadOnlySpan<double> theta, PointSet points, Span<double> values);
}
