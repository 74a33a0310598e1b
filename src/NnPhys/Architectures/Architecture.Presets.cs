namespace NnPhys.Architectures;

public sealed partial class Architecture
{
    /// <summary>Layer names of <see cref="Autoencoder"/>, input side first.</summary>
    public static IReadOnlyList<string> AutoencoderLayerNames { get; } = ["enc1", "enc2", "b1", "b2", "dec1", "dec2", "out"];

    /// <summary>
    /// The SPEC §1 autoencoder of fokker-planck-to-callan-symanzik as a layer stack: 784→512→200 (ReLU) → "b1" 200→2
    /// linear, no bias → "b2" 2→2 linear, no bias → 2→200→512 (ReLU) → 784 (sigmoid). Layers enc1, enc2, b1, b2, dec1,
    /// dec2, out. b1's weight is the 200×2 matrix whose rows are points in R²; b2's is 2×2. Bottleneck weights start
    /// Gaussian (see <see cref="AutoencoderOptions"/>); all other layers use PyTorch's nn.Linear default
    /// initialization, so runs are comparable with the PyTorch reference. Standard parameterization.
    /// </summary>
    /// <exception cref="InvalidConfigException">A size is not positive or an initialization scale is invalid.</exception>
    public static LayerStack AutoencoderStack(AutoencoderOptions? options = null)
    {
        var o = options ?? AutoencoderOptions.Paper;
        var torch = Initializer.TorchDefault;
        return new LayerStack(o.InputSize,
        [
            new DenseSpec(o.Hidden1, Name: "enc1", WeightInitializer: torch, BiasInitializer: torch), new ActivationSpec(Activation.ReLU),
            new DenseSpec(o.Hidden2, Name: "enc2", WeightInitializer: torch, BiasInitializer: torch), new ActivationSpec(Activation.ReLU),
            new DenseSpec(o.LatentSize, Bias: false, Name: "b1", WeightInitializer: o.B1Initializer),
            new DenseSpec(o.LatentSize, Bias: false, Name: "b2", WeightInitializer: o.B2Initializer),
            new DenseSpec(o.Hidden2, Name: "dec1", WeightInitializer: torch, BiasInitializer: torch), new ActivationSpec(Activation.ReLU),
            new DenseSpec(o.Hidden1, Name: "dec2", WeightInitializer: torch, BiasInitializer: torch), new ActivationSpec(Activation.ReLU),
            new DenseSpec(o.InputSize, Name: "out", WeightInitializer: torch, BiasInitializer: torch), new ActivationSpec(Activation.Sigmoid),
        ]);
    }

    /// <summary>The build plan of <see cref="AutoencoderStack"/>.</summary>
    /// <exception cref="InvalidConfigException">A size is not positive or an initialization scale is invalid.</exception>
    public static Architecture Autoencoder(AutoencoderOptions? options = null) => AutoencoderStack(options).ToArchitecture();

    /// <summary>
    /// The build plan of <see cref="LayerStack.Mlp"/>: <paramref name="depth"/> hidden layers "h1".."hL" of the given
    /// width and activation, then a linear readout "out", all with biases, σ_w, σ_b and the preset parameterization
    /// (default standard).
    /// </summary>
    /// <exception cref="InvalidConfigException">A size or depth is not positive, or σ_w/σ_b is invalid.</exception>
    public static Architecture Mlp(int inputSize, int width, int depth, int outputSize, Activation activation,
        double weightStd = 1, double biasStd = 0, Func<int, int, LayerParameterization>? parameterization = null) =>
        LayerStack.Mlp(inputSize, width, depth, outputSize, activation, weightStd, biasStd, parameterization).ToArchitecture();
}
