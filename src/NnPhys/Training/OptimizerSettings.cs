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
    enum OptimizerKind { Adam, Sgd, HeavyBall }

    static readonly Choices<OptimizerKind> Table = new("an optimizer",
        [(["adam"], OptimizerKind.Adam), (["sgd"], OptimizerKind.Sgd), (["heavy-ball", "heavyball", "momentum"], OptimizerKind.HeavyBall)]);

    /// <summary>The valid kinds.</summary>
    public static IReadOnlyList<string> Kinds => Table.Names;

    /// <summary>Builds the optimizer over <paramref name="parameters"/>.</summary>
    /// <exception cref="InvalidConfigException">Unknown kind (the message lists the valid ones) or a hyperparameter out of range.</exception>
    public IOptimizer<T> Create<T>(ParameterSet<T> parameters) where T : unmanaged, IFloatingPointIeee754<T> =>
        Table.Parse(Kind, "--optimizer") switch
        {
            OptimizerKind.Adam => new Adam<T>(parameters, new AdamOptions(LearningRate, Beta1, Beta2, Epsilon)),
            OptimizerKind.Sgd => new Sgd<T>(parameters, LearningRate),
            _ => new HeavyBallMomentum<T>(parameters, LearningRate, Momentum),
        };
}
