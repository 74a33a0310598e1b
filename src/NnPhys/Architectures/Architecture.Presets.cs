namespace NnPhys.Architectures;

public sealed partial class Architecture
{
    /// <summary>Layer names of <see cref="Autoencoder"/>, input side first.</summary>
    public static IReadOnlyList<string> AutoencoderLayerNames { get; } = ["enc1", "enc2", "b1", "b2", "dec1", "dec2", "out"];

    /// <summary>
    /// The SPEC §1 autoencoder of fokker-planck-to-callan-symanzik: 784→512→200 (ReLU) → "b1" 200→2 linear, no bias →
    /// "b2" 2→2 linear, no bias → 2→200→512 (ReLU) → 784 (sigmoid). Layers enc1, enc2, b1, b2, dec1, dec2, out.
    /// b1's weight is the 200×2 matrix whose rows are points in R²; b2's is 2×2. Bottleneck weights start Gaussian
    /// (see <see cref="AutoencoderOptions"/>); all other layers use PyTorch's nn.Linear default initialization, so runs
    /// are comparable with the PyTorch reference. Standard parameterization.
    /// </summary>
    /// <exception cref="InvalidConfigException">A size is not positive or an initialization scale is invalid.</exception>
    public static Architecture Autoencoder(AutoencoderOptions? options = null)
    {
        var o = options ?? AutoencoderOptions.Paper;
        var torch = Initializer.TorchDefault;
        return new Architecture(
        [
            new DenseLayerSpec("enc1", o.InputSize, o.Hidden1, true, Activation.ReLU, torch, torch),
            new DenseLayerSpec("enc2", o.Hidden1, o.Hidden2, true, Activation.ReLU, torch, torch),
            new DenseLayerSpec("b1", o.Hidden2, o.LatentSize, false, Activation.Identity, o.B1Initializer),
            new DenseLayerSpec("b2", o.LatentSize, o.LatentSize, false, Activation.Identity, o.B2Initializer),
            new DenseLayerSpec("dec1", o.LatentSize, o.Hidden2, true, Activation.ReLU, torch, torch),
            new DenseLayerSpec("dec2", o.Hidden2, o.Hidden1, true, Activation.ReLU, torch, torch),
            new DenseLayerSpec("out", o.Hidden1, o.InputSize, true, Activation.Sigmoid, torch, torch),
        ], Parameterization.Standard());
    }

    /// <summary>
    /// A fully connected network: <paramref name="depth"/> hidden layers "h1".."hL" of the given width and activation,
    /// then a linear readout "out", all with biases and the parameterization's natural initialization.
    /// </summary>
    /// <exception cref="InvalidConfigException">A size or depth is not positive, or σ_w/σ_b is invalid.</exception>
    public static Architecture Mlp(int inputSize, int width, int depth, int outputSize, Activation activation, Parameterization? parameterization = null)
    {
        if (depth < 0) throw new InvalidConfigException($"MLP depth {depth} is negative; use 0 or more hidden layers.");
        var layers = new List<DenseLayerSpec>();
        int fanIn = inputSize;
        for (int l = 1; l <= depth; l++)
        {
            layers.Add(new DenseLayerSpec($"h{l}", fanIn, width, true, activation));
            fanIn = width;
        }
        layers.Add(new DenseLayerSpec("out", fanIn, outputSize, true, Activation.Identity));
        return new Architecture(layers, parameterization);
    }
}
