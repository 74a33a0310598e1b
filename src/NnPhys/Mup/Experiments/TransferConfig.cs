using NnPhys.Architectures;

namespace NnPhys.Mup.Experiments;

/// <summary>
/// Configuration of <c>nnphys mup transfer</c>: for each parameterization and width, train the abcd MLP on an MNIST
/// subset at every learning rate of a log₂ grid and record the loss, to see whether the optimal η₀ stays put as the
/// width grows (μP's promise, Yang et al. "Tensor Programs V") or moves (standard parameterization).
/// </summary>
/// <param name="Widths">Hidden widths N (ascending after validation).</param>
/// <param name="Parameterizations">Preset names.</param>
/// <param name="Log2LearningRates">The grid of log₂ η₀.</param>
/// <param name="Optimizer">SGD (eq. 106's rates) or Adam (docs/mup.md's tables).</param>
/// <param name="HiddenLayers">Hidden layers.</param>
/// <param name="TrainImages">Training images (the first of a seeded shuffle of the MNIST training set).</param>
/// <param name="TestImages">Held-out images (MNIST test set) for the test loss.</param>
/// <param name="Epochs">Passes over the training images.</param>
/// <param name="Batch">Minibatch size.</param>
/// <param name="Activation">σ (default ReLU).</param>
/// <param name="Seed">Master seed: the same initialization and batch order for every learning rate of a width.</param>
public sealed record TransferConfig(int[] Widths, string[] Parameterizations, double[] Log2LearningRates, MupOptimizer Optimizer = MupOptimizer.Sgd,
    int HiddenLayers = 2, int TrainImages = 2000, int TestImages = 1000, int Epochs = 2, int Batch = 50, Activation? Activation = null, ulong Seed = 0)
{
    /// <summary>σ, ReLU unless set.</summary>
    public Activation Sigma => Activation ?? NnPhys.Architectures.Activation.ReLU;

    /// <summary>Default widths: 128 … 1024 (the issue suggests 128 … 2048; kept small for a shared 2-core machine).</summary>
    public static int[] DefaultWidths => [128, 256, 512, 1024];

    /// <summary>Default grid: log₂ η₀ = −5, −4, …, 3 (brackets both optima on MNIST: standard ≈ 2^−1…2^−3, μP ≈ 2^1).</summary>
    public static double[] DefaultLog2LearningRates => Enumerable.Range(-5, 9).Select(i => (double)i).ToArray();

    /// <summary>Throws on any invalid field, before anything is written or loaded.</summary>
    public void Validate()
    {
        if (Widths is null || Widths.Length < 2) throw new InvalidConfigException("A transfer sweep needs at least two widths; pass e.g. --widths 128,256,512.");
        foreach (var w in Widths)
            if (w <= 0) throw new InvalidConfigException($"Width {w} is not positive; widths must be positive integers, e.g. --widths 128,256,512.");
        if (Widths.Distinct().Count() != Widths.Length) throw new InvalidConfigException($"Widths {string.Join(",", Widths)} repeat a value; give each once.");
        if (Parameterizations is null || Parameterizations.Length == 0)
            throw new InvalidConfigException($"No parameterization given; use some of: {string.Join(", ", WidthScaling.ValidNames)}.");
        foreach (var p in Parameterizations) WidthScaling.Canonical(p);
        if (Log2LearningRates is null || Log2LearningRates.Length < 3 || Log2LearningRates.Any(v => !double.IsFinite(v) || Math.Abs(v) > 40))
            throw new InvalidConfigException("The learning-rate grid needs at least 3 finite log₂ η₀ values within ±40; pass e.g. --log2-lr -8:2.");
        if (HiddenLayers <= 0) throw new InvalidConfigException($"Hidden layers must be positive, got {HiddenLayers}; e.g. 2.");
        if (TrainImages <= 0 || TrainImages > 60000) throw new InvalidConfigException($"Training images {TrainImages} must be in 1…60000; e.g. 2000.");
        if (TestImages <= 0 || TestImages > 10000) throw new InvalidConfigException($"Test images {TestImages} must be in 1…10000; e.g. 1000.");
        if (Epochs <= 0) throw new InvalidConfigException($"Epochs must be positive, got {Epochs}; e.g. 2.");
        if (Batch <= 0 || Batch > TrainImages) throw new InvalidConfigException($"Batch {Batch} must be in 1…{TrainImages} (the training images); e.g. 50.");
        if ((long)Widths.Max() * Widths.Max() * (HiddenLayers - 1) > 100_000_000)
            throw new InvalidConfigException($"Width {Widths.Max()} with {HiddenLayers} hidden layers is too large for this sweep; use widths ≤ 4096.");
    }
}
