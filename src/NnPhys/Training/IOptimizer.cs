using System.Numerics;
using NnPhys.Networks;

namespace NnPhys.Training;

/// <summary>
/// A first-order optimizer bound to one <see cref="ParameterSet{T}"/>: <see cref="Step"/> reads the accumulated
/// gradients and updates the values in place. Its per-parameter state (momentum, Adam moments) is readable by
/// parameter name, and the whole state round-trips through named arrays for bit-exact resume.
/// </summary>
public interface IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Short name with hyperparameters, e.g. "adam(lr=0.001, β1=0.9, β2=0.999, ε=1e-08)".</summary>
    string Description { get; }
    /// <summary>The parameters this optimizer updates.</summary>
    ParameterSet<T> Parameters { get; }
    /// <summary>Number of updates applied so far.</summary>
    long StepCount { get; }
    /// <summary>Names of the per-parameter state tensors, e.g. ["m", "v"] for Adam, [] for SGD.</summary>
    IReadOnlyList<string> StateNames { get; }

    /// <summary>The state tensor <paramref name="stateName"/> of one parameter, same shape as the parameter.</summary>
    /// <exception cref="KeyNotFoundException">Unknown state or parameter name.</exception>
    ReadOnlySpan<T> State(string stateName, string parameterName);

    /// <summary>Applies one update θ ← θ + Δθ(∇L) using <see cref="ParameterSet{T}.Gradients"/>.</summary>
    void Step();

    /// <summary>The full state as named arrays (state tensors shaped like their parameters, counters, hyperparameters).</summary>
    IReadOnlyDictionary<string, Array> GetState();

    /// <summary>Restores a state from <see cref="GetState"/>.</summary>
    /// <exception cref="InvalidConfigException">A key is missing, an array has the wrong type or size, or the saved
    /// hyperparameters differ from this optimizer's.</exception>
    void SetState(IReadOnlyDictionary<string, Array> state);
}
