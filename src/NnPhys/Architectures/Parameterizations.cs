namespace NnPhys.Architectures;

/// <summary>
/// The abcd presets, each a function (dense-layer index, dense-layer count) → <see cref="LayerParameterization"/> so
/// the input and readout layers can differ from the hidden ones. Exponents are in the Yang–Hu convention of
/// <see cref="LayerParameterization"/> (init std n^(−b)).
/// </summary>
public static class Parameterizations
{
    /// <summary>Standard (PyTorch-like): every layer (a, b, c) = (0, ½, 0) in its fan-in: W ~ N(0, σ_w²/fan_in),
    /// b ~ N(0, σ_b²), multipliers 1, one learning rate.</summary>
    public static LayerParameterization Standard(int layerIndex, int layerCount) => StandardLayer;

    /// <summary>
    /// The standard parameterization in tasi-physics-for-ml's form (eqs. (101)–(106) with a = 0, d = 0): eq. (104) puts
    /// the input layer's 1/√D into its multiplier, so the input layer is (0, 0, 0) with multiplier 1/√D and
    /// W ~ N(0, σ_w²) (<see cref="LayerParameterization.ScalesWithFanOut"/>); every later layer is <see cref="Standard"/>.
    /// The network at initialisation has <see cref="Standard"/>'s distribution, but SGD moves the input layer's effective
    /// weights D times slower (η/D instead of η), as in the paper's coordinate check; with D = 784 (MNIST) that moves the
    /// best learning rate by orders of magnitude.
    /// </summary>
    public static LayerParameterization TasiStandard(int layerIndex, int layerCount) =>
        layerIndex == 0 && layerCount > 1 ? TasiStandardInput : StandardLayer;

    /// <summary>NTK (Jacot et al.; tasi-physics-for-ml eqs. (126)–(127) at a = ½, d = 0): every layer (½, 0, 0) in
    /// its fan-in: forward σ_w/√fan_in·W and σ_b·b, W, b ~ N(0, 1), one learning rate.</summary>
    public static LayerParameterization Ntk(int layerIndex, int layerCount) => NtkLayer;

    /// <summary>
    /// μP for SGD (maximal update; tasi-physics-for-ml eqs. (126)–(127) with a = 0, c = 1, d = ½; Yang &amp; Hu's
    /// a = (−½, 0, …, 0, ½), b = ½, c = 0). Input layer: multiplier √N/√D, W ~ N(0, 1/N) (eqs. 104, 127);
    /// hidden layers: multiplier 1, W ~ N(0, σ_w²/N) (eq. 126); readout: multiplier σ_w/√N (a_L + d = ½),
    /// W ~ N(0, 1/N); learning rate η N^(2d−c) = η at every layer (eq. 106). A single dense layer is treated as
    /// a readout.
    /// </summary>
    public static LayerParameterization MuP(int layerIndex, int layerCount)
    {
        if (layerIndex == layerCount - 1) return MuPReadout;
        return layerIndex == 0 ? MuPInput : StandardLayer;
    }

    /// <summary>
    /// μP for Adam (Yang et al., Tensor Programs V, Table 3, in this record's convention): the multipliers and draws of
    /// <see cref="MuP"/>, learning-rate exponents c = (½, 1, ½) for input, hidden, readout. Adam's first update of a
    /// raw weight is ≈ η·n^(−c) whatever the gradient's scale, so the effective weights move by η/√D·… = O(1)
    /// (input), η/N (hidden) and η/N (readout), which keeps feature updates O(1) in the width.
    /// </summary>
    public static LayerParameterization MuPAdam(int layerIndex, int layerCount)
    {
        if (layerIndex == layerCount - 1) return MuPAdamReadout;
        return layerIndex == 0 ? MuPAdamInput : MuPAdamHidden;
    }

    /// <summary>
    /// NTK for Adam (docs/mup.md, "Adam tables"): the multipliers and draws of <see cref="Ntk"/> (input 1/√D with
    /// W ~ N(0, σ_w²) — σ_w in the draw here, in the multiplier in <see cref="Ntk"/>: the same function —, hidden and
    /// readout σ_w/√N with W ~ N(0, 1)), learning-rate exponents c = (½, 1, ½) in the width N for input, hidden,
    /// readout: Adam's raw update is ≈ η·n^(−c) whatever the gradient's scale, so these rates make each layer's raw
    /// update scale as SGD's does under NTK (N^(−½), N^(−1), N^(−½)), which keeps Δh ∝ N^(−½) (lazy).
    /// </summary>
    public static LayerParameterization NtkAdam(int layerIndex, int layerCount)
    {
        if (layerIndex == layerCount - 1) return NtkAdamReadout;
        return layerIndex == 0 ? NtkAdamInput : NtkAdamHidden;
    }

    static readonly LayerParameterization TasiStandardInput = new(0, 0, 0, ScalesWithFanOut: true);
    static readonly LayerParameterization NtkAdamInput = new(0, 0, 0.5, ScalesWithFanOut: true);
    static readonly LayerParameterization NtkAdamHidden = new(0.5, 0, 1);
    static readonly LayerParameterization NtkAdamReadout = new(0.5, 0, 0.5);
    static readonly LayerParameterization MuPAdamInput = new(-0.5, 0.5, 0.5, ScalesWithFanOut: true);
    static readonly LayerParameterization MuPAdamHidden = new(0, 0.5, 1);
    static readonly LayerParameterization MuPAdamReadout = new(0.5, 0.5, 0.5);
    static readonly LayerParameterization StandardLayer = new(0, 0.5, 0);
    static readonly LayerParameterization NtkLayer = new(0.5, 0, 0);
    static readonly LayerParameterization MuPInput = new(-0.5, 0.5, 0, ScalesWithFanOut: true);
    static readonly LayerParameterization MuPReadout = new(0.5, 0.5, 0);

    static readonly Choices<string> Table = new("a parameterization",
    [
        (["standard", "sp"], "standard"), (["ntk"], "ntk"), (["mup", "mu_p", "μp", "mup_sgd"], "mup"), (["mup-adam", "μp_adam"], "mup-adam"),
        (["ntk-adam"], "ntk-adam"), (["tasi-standard"], "tasi-standard"),
    ]);

    /// <summary>Names <see cref="Named"/> accepts (canonical forms; '-' and '_' are alike).</summary>
    public static IReadOnlyList<string> ValidNames => Table.Names;

    /// <summary>The canonical name (one of <see cref="ValidNames"/>) of a preset name, case-insensitive: "sp" = standard,
    /// "mu-p"/"μp"/"mu_p"/"mup-sgd" = mup, "mup_adam"/"μp-adam" = mup-adam, "ntk_adam" = ntk-adam, "tasi_standard" = tasi-standard.</summary>
    /// <exception cref="InvalidConfigException">Unknown name; the message lists the valid ones.</exception>
    public static string CanonicalName(string name) => Table.Parse(name);

    /// <summary>The preset called <paramref name="name"/> (any spelling <see cref="CanonicalName"/> accepts).</summary>
    /// <exception cref="InvalidConfigException">Unknown name; the message lists the valid ones.</exception>
    public static Func<int, int, LayerParameterization> Named(string name) => CanonicalName(name) switch
    {
        "standard" => Standard,
        "ntk" => Ntk,
        "mup" => MuP,
        "mup-adam" => MuPAdam,
        "ntk-adam" => NtkAdam,
        _ => TasiStandard,
    };
}
