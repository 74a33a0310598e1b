using System.Numerics;
using NnPhys.Architectures;
using NnPhys.Numerics;

namespace NnPhys.Networks;

/// <summary>
/// A trainable feed-forward network built from an <see cref="Architecture"/>, in float (speed) or double (exact
/// gradient checks). <see cref="Forward"/> runs a batch and keeps every layer's activations; <see cref="Backward"/>
/// walks the layers in reverse and adds ∂L/∂θ into <see cref="ParameterSet{T}.Gradients"/>. Parameters, gradients
/// and last activations are addressed by layer name. <see cref="Predict"/> and <see cref="LayerOutputs"/> evaluate
/// large input sets in batches without touching the training activations.
/// </summary>
public sealed class Network<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly DenseLayer<T>[] _layers;
    readonly ActivationCache<T> _training;
    readonly ActivationCache<T> _inference;

    /// <summary>The description this network was built from.</summary>
    public Architecture Architecture { get; }
    /// <summary>All weights and biases ("{layer}.weight" (in, out), "{layer}.bias" (out)) and their gradients.</summary>
    public ParameterSet<T> Parameters { get; }
    /// <summary>The layers, input side first.</summary>
    public IReadOnlyList<DenseLayer<T>> Layers => _layers;
    /// <summary>Input dimension.</summary>
    public int InputSize => Architecture.InputSize;
    /// <summary>Output dimension.</summary>
    public int OutputSize => Architecture.OutputSize;
    /// <summary>Rows of the last <see cref="Forward"/> call.</summary>
    public int LastBatchSize => _training.BatchSize;

    /// <summary>Builds the network and draws its initial parameters from <paramref name="random"/> (see <see cref="Initialize"/>).</summary>
    public Network(Architecture architecture, RandomStream random) : this(architecture) => Initialize(random);

    /// <summary>Builds the network a layer stack describes (<see cref="LayerStack.ToArchitecture"/>) and draws its
    /// initial parameters from <paramref name="random"/>.</summary>
    /// <exception cref="InvalidConfigException">The stack cannot be built; the message says why.</exception>
    public Network(LayerStack stack, RandomStream random) : this(stack.ToArchitecture(), random) { }

    /// <summary>Builds the network a layer stack describes, all parameters zero.</summary>
    /// <exception cref="InvalidConfigException">The stack cannot be built; the message says why.</exception>
    public Network(LayerStack stack) : this(stack.ToArchitecture()) { }

    /// <summary>Builds the network with all parameters zero.</summary>
    public Network(Architecture architecture)
    {
        Architecture = architecture;
        var tensors = new List<(string, int[], double)>();
        foreach (var spec in architecture.Layers)
        {
            // per-tensor learning-rate factor n^(−c) from the layer's abcd parameterization (tasi eq. 106)
            tensors.Add((spec.WeightName, [spec.InputSize, spec.OutputSize], spec.LearningRateScale));
            if (spec.HasBias) tensors.Add((spec.BiasName, [spec.OutputSize], spec.LearningRateScale));
        }
        Parameters = new ParameterSet<T>(tensors);
        _training = new ActivationCache<T>(architecture);
        _inference = new ActivationCache<T>(architecture);
        _layers = new DenseLayer<T>[architecture.Layers.Count];
        for (int l = 0; l < _layers.Length; l++)
            _layers[l] = new DenseLayer<T>(architecture.Layers[l], l, Parameters, _training);
    }

    /// <summary>
    /// Redraws all parameters. Layer l's weights come from <c>random.Fork(2l)</c> and its bias from
    /// <c>random.Fork(2l + 1)</c> (row-major, drawn in double), so changing one layer's initializer leaves the others'
    /// draws unchanged, and float and double networks from the same stream agree up to rounding.
    /// </summary>
    public void Initialize(RandomStream random)
    {
        for (int l = 0; l < _layers.Length; l++)
        {
            var spec = _layers[l].Spec;
            Fill(Architecture.WeightInitializerOf(spec), random.Fork((ulong)(2 * l)), spec.InputSize, _layers[l].Weight);
            if (spec.HasBias) Fill(Architecture.BiasInitializerOf(spec), random.Fork((ulong)(2 * l + 1)), spec.InputSize, _layers[l].Bias);
        }
    }

    /// <summary>
    /// An independent copy with the same architecture and parameter values (gradients zero, no activations) — e.g. to
    /// evaluate a network whose b1/b2 weights are replaced by theoretical ones without touching the trained one.
    /// </summary>
    public Network<T> Clone()
    {
        var copy = new Network<T>(Architecture);
        Parameters.Values.AsSpan().CopyTo(copy.Parameters.Values);
        return copy;
    }

    static void Fill(Initializer initializer, RandomStream random, int fanIn, Span<T> destination)
    {
        var draws = new double[destination.Length];
        initializer.Sample(random, fanIn, draws);
        for (int i = 0; i < draws.Length; i++) destination[i] = T.CreateTruncating(draws[i]);
    }

    /// <summary>The named layer.</summary>
    /// <exception cref="InvalidConfigException">No layer has that name; the message lists the names.</exception>
    public DenseLayer<T> Layer(string name) => _layers[Architecture.IndexOf(name)];

    /// <summary>
    /// Training forward pass on <paramref name="batch"/> rows: <paramref name="inputs"/> is (batch, in) row-major.
    /// Keeps every layer's input, pre-activation and output for <see cref="Backward"/> and for inspection.
    /// Returns the network output (batch, out), valid until the next Forward.
    /// </summary>
    /// <exception cref="ArgumentException">The input length is not batch·in, or batch is not positive.</exception>
    public ReadOnlySpan<T> Forward(ReadOnlySpan<T> inputs, int batch)
    {
        CheckBatch(inputs.Length, batch, InputSize, nameof(inputs));
        RunForward(_training, inputs, batch, _layers.Length);
        return _training.Outputs[^1].AsSpan(0, batch * OutputSize);
    }

    /// <summary>
    /// Backward pass for the last <see cref="Forward"/>: given ∂L/∂output (batch, out), adds ∂L/∂θ into the gradients
    /// (+=; zero them first with <see cref="ParameterSet{T}.ZeroGradients"/>). If <paramref name="inputGradient"/> is not
    /// empty it receives ∂L/∂input (batch, in).
    /// </summary>
    /// <exception cref="InvalidOperationException">No forward pass has run.</exception>
    /// <exception cref="ArgumentException">A span length does not match the last batch.</exception>
    public void Backward(ReadOnlySpan<T> outputGradient, Span<T> inputGradient = default)
    {
        int batch = _training.BatchSize;
        if (batch == 0) throw new InvalidOperationException("Backward needs a Forward pass first.");
        CheckBatch(outputGradient.Length, batch, OutputSize, nameof(outputGradient));
        if (!inputGradient.IsEmpty) CheckBatch(inputGradient.Length, batch, InputSize, nameof(inputGradient));
        RunBackward(outputGradient, inputGradient, lowest: 0, parameterGradients: null);
    }

    /// <summary>
    /// Backward pass for the last <see cref="Forward"/> that computes only the parameter gradients of the named layers:
    /// it walks down from the output to the lowest of them, adds their ∂L/∂W and ∂L/∂b into the gradients (+=) and
    /// leaves every other layer's gradients untouched; layers below the lowest one are not visited. The named layers'
    /// gradients are bit-for-bit those of <see cref="Backward"/> (the same operations in the same order), at a fraction of
    /// its cost when the layers are near the output or narrow — e.g. the full-batch gradient of the bottleneck layers b1, b2.
    /// </summary>
    /// <exception cref="InvalidOperationException">No forward pass has run.</exception>
    /// <exception cref="ArgumentException">The span length does not match the last batch, or no layer is named.</exception>
    /// <exception cref="InvalidConfigException">A name is not a layer of this network.</exception>
    public void Backward(ReadOnlySpan<T> outputGradient, IReadOnlyCollection<string> layers)
    {
        int batch = _training.BatchSize;
        if (batch == 0) throw new InvalidOperationException("Backward needs a Forward pass first.");
        CheckBatch(outputGradient.Length, batch, OutputSize, nameof(outputGradient));
        if (layers.Count == 0) throw new ArgumentException("Name at least one layer whose gradients to compute.", nameof(layers));
        var wanted = new bool[_layers.Length];
        int lowest = _layers.Length;
        foreach (var name in layers)
        {
            int l = Architecture.IndexOf(name);
            wanted[l] = true;
            lowest = Math.Min(lowest, l);
        }
        RunBackward(outputGradient, default, lowest, wanted);
    }

    /// <summary>Walks layers last..lowest; layer l adds its parameter gradients when parameterGradients is null or
    /// parameterGradients[l]; ∂L/∂input of layer lowest goes to inputGradient when lowest is 0 and it is not empty.</summary>
    void RunBackward(ReadOnlySpan<T> outputGradient, Span<T> inputGradient, int lowest, bool[]? parameterGradients)
    {
        int batch = _training.BatchSize;
        var c = _training;
        Span<T> delta = c.DeltaA, next = c.DeltaB;
        outputGradient.CopyTo(delta);
        for (int l = _layers.Length - 1; l >= lowest; l--)
        {
            var layer = _layers[l];
            int nIn = layer.InputSize, nOut = layer.OutputSize;
            Span<T> dx = l > lowest ? next.Slice(0, batch * nIn) : lowest == 0 ? inputGradient : default;
            layer.Backward(c.Outputs[l].AsSpan(0, batch * nIn), c.PreActivations[l].AsSpan(0, batch * nOut),
                c.Outputs[l + 1].AsSpan(0, batch * nOut), delta.Slice(0, batch * nOut), batch, dx,
                parameterGradients is null || parameterGradients[l]);
            var swap = delta; delta = next; next = swap;
        }
    }

    /// <summary>Network outputs for every row of <paramref name="inputs"/> (rows, in), computed in batches of
    /// <paramref name="batchSize"/> rows. Returns a new (rows, out) matrix; training activations are untouched.</summary>
    /// <exception cref="ArgumentException">The input width is not the network's input size, or batchSize ≤ 0.</exception>
    public Matrix<T> Predict(Matrix<T> inputs, int batchSize = 1024) => LayerOutputs(_layers[^1].Name, inputs, batchSize);

    /// <summary>
    /// Outputs a = φ(z) of the named layer for every row of <paramref name="inputs"/> (rows, in), e.g. the latent
    /// coordinates after "b1" or "b2". Runs the layers up to that one only, in batches. Returns a new (rows, out_layer) matrix.
    /// </summary>
    /// <exception cref="InvalidConfigException">No layer has that name.</exception>
    /// <exception cref="ArgumentException">The input width is not the network's input size, or batchSize ≤ 0.</exception>
    public Matrix<T> LayerOutputs(string layerName, Matrix<T> inputs, int batchSize = 1024)
    {
        int last = Architecture.IndexOf(layerName);
        if (inputs.Cols != InputSize) throw new ArgumentException($"Inputs have {inputs.Cols} columns but the network takes {InputSize}.", nameof(inputs));
        if (batchSize <= 0) throw new ArgumentException($"Batch size {batchSize} must be positive.", nameof(batchSize));
        int width = _layers[last].OutputSize;
        var result = new Matrix<T>(inputs.Rows, width);
        for (int start = 0; start < inputs.Rows; start += batchSize)
        {
            int rows = Math.Min(batchSize, inputs.Rows - start);
            RunForward(_inference, inputs.Data.AsSpan(start * InputSize, rows * InputSize), rows, last + 1);
            _inference.Outputs[last + 1].AsSpan(0, rows * width).CopyTo(result.Data.AsSpan(start * width));
        }
        return result;
    }

    /// <summary>
    /// Outputs of several layers for every row of <paramref name="inputs"/> in one pass (e.g. "enc2", "b1", "b2" on an
    /// evaluation set): the layers up to the deepest named one run once per batch, and each named layer's output is
    /// copied out. Each result equals <see cref="LayerOutputs(string, Matrix{T}, int)"/> of that layer bit for bit.
    /// Returns one new (rows, out_layer) matrix per name, in the order given; training activations are untouched.
    /// </summary>
    /// <exception cref="InvalidConfigException">A name is not a layer of this network.</exception>
    /// <exception cref="ArgumentException">The input width is not the network's input size, no layer is named, or batchSize ≤ 0.</exception>
    public Matrix<T>[] LayerOutputs(IReadOnlyList<string> layerNames, Matrix<T> inputs, int batchSize = 1024)
    {
        if (layerNames.Count == 0) throw new ArgumentException("Name at least one layer.", nameof(layerNames));
        var indices = layerNames.Select(Architecture.IndexOf).ToArray();
        if (inputs.Cols != InputSize) throw new ArgumentException($"Inputs have {inputs.Cols} columns but the network takes {InputSize}.", nameof(inputs));
        if (batchSize <= 0) throw new ArgumentException($"Batch size {batchSize} must be positive.", nameof(batchSize));
        var results = indices.Select(l => new Matrix<T>(inputs.Rows, _layers[l].OutputSize)).ToArray();
        int deepest = indices.Max();
        for (int start = 0; start < inputs.Rows; start += batchSize)
        {
            int rows = Math.Min(batchSize, inputs.Rows - start);
            RunForward(_inference, inputs.Data.AsSpan(start * InputSize, rows * InputSize), rows, deepest + 1);
            for (int k = 0; k < indices.Length; k++)
            {
                int width = _layers[indices[k]].OutputSize;
                _inference.Outputs[indices[k] + 1].AsSpan(0, rows * width).CopyTo(results[k].Data.AsSpan(start * width));
            }
        }
        return results;
    }

    void RunForward(ActivationCache<T> cache, ReadOnlySpan<T> inputs, int batch, int layerCount)
    {
        cache.EnsureCapacity(batch);
        cache.BatchSize = batch;
        inputs.CopyTo(cache.Outputs[0]);
        for (int l = 0; l < layerCount; l++)
        {
            var layer = _layers[l];
            int nIn = layer.InputSize, nOut = layer.OutputSize;
            // (batch, in_l) → (batch, out_l)
            layer.Forward(cache.Outputs[l].AsSpan(0, batch * nIn), batch,
                cache.PreActivations[l].AsSpan(0, batch * nOut), cache.Outputs[l + 1].AsSpan(0, batch * nOut));
        }
    }

    static void CheckBatch(int length, int batch, int width, string name)
    {
        if (batch <= 0) throw new ArgumentException($"Batch size {batch} must be positive.", name);
        if (length != (long)batch * width) throw new ArgumentException($"'{name}' has {length} elements; a batch of {batch} rows of width {width} needs {(long)batch * width}.", name);
    }
}
