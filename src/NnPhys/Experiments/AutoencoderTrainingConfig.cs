using NnPhys.Architectures;
using NnPhys.Training;

namespace NnPhys.Experiments;

/// <summary>
/// Configuration of the SPEC §1 training run (fokker-planck-to-callan-symanzik §4): the MNIST autoencoder with two linear
/// 2-d bottleneck layers b1 (200×2) and b2 (2×2), MSE, Adam, minibatches. Defaults are the paper's.
/// </summary>
/// <param name="Digits">MNIST digits to train on (paper: 0–5, 36,017 training images).</param>
/// <param name="Epochs">Epochs to train (paper: 80).</param>
/// <param name="BatchSize">Minibatch size (paper: 128).</param>
/// <param name="LearningRate">Adam η (1e-3); β1 = 0.9, β2 = 0.999, ε = 1e-8 are fixed as in eq. (9).</param>
/// <param name="Seed">Seed of initialization, shuffling and the evaluation subset.</param>
/// <param name="EvaluationSize">Images in the fixed evaluation set whose latent outputs and b1 inputs are recorded every epoch.</param>
/// <param name="BottleneckGain">b1, b2 start N(0, gain²/fan_in) (see <see cref="AutoencoderOptions"/>).</param>
public sealed record AutoencoderTrainingConfig(
    int[] Digits, int Epochs = 80, int BatchSize = 128, double LearningRate = 1e-3, ulong Seed = 0,
    int EvaluationSize = 2000, double BottleneckGain = 1.0)
{
    /// <summary>The paper's digits 0–5.</summary>
    public static int[] PaperDigits { get; } = [0, 1, 2, 3, 4, 5];

    /// <summary>Checks every value; throws <see cref="InvalidConfigException"/> naming the bad one and a fix.</summary>
    public void Validate()
    {
        if (Digits is null || Digits.Length == 0 || Digits.Any(d => d is < 0 or > 9) || Digits.Distinct().Count() != Digits.Length)
            throw new InvalidConfigException("Digits must be distinct values in 0..9, e.g. 0-5.");
        Check.Positive(Epochs, "Epochs", "80");
        Check.Positive(BatchSize, "Batch size", "128");
        Check.Positive(EvaluationSize, "Evaluation-set size", "2000");
        new AdamOptions(LearningRate).Validate();
        if (!double.IsFinite(BottleneckGain) || BottleneckGain <= 0)
            throw new InvalidConfigException($"Bottleneck gain must be a positive finite number, got {BottleneckGain}; the default is 1.");
    }

    /// <summary>The network description this config trains.</summary>
    public Architecture Architecture() => Architectures.Architecture.Autoencoder(new AutoencoderOptions(BottleneckGain: BottleneckGain));
}
