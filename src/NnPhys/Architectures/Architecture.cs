namespace NnPhys.Architectures;

/// <summary>
/// The build plan of a feed-forward network: an ordered list of named dense layers, each fused with its activation and
/// carrying its own abcd parameterization. <see cref="LayerStack.ToArchitecture"/> makes one from the layer-stack
/// description; <c>NnPhys.Networks.Network&lt;T&gt;</c> builds a trainable instance from it, and ensemble samplers
/// sample that network's initialisation, so they cannot disagree about the network.
/// </summary>
public sealed partial class Architecture
{
    readonly DenseLayerSpec[] _layers;
    readonly Dictionary<string, int> _indexByName;

    /// <summary>The layers, input side first.</summary>
    public IReadOnlyList<DenseLayerSpec> Layers => _layers;
    /// <summary>Dimension of the network input (the first layer's fan-in).</summary>
    public int InputSize => _layers[0].InputSize;
    /// <summary>Dimension of the network output (the last layer's fan-out).</summary>
    public int OutputSize => _layers[^1].OutputSize;
    /// <summary>Total number of trainable scalars.</summary>
    public int ParameterCount { get; }

    /// <summary>Describes a network from its layers (input side first).</summary>
    /// <exception cref="InvalidConfigException">No layers, a bad layer, duplicate names, or consecutive sizes that do not chain.</exception>
    public Architecture(IEnumerable<DenseLayerSpec> layers)
    {
        _layers = layers.ToArray();
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
    public Initializer WeightInitializerOf(DenseLayerSpec layer) => layer.WeightInitializerOrNatural;

    /// <summary>Initial distribution of a layer's bias (its own, or the parameterization's natural one).</summary>
    public Initializer BiasInitializerOf(DenseLayerSpec layer) => layer.BiasInitializerOrNatural;

    /// <summary>A copy with one layer replaced by <paramref name="change"/>(layer); names and sizes must still chain.</summary>
    public Architecture WithLayer(string layerName, Func<DenseLayerSpec, DenseLayerSpec> change)
    {
        var copy = (DenseLayerSpec[])_layers.Clone();
        int i = IndexOf(layerName);
        copy[i] = change(copy[i]);
        return new Architecture(copy);
    }

    /// <summary>A copy whose layer k of K has parameterization preset(k, K) (e.g. <see cref="Parameterizations.Ntk"/>),
    /// and, if given, σ_w and σ_b on every layer.</summary>
    public Architecture WithParameterization(Func<int, int, LayerParameterization> preset, double? weightStd = null, double? biasStd = null) =>
        new(_layers.Select((l, k) => l with
        {
            Parameterization = preset(k, _layers.Length),
            WeightStd = weightStd ?? l.WeightStd,
            BiasStd = biasStd ?? l.BiasStd,
        }));

    /// <summary>One line per layer, e.g. "enc1: Dense(784→512) relu".</summary>
    public override string ToString() => string.Join("\n", _layers.Select(l => l.ToString()));
}
