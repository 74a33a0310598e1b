using System.Numerics;
using System.Numerics.Tensors;
using NnPhys.Networks;

namespace NnPhys.Training;

/// <summary>Plain gradient descent θ_{t+1} = θ_t − η ∇L(θ_t), each tensor with η times its
/// <see cref="NamedParameter.LearningRateScale"/>. No per-parameter state.</summary>
public sealed class Sgd<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Learning rate η.</summary>
    public double LearningRate { get; }
    /// <inheritdoc/>
    public ParameterSet<T> Parameters { get; }
    /// <inheritdoc/>
    public long StepCount { get; private set; }
    /// <inheritdoc/>
    public IReadOnlyList<string> StateNames { get; } = [];
    /// <inheritdoc/>
    public string Description => $"sgd(lr={LearningRate:R})";

    /// <summary>SGD over <paramref name="parameters"/>.</summary>
    /// <exception cref="InvalidConfigException">η is not finite and positive.</exception>
    public Sgd(ParameterSet<T> parameters, double learningRate)
    {
        Check.Positive(learningRate, "Learning rate", "1e-3 for Adam, 1e-2 for SGD");
        Parameters = parameters; LearningRate = learningRate;
    }

    /// <inheritdoc/>
    public ReadOnlySpan<T> State(string stateName, string parameterName) =>
        throw new KeyNotFoundException($"SGD keeps no per-parameter state (asked for '{stateName}').");

    /// <inheritdoc/>
    public void Step()
    {
        // θ ← θ − η g, with η·n^(−c) per tensor (abcd parameterization); one pass when all factors are 1
        if (Parameters.HasUniformLearningRate)
            TensorPrimitives.MultiplyAdd<T>(Parameters.Gradients, T.CreateTruncating(-LearningRate), Parameters.Values, Parameters.Values);
        else
            foreach (var e in Parameters.Entries)
            {
                var w = Parameters.Values.AsSpan(e.Offset, e.Length);
                TensorPrimitives.MultiplyAdd<T>(Parameters.Gradients.AsSpan(e.Offset, e.Length), T.CreateTruncating(-LearningRate * e.LearningRateScale), w, w);
            }
        StepCount++;
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Array> GetState() => new Dictionary<string, Array>
    {
        ["sgd.step"] = new[] { StepCount },
        ["sgd.hyperparameters"] = new[] { LearningRate },
    };

    /// <inheritdoc/>
    public void SetState(IReadOnlyDictionary<string, Array> state)
    {
        StateArrays.RequireEqual(state, "sgd.hyperparameters", LearningRate, "SGD learning rate");
        StepCount = StateArrays.Read<long>(state, "sgd.step", 1)[0];
    }
}
