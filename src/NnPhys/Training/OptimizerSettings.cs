using System.Numerics;
using NnPhys.Networks;

namespace NnPhys.Training;

/// <summary>
/// An optimizer chosen by name with its hyperparameters, as a CLI option or a run config holds it, and the factory
/// that builds it. Kinds: "adam" (η, β1, β2, ε), "sgd" (η), "heavy-ball" (η, μ). Defaults are SPEC §1's Adam.
/// </summary>
/// <param name="Kind">"adam", "sgd" or "heavy-ball" (case-insensitive; "momentum" is accepted for heavy-ball).</param>
/// <param name="LearningRate">η.</param>
/// <param name="Momentum">μ for heavy-ball.</param>
/// <param name="Beta1">Adam β1.</param>
/// <param name="Beta2">Adam β2.</param>
/// <param name="Epsilon">Adam ε.</param>
public sealed record OptimizerSettings(string Kind = "adam", double LearningRate = 1e-3, double Momentum = 0.9,
    double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8)
{
    /// <summary>The valid kinds.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["adam", "sgd", "heavy-ball"];

    /// <summary>Builds the optimizer over <paramref name="parameters"/>.</summary>
    /// <exception cref="InvalidConfigException">Unknown kind (the message lists the valid ones) or a hyperparameter out of range.</exception>
    public IOptimizer<T> Create<T>(ParameterSet<T> parameters) where T : unmanaged, IFloatingPointIeee754<T> =>
        Kind.Trim().ToLowerInvariant() switch
        {
            "adam" => new Adam<T>(parameters, new AdamOptions(LearningRate, Beta1, Beta2, Epsilon)),
            "sgd" => new Sgd<T>(parameters, LearningRate),
            "heavy-ball" or "heavyball" or "momentum" => new HeavyBallMomentum<T>(parameters, LearningRate, Momentum),
            _ => throw new InvalidConfigException($"'{Kind}' is not an optimizer; use one of: {string.Join(", ", Kinds)}."),
        };
}
