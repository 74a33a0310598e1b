namespace NnPhys.Architectures;

/// <summary>
/// An immutable description of a feed-forward network: an ordered list of named dense layers and a parameterization.
/// It says what the network is; <c>NnPhys.Networks.Network&lt;T&gt;</c> builds a trainable instance from it, and
/// ensemble samplers and kernel code read the same description, so they cannot disagree about the network.
/// </summary>
public sealed partial class Architecture
{
    readonly DenseLayerSpec[] _layers;
    readonly Dictionary<string, int> _indexByName;

    /// <summary>The layers, input side first.</summary>
    public IReadOnlyList<DenseLayerSpec> Layers => _layers;
    /// <summary>How weights and biases are scaled (standard or NTK, σ_w, σ_b).</summary>
    public Parameterization Parameterization { get; }
    /// <summary>Dimension of the network input (the first layer's fan-in).</summary>
    public int InputSize => _layers[0].InputSize;
    /// <summary>Dimension of the network output (the last layer's fan-out).</summary>
    public int OutputSize => _layers[^1].OutputSize;
    /// <summary>Total number of trainable scalars.</summary>
    public int ParameterCount { get; }

    /// <summary>Describes a network from its layers (input side first).</summary>
    /// <exception cref="InvalidConfigException">No layers, a bad layer, duplicate names, or consecutive sizes that do not chain.</exception>
    public Architecture(IEnumerable<DenseLayerSpec> layers, Parameterization? parameterization = null)
    {
        _layers = layers.ToArray();
        Parameterization = parameterization ?? Parameterization.Standard();
        Parameterization.Validate();
        if (_layers.Length == 0) throw new InvalidConfigException("An architecture needs at least one layer; add a DenseLayerSpec.");
        _indexByName = new Dictionary<string, int>(StringComparer.Ordinal);
        long count = 0;
        for (int l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            layer.Validate();
            if (!_indexByName.TryAdd(layer.Name, l))
                throw new InvalidConfigException($"Two layers are named '{layer.Name}'; layer names must be unique.");
            if (l > 0 && _layers[l - 1].OutputSize != layer.InputSize)
                throw new InvalidConfigException(
                    $"Layer '{layer.Name}' takes {layer.InputSize} inputs but '{_layers[l - 1].Name}' gives {_layers[l - 1].OutputSize}; make the sizes chain.");
            count += layer.ParameterCount;
        }
        if (count > Array.MaxLength) throw new InvalidConfigException($"The network has {count} parameters, more than one array can hold; use smaller widths.");
        ParameterCount = (int)count;
    }

    /// <summary>Index of the named layer.</summary>
    /// <exception cref="InvalidConfigException">No layer has that name; the message lists the names.</exception>
    public int IndexOf(string layerName) => _indexByName.TryGetValue(layerName, out int i) ? i
        : throw new InvalidConfigException($"No layer is named '{layerName}'; the layers are: {string.Join(", ", _layers.Select(x => x.Name))}.");

    /// <summary>The named layer.</summary>
    /// <exception cref="InvalidConfigException">No layer has that name.</exception>
    public DenseLayerSpec Layer(string layerName) => _layers[IndexOf(layerName)];

    /// <summary>Whether a layer of that name exists.</summary>
    public bool HasLayer(string layerName) => _indexByName.ContainsKey(layerName);

    /// <summary>Initial distribution of a layer's weights (its own, or the parameterization's natural one).</summary>
    public Initializer WeightInitializerOf(DenseLayerSpec layer) => layer.WeightInitializer ?? Parameterization.NaturalWeightInitializer;

    /// <summary>Initial distribution of a layer's bias (its own, or the parameterization's natural one).</summary>
    public Initializer BiasInitializerOf(DenseLayerSpec layer) => layer.BiasInitializer ?? Parameterization.NaturalBiasInitializer;

    /// <summary>A copy with one layer replaced by <paramref name="change"/>(layer); names and sizes must still chain.</summary>
    public Architecture WithLayer(string layerName, Func<DenseLayerSpec, DenseLayerSpec> change)
    {
        var copy = (DenseLayerSpec[])_layers.Clone();
        int i = IndexOf(layerName);
        copy[i] = change(copy[i]);
        return new Architecture(copy, Parameterization);
    }

    /// <summary>A copy with another parameterization.</summary>
    public Architecture WithParameterization(Parameterization parameterization) => new(_layers, parameterization);

    /// <summary>One line per layer, e.g. "enc1: Dense(784→512) ReLU".</summary>
    public override string ToString() => $"{Parameterization}\n" + string.Join("\n", _layers.Select(l => l.ToString()));
}
