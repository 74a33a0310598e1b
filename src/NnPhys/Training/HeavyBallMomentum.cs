using System.Runtime.CompilerServices;
using System.Numerics;
using NnPhys.Networks;

namespace NnPhys.Training;

/// <summary>
/// Polyak heavy-ball momentum θ_{t+1} = θ_t + μ(θ_t − θ_{t−1}) − η∇L(θ_t) (SPEC §5, nn-cosmology-duality), with
/// θ_{−1} = θ_0. Each tensor uses η times its <see cref="NamedParameter.LearningRateScale"/>. It keeps the last displacement d_t = θ_t − θ_{t−1} ("displacement") and applies
/// d_{t+1} = μ d_t − η g, θ_{t+1} = θ_t + d_{t+1}. (PyTorch's SGD momentum with dampening 0 is the same rule with
/// its buffer b = −d/η.)
/// </summary>
public sealed class HeavyBallMomentum<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly T[] _displacement;

    /// <summary>Learning rate η.</summary>
    public double LearningRate { get; }
    /// <summary>Momentum μ ∈ [0, 1).</summary>
    public double Momentum { get; }
    /// <inheritdoc/>
    public ParameterSet<T> Parameters { get; }
    /// <inheritdoc/>
    public long StepCount { get; private set; }
    /// <inheritdoc/>
    public IReadOnlyList<string> StateNames { get; } = ["displacement"];
    /// <inheritdoc/>
    public string Description => $"heavy-ball(lr={LearningRate:R}, μ={Momentum:R})";

    /// <summary>Heavy-ball over <paramref name="parameters"/>, starting at rest (d_0 = 0).</summary>
    /// <exception cref="InvalidConfigException">η is not finite and positive, or μ is outside [0, 1).</exception>
    public HeavyBallMomentum(ParameterSet<T> parameters, double learningRate, double momentum)
    {
        Check.Positive(learningRate, "Learning rate", "1e-3 for Adam, 1e-2 for SGD");
        Check.UnitInterval(momentum, "Momentum μ", "0.9");
        Parameters = parameters; LearningRate = learningRate; Momentum = momentum;
        _displacement = new T[parameters.Count];
    }

    /// <summary>Last displacement θ_t − θ_{t−1} of the named parameter.</summary>
    public ReadOnlySpan<T> Displacement(string parameterName) { var e = Parameters.Find(parameterName); return _displacement.AsSpan(e.Offset, e.Length); }

    /// <inheritdoc/>
    public ReadOnlySpan<T> State(string stateName, string parameterName) => stateName == "displacement" ? Displacement(parameterName)
        : throw new KeyNotFoundException($"Heavy-ball momentum has no state '{stateName}'; it has 'displacement'.");

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: skip tier-0 so the first epoch is as fast as the rest
    public void Step()
    {
        // per-tensor rate η·n^(−c) (abcd parameterization); one pass when all factors are 1
        if (Parameters.HasUniformLearningRate) Update(0, Parameters.Count, LearningRate);
        else foreach (var e in Parameters.Entries) Update(e.Offset, e.Length, LearningRate * e.LearningRateScale);
        StepCount++;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void Update(int offset, int length, double learningRate)
    {
        T mu = T.CreateTruncating(Momentum), lr = T.CreateTruncating(learningRate);
        Span<T> w = Parameters.Values.AsSpan(offset, length), d = _displacement.AsSpan(offset, length);
        ReadOnlySpan<T> g = Parameters.Gradients.AsSpan(offset, length);
        int n = w.Length, i = 0, width = Vector<T>.Count;
        var muv = new Vector<T>(mu); var lrv = new Vector<T>(lr);
        for (; i <= n - width; i += width)
        {
            var di = muv * new Vector<T>(d.Slice(i)) - lrv * new Vector<T>(g.Slice(i)); // d ← μ d − η g
            di.CopyTo(d.Slice(i));
            (new Vector<T>(w.Slice(i)) + di).CopyTo(w.Slice(i));                     // θ ← θ + d
        }
        for (; i < n; i++)
        {
            d[i] = mu * d[i] - lr * g[i];
            w[i] += d[i];
        }
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Array> GetState()
    {
        var s = new Dictionary<string, Array>(StringComparer.Ordinal);
        StateArrays.AddPerParameter(s, "heavy_ball.displacement.", Parameters, _displacement);
        s["heavy_ball.step"] = new[] { StepCount };
        s["heavy_ball.hyperparameters"] = new[] { LearningRate, Momentum };
        return s;
    }

    /// <inheritdoc/>
    public void SetState(IReadOnlyDictionary<string, Array> state)
    {
        var h = StateArrays.Read<double>(state, "heavy_ball.hyperparameters", 2);
        if (BitConverter.DoubleToInt64Bits(h[0]) != BitConverter.DoubleToInt64Bits(LearningRate) || BitConverter.DoubleToInt64Bits(h[1]) != BitConverter.DoubleToInt64Bits(Momentum))
            throw new InvalidConfigException($"The saved run used heavy-ball lr = {h[0]:R}, μ = {h[1]:R} but this one has lr = {LearningRate:R}, μ = {Momentum:R}; resume with the saved values or start a new run.");
        long step = StateArrays.Read<long>(state, "heavy_ball.step", 1)[0];
        StateArrays.ReadPerParameter(state, "heavy_ball.displacement.", Parameters, _displacement);
        StepCount = step;
    }
}
