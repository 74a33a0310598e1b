using System.Runtime.CompilerServices;
using System.Numerics;
using NnPhys.Networks;

namespace NnPhys.Training;

/// <summary>Adam hyperparameters; the defaults are PyTorch's (η = 1e-3, β1 = 0.9, β2 = 0.999, ε = 1e-8).</summary>
public sealed record AdamOptions(double LearningRate = 1e-3, double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8)
{
    /// <summary>Throws if a hyperparameter is out of range.</summary>
    /// <exception cref="InvalidConfigException">η ≤ 0 or not finite, β outside [0, 1), ε negative or not finite.</exception>
    public void Validate()
    {
        Check.Positive(LearningRate, "Learning rate", "1e-3 for Adam, 1e-2 for SGD");
        Check.UnitInterval(Beta1, "Adam β1", "0.9");
        Check.UnitInterval(Beta2, "Adam β2", "0.999");
        Check.NonNegative(Epsilon, "Adam ε", "1e-8");
    }
}

/// <summary>
/// Adam with bias-corrected moments, fokker-planck-to-callan-symanzik eq. (9):
/// m_{t+1} = β1 m_t + (1 − β1) g,  v_{t+1} = β2 v_t + (1 − β2) g²,
/// m̂ = m_{t+1}/(1 − β1^{t+1}),  v̂ = v_{t+1}/(1 − β2^{t+1}),  w_{t+1} = w_t − η m̂/(ε + √v̂).
/// This is PyTorch's <c>torch.optim.Adam</c> without weight decay. One fused vectorized pass over all parameters
/// (one per tensor when the tensors have different <see cref="NamedParameter.LearningRateScale"/>s: η times it).
/// The moments m ("m") and v ("v") are readable per named parameter; the Fokker–Planck drift is built from them.
/// </summary>
public sealed class Adam<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly T[] _m, _v;

    /// <summary>Hyperparameters.</summary>
    public AdamOptions Options { get; }
    /// <inheritdoc/>
    public ParameterSet<T> Parameters { get; }
    /// <inheritdoc/>
    public long StepCount { get; private set; }
    /// <inheritdoc/>
    public IReadOnlyList<string> StateNames { get; } = ["m", "v"];
    /// <inheritdoc/>
    public string Description => $"adam(lr={Options.LearningRate:R}, β1={Options.Beta1:R}, β2={Options.Beta2:R}, ε={Options.Epsilon:R})";

    /// <summary>Adam over <paramref name="parameters"/> with moments zero and step count 0.</summary>
    /// <exception cref="InvalidConfigException">A hyperparameter is out of range.</exception>
    public Adam(ParameterSet<T> parameters, AdamOptions? options = null)
    {
        Options = options ?? new AdamOptions();
        Options.Validate();
        Parameters = parameters;
        _m = new T[parameters.Count];
        _v = new T[parameters.Count];
    }

    /// <summary>First moment m (un-corrected) of the named parameter, same shape.</summary>
    public ReadOnlySpan<T> FirstMoment(string parameterName) { var e = Parameters.Find(parameterName); return _m.AsSpan(e.Offset, e.Length); }
    /// <summary>Second moment v (un-corrected) of the named parameter, same shape.</summary>
    public ReadOnlySpan<T> SecondMoment(string parameterName) { var e = Parameters.Find(parameterName); return _v.AsSpan(e.Offset, e.Length); }

    /// <inheritdoc/>
    public ReadOnlySpan<T> State(string stateName, string parameterName) => stateName switch
    {
        "m" => FirstMoment(parameterName),
        "v" => SecondMoment(parameterName),
        _ => throw new KeyNotFoundException($"Adam has no state '{stateName}'; it has 'm' and 'v'."),
    };

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: skip tier-0 so the first epoch is as fast as the rest
    public void Step()
    {
        long t = StepCount + 1;
        // per-tensor rate η·n^(−c) (abcd parameterization); one pass when all factors are 1
        if (Parameters.HasUniformLearningRate) Update(0, Parameters.Count, Options.LearningRate, t);
        else foreach (var e in Parameters.Entries) Update(e.Offset, e.Length, Options.LearningRate * e.LearningRateScale, t);
        StepCount = t;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: skip tier-0 so the first epoch is as fast as the rest
    void Update(int offset, int length, double learningRate, long t)
    {
        // bias corrections 1/(1 − β^t), eq. (9)
        T c1 = T.CreateTruncating(1.0 / (1.0 - Math.Pow(Options.Beta1, t)));
        T c2 = T.CreateTruncating(1.0 / (1.0 - Math.Pow(Options.Beta2, t)));
        T b1 = T.CreateTruncating(Options.Beta1), b2 = T.CreateTruncating(Options.Beta2);
        T a1 = T.CreateTruncating(1.0 - Options.Beta1), a2 = T.CreateTruncating(1.0 - Options.Beta2);
        T lr = T.CreateTruncating(learningRate), eps = T.CreateTruncating(Options.Epsilon);
        Span<T> w = Parameters.Values.AsSpan(offset, length), m = _m.AsSpan(offset, length), v = _v.AsSpan(offset, length);
        ReadOnlySpan<T> g = Parameters.Gradients.AsSpan(offset, length);
        int n = w.Length, i = 0, width = Vector<T>.Count;
        var b1v = new Vector<T>(b1); var b2v = new Vector<T>(b2); var a1v = new Vector<T>(a1); var a2v = new Vector<T>(a2);
        var c1v = new Vector<T>(c1); var c2v = new Vector<T>(c2); var lrv = new Vector<T>(lr); var epsv = new Vector<T>(eps);
        for (; i <= n - width; i += width)
        {
            var gi = new Vector<T>(g.Slice(i));
            var mi = b1v * new Vector<T>(m.Slice(i)) + a1v * gi;          // m ← β1 m + (1 − β1) g
            var vi = b2v * new Vector<T>(v.Slice(i)) + a2v * gi * gi;     // v ← β2 v + (1 − β2) g²
            mi.CopyTo(m.Slice(i));
            vi.CopyTo(v.Slice(i));
            var step = lrv * (mi * c1v) / (epsv + Vector.SquareRoot(vi * c2v)); // η m̂ / (ε + √v̂)
            (new Vector<T>(w.Slice(i)) - step).CopyTo(w.Slice(i));
        }
        for (; i < n; i++)
        {
            T gi = g[i];
            m[i] = b1 * m[i] + a1 * gi;
            v[i] = b2 * v[i] + a2 * gi * gi;
            w[i] -= lr * (m[i] * c1) / (eps + T.Sqrt(v[i] * c2));
        }
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Array> GetState()
    {
        var s = new Dictionary<string, Array>(StringComparer.Ordinal);
        StateArrays.AddPerParameter(s, "adam.m.", Parameters, _m);
        StateArrays.AddPerParameter(s, "adam.v.", Parameters, _v);
        s["adam.step"] = new[] { StepCount };
        s["adam.hyperparameters"] = new[] { Options.LearningRate, Options.Beta1, Options.Beta2, Options.Epsilon };
        return s;
    }

    /// <inheritdoc/>
    public void SetState(IReadOnlyDictionary<string, Array> state)
    {
        var h = StateArrays.Read<double>(state, "adam.hyperparameters", 4);
        string[] names = ["learning rate", "β1", "β2", "ε"];
        double[] mine = [Options.LearningRate, Options.Beta1, Options.Beta2, Options.Epsilon];
        for (int k = 0; k < 4; k++)
            if (BitConverter.DoubleToInt64Bits(h[k]) != BitConverter.DoubleToInt64Bits(mine[k]))
                throw new InvalidConfigException($"The saved run used Adam {names[k]} = {h[k]:R} but this one has {mine[k]:R}; resume with the saved value or start a new run.");
        long step = StateArrays.Read<long>(state, "adam.step", 1)[0];
        StateArrays.ReadPerParameter(state, "adam.m.", Parameters, _m);
        StateArrays.ReadPerParameter(state, "adam.v.", Parameters, _v);
        StepCount = step;
    }
}
