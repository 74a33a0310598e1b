using System.Numerics;

namespace NnPhys.Networks;

/// <summary>Where one named parameter tensor lives inside a <see cref="ParameterSet{T}"/>'s flat arrays.</summary>
/// <param name="Name">e.g. "b1.weight".</param>
/// <param name="Offset">Index of its first element in the flat arrays.</param>
/// <param name="Shape">Its shape, row-major: (in, out) for weights, (out) for biases.</param>
/// <param name="LearningRateScale">Factor on the optimizer's learning rate for this tensor (n^(−c) of its layer's abcd
/// parameterization, tasi-physics-for-ml eq. (106)); 1 for a single global rate.</param>
public sealed record NamedParameter(string Name, int Offset, IReadOnlyList<int> Shape, double LearningRateScale = 1)
{
    /// <summary>Number of elements (product of the shape).</summary>
    public int Length { get; } = Shape.Aggregate(1, (p, d) => checked(p * d));
}

/// <summary>
/// All trainable parameters of a model in one flat array, with their gradients in a second flat array of the same
/// layout, and a name for every tensor. Optimizers update the flat arrays in one vectorized pass; everything else
/// addresses tensors by name.
/// </summary>
public sealed class ParameterSet<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly NamedParameter[] _entries;
    readonly Dictionary<string, NamedParameter> _byName = new(StringComparer.Ordinal);

    /// <summary>All parameter values, tensor after tensor in <see cref="Entries"/> order.</summary>
    public T[] Values { get; }
    /// <summary>∂L/∂θ with the same layout as <see cref="Values"/>; backward passes add into it.</summary>
    public T[] Gradients { get; }
    /// <summary>The named tensors in storage order.</summary>
    public IReadOnlyList<NamedParameter> Entries => _entries;
    /// <summary>Total number of scalars.</summary>
    public int Count => Values.Length;
    /// <summary>True when every tensor's <see cref="NamedParameter.LearningRateScale"/> is exactly 1, so optimizers can
    /// update the flat arrays in one pass.</summary>
    public bool HasUniformLearningRate { get; }

    /// <summary>Lays out the given named tensors contiguously, all values and gradients zero, learning-rate scales 1.</summary>
    /// <exception cref="ArgumentException">A name repeats or a shape has a non-positive dimension.</exception>
    public ParameterSet(IEnumerable<(string Name, int[] Shape)> tensors) : this(tensors.Select(t => (t.Name, t.Shape, 1.0))) { }

    /// <summary>Lays out the given named tensors contiguously with their learning-rate scales, all values and gradients zero.</summary>
    /// <exception cref="ArgumentException">A name repeats, a shape has a non-positive dimension, or a scale is not finite and positive.</exception>
    public ParameterSet(IEnumerable<(string Name, int[] Shape, double LearningRateScale)> tensors)
    {
        var list = new List<NamedParameter>();
        int offset = 0;
        foreach (var (name, shape, scale) in tensors)
        {
            if (shape.Length == 0 || shape.Any(d => d <= 0)) throw new ArgumentException($"Parameter '{name}' has shape ({string.Join(", ", shape)}); dimensions must be positive.");
            if (!(scale > 0) || !double.IsFinite(scale)) throw new ArgumentException($"Parameter '{name}' has learning-rate scale {scale}; it must be finite and positive.");
            var entry = new NamedParameter(name, offset, (int[])shape.Clone(), scale);
            if (!_byName.TryAdd(name, entry)) throw new ArgumentException($"Parameter name '{name}' is used twice.");
            list.Add(entry);
            offset = checked(offset + entry.Length);
        }
        _entries = list.ToArray();
        HasUniformLearningRate = _entries.All(e => e.LearningRateScale == 1);
        Values = new T[offset];
        Gradients = new T[offset];
    }

    /// <summary>The named tensor's layout.</summary>
    /// <exception cref="KeyNotFoundException">No tensor has that name; the message lists the names.</exception>
    public NamedParameter Find(string name) => _byName.TryGetValue(name, out var e) ? e
        : throw new KeyNotFoundException($"No parameter is named '{name}'; the parameters are: {string.Join(", ", _entries.Select(x => x.Name))}.");

    /// <summary>Whether a tensor of that name exists.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The named tensor's values (row-major), writable in place.</summary>
    public Span<T> Value(string name) { var e = Find(name); return Values.AsSpan(e.Offset, e.Length); }

    /// <summary>The named tensor's gradient (row-major), writable in place.</summary>
    public Span<T> Gradient(string name) { var e = Find(name); return Gradients.AsSpan(e.Offset, e.Length); }

    /// <summary>Sets every gradient to zero (call before each backward pass; backward accumulates with +=).</summary>
    public void ZeroGradients() => Gradients.AsSpan().Clear();
}
