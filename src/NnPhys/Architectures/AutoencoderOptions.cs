namespace NnPhys.Architectures;

/// <summary>
/// Sizes and bottleneck initialization of the SPEC §1 autoencoder (fokker-planck-to-callan-symanzik):
/// Input→Hidden1→Hidden2 (ReLU) → b1: Hidden2→Latent linear, no bias → b2: Latent→Latent linear, no bias →
/// Latent→Hidden2→Hidden1 (ReLU) → Input (sigmoid). Defaults are the paper's 784, 512, 200, 2.
/// </summary>
/// <param name="InputSize">Pixels per image (784 for MNIST).</param>
/// <param name="Hidden1">Width of enc1 and dec2 (512).</param>
/// <param name="Hidden2">Width of enc2 and dec1, and number of rows of b1 (200).</param>
/// <param name="LatentSize">Bottleneck dimension (2): b1 rows are points in R^LatentSize.</param>
/// <param name="BottleneckGain">b1 and b2 weights start N(0, gain²/fan_in): std 1/√200 ≈ 0.0707 for b1 and
/// 1/√2 ≈ 0.707 for b2 at gain 1 (LeCun normal, variance-preserving through the linear bottleneck).</param>
/// <param name="B1Std">If set, overrides b1's weight standard deviation.</param>
/// <param name="B2Std">If set, overrides b2's weight standard deviation.</param>
public sealed record AutoencoderOptions(
    int InputSize = 784, int Hidden1 = 512, int Hidden2 = 200, int LatentSize = 2,
    double BottleneckGain = 1.0, double? B1Std = null, double? B2Std = null)
{
    /// <summary>The paper's sizes and the default bottleneck initialization.</summary>
    public static AutoencoderOptions Paper { get; } = new();

    /// <summary>Initial distribution of b1's weights.</summary>
    public Initializer B1Initializer => B1Std is double s ? Initializer.Normal(s) : Initializer.ScaledNormal(BottleneckGain);
    /// <summary>Initial distribution of b2's weights.</summary>
    public Initializer B2Initializer => B2Std is double s ? Initializer.Normal(s) : Initializer.ScaledNormal(BottleneckGain);
}
