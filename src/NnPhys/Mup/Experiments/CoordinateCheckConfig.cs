using NnPhys.Architectures;

namespace NnPhys.Mup.Experiments;

/// <summary>
/// Configuration of <c>nnphys mup coord-check</c>: an MLP of each width and parameterization, a few full-batch steps on
/// one fixed regression batch, and the RMS sizes of pre-activations at init, of the change of hidden features and of
/// the change of the output (tasi-physics-for-ml §4.3's three goals).
/// </summary>
/// <param name="Widths">Hidden widths N, ascending, each ≥ 1 (default 64 … 4096, doubling).</param>
/// <param name="Parameterizations">Preset names (standard, ntk, mup).</param>
/// <param name="Steps">Training steps t; Δh and Δf are recorded after each step 1…t, the slopes use the last.</param>
/// <param name="HiddenLayers">Hidden layers (L − 1); the headline reads the last one.</param>
/// <param name="InputDimension">D.</param>
/// <param name="Batch">Size of the fixed training batch (full-batch steps).</param>
/// <param name="Activation">σ (default ReLU).</param>
/// <param name="SgdLearningRate">η₀ of the SGD runs.</param>
/// <param name="AdamLearningRate">η₀ of the Adam runs (ignored without Adam).</param>
/// <param name="WithAdam">Also run Adam under each parameterization's Adam table (the second set of figures).</param>
/// <param name="Seeds">Independent initializations averaged per width.</param>
/// <param name="Seed">Master seed (data and weights).</param>
public sealed record CoordinateCheckConfig(
    int[] Widths, string[] Parameterizations, int Steps = 3, int HiddenLayers = 3, int InputDimension = 16, int Batch = 16,
    Activation? Activation = null, double SgdLearningRate = 0.05, double AdamLearningRate = 0.01, bool WithAdam = true,
    int Seeds = 2, ulong Seed = 0) : NnPhys.Runs.IExperimentConfig
{
    /// <summary>σ, ReLU unless set.</summary>
    public Activation Sigma => Activation ?? NnPhys.Architectures.Activation.ReLU;

    /// <summary>The issue's widths: 64, 128, …, 4096.</summary>
    public static int[] DefaultWidths => [64, 128, 256, 512, 1024, 2048, 4096];

    /// <summary>All three presets.</summary>
    public static string[] DefaultParameterizations => ["standard", "ntk", "mup"];

    /// <summary>Throws on any invalid field, before anything is written.</summary>
    /// <exception cref="InvalidConfigException">Names the field and the fix.</exception>
    public void Validate()
    {
        if (Widths is null || Widths.Length < 2)
            throw new InvalidConfigException("A coordinate check needs at least two widths to fit a slope; pass e.g. --widths 64,128,256,512.");
        foreach (var w in Widths)
            if (w <= 0) throw new InvalidConfigException($"Width {w} is not positive; widths must be positive integers, e.g. --widths 64,128,256.");
        if (Widths.Distinct().Count() != Widths.Length)
            throw new InvalidConfigException($"Widths {string.Join(",", Widths)} repeat a value; give each width once.");
        if (Parameterizations is null || Parameterizations.Length == 0)
            throw new InvalidConfigException($"No parameterization given; use some of: {string.Join(", ", WidthScaling.ValidNames)}.");
        foreach (var p in Parameterizations) WidthScaling.Canonical(p);
        Positive(Steps, "steps", "3");
        Positive(HiddenLayers, "hidden layers", "3");
        Positive(InputDimension, "input dimension", "16");
        Positive(Batch, "batch", "16");
        Positive(Seeds, "seeds", "2");
        if (!double.IsFinite(SgdLearningRate) || SgdLearningRate <= 0)
            throw new InvalidConfigException($"SGD learning rate {SgdLearningRate} must be positive and finite, e.g. 0.05.");
        if (WithAdam && (!double.IsFinite(AdamLearningRate) || AdamLearningRate <= 0))
            throw new InvalidConfigException($"Adam learning rate {AdamLearningRate} must be positive and finite, e.g. 0.01.");
        if ((long)Widths.Max() * Widths.Max() * HiddenLayers > 200_000_000)
            throw new InvalidConfigException($"Width {Widths.Max()} with {HiddenLayers} hidden layers needs more than 200M weights; use widths ≤ 4096 or fewer layers.");
    }

    static void Positive(int value, string name, string example)
    {
        if (value <= 0) throw new InvalidConfigException($"The number of {name} must be positive, got {value}; e.g. {example}.");
    }
}
