namespace NnPhys.Mup;

/// <summary>Where a layer sits in the MLP of tasi-physics-for-ml eqs. (101)–(104): its width scaling rules differ.</summary>
public enum LayerRole
{
    /// <summary>z⁽¹⁾ = N^(−a₁) W⁽¹⁾ x / √D (eq. 104): fan-in D, fixed as the width N grows.</summary>
    Input,
    /// <summary>z⁽ℓ⁾ = N^(−a_ℓ) W⁽ℓ⁾ σ(z⁽ℓ⁻¹⁾) (eq. 103): N×N.</summary>
    Hidden,
    /// <summary>φ = N^(−a_L) w⁽ᴸ⁾·σ(z⁽ᴸ⁻¹⁾) / (γ₀ N^d) (eqs. 101–102): fan-in N.</summary>
    Output,
}

/// <summary>
/// One layer's exponents in the abcd family of tasi-physics-for-ml eqs. (101)–(106): forward multiplier N^(−a),
/// initial variance N^(−b) of the raw weights (so the initial standard deviation is N^(−b/2)), and SGD learning rate
/// η₀ γ₀² N^(2d − c). <paramref name="AdamC"/> is the exponent of the Adam learning rate η₀ N^(−c_Adam), whose
/// derivation is in docs/mup.md ("Adam tables").
/// </summary>
// TODO(merge): replace with NnPhys.Architectures.LayerParameterization (struct helper) when it lands; that record
// states "init std n^-b" and uses fan-in, this one follows the paper (variance N^-b, N = width for every layer).
public sealed record AbcdLayer(double A, double B, double C, double AdamC);

/// <summary>
/// A width-scaling rule for an MLP (tasi-physics-for-ml §4.3): per-role abcd exponents, the global d of eq. (101)
/// and γ₀. Presets: <see cref="Standard"/> (PyTorch-style), <see cref="Ntk"/> (the lazy limit, d = 0) and
/// <see cref="MuP"/> (eqs. 126–127 with a = 0, d = ½, c = 1). <see cref="Family"/> gives the whole one-parameter
/// family of eqs. (126)–(127).
/// </summary>
// TODO(merge): replace with NnPhys.Architectures.Parameterizations presets when they land.
public sealed record AbcdParameterization(string Name, AbcdLayer Input, AbcdLayer Hidden, AbcdLayer Output, double D, double Gamma0 = 1)
{
    /// <summary>The preset names <see cref="Parse"/> accepts.</summary>
    public static IReadOnlyList<string> ValidNames { get; } = ["standard", "ntk", "mup"];

    /// <summary>
    /// Standard parameterization: multipliers 1 (besides eq. 104's 1/√D), raw weights N(0, 1/fan-in), one learning rate
    /// for every layer and width. Violates eq. (124) (2a + c = 0 ≠ 1): the output moves ∝ N per step.
    /// Adam: one global learning rate, as practised (docs/mup.md).
    /// </summary>
    public static AbcdParameterization Standard { get; } = new("standard",
        Input: new(0, 0, 0, 0), Hidden: new(0, 1, 0, 0), Output: new(0, 1, 0, 0), D: 0);

    /// <summary>
    /// NTK parameterization: eqs. (126)–(127) with a = ½ (so b = c = 0) and d = 0 &lt; ½: pre-activations and output
    /// move at O(1), features move ∝ N^(−1/2) (no feature learning, eq. 120). Adam exponents (½, 1, ½) (docs/mup.md).
    /// </summary>
    public static AbcdParameterization Ntk { get; } = new("ntk",
        Input: new(0, 0, 0, 0.5), Hidden: new(0.5, 0, 0, 1), Output: new(0.5, 0, 0, 0.5), D: 0);

    /// <summary>
    /// μP: eqs. (126)–(127) with a = 0 (b = c = 1) and d = ½ (eq. 125), so η = η₀γ₀² N^(2d−c) is width-independent.
    /// Adam exponents (½, 1, ½): Yang et al.'s Table 8 rewritten in this abcd convention (docs/mup.md).
    /// </summary>
    public static AbcdParameterization MuP { get; } = Family(0, "mup");

    /// <summary>The one-parameter family of eqs. (126)–(127) with d = ½: (a−½, 1−2a, 1−2a) first, (a, 1−2a, 1−2a) after.</summary>
    /// <param name="a">The family parameter; a = 0 is μP.</param>
    /// <param name="name">A name for reports.</param>
    public static AbcdParameterization Family(double a, string? name = null)
    {
        double b = 1 - 2 * a, c = 1 - 2 * a;
        // Adam: the raw update must scale as SGD's raw update does (docs/mup.md): N^(a-1/2) first, N^(a-1) hidden, N^(a-1/2) out
        return new(name ?? $"family(a={a:R})", Input: new(a - 0.5, b, c, 0.5 - a), Hidden: new(a, b, c, 1 - a), Output: new(a, b, c, 0.5 - a), D: 0.5);
    }

    /// <summary>A preset by name (case-insensitive: standard, sp, ntk, mup, μp).</summary>
    /// <exception cref="InvalidConfigException">Unknown name; the message lists the valid ones.</exception>
    public static AbcdParameterization Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "standard" or "sp" => Standard,
        "ntk" => Ntk,
        "mup" or "μp" => MuP,
        _ => throw new InvalidConfigException($"'{name}' is not a parameterization; use one of: {string.Join(", ", ValidNames)}."),
    };

    /// <summary>The exponents of a layer role.</summary>
    public AbcdLayer Layer(LayerRole role) => role switch
    {
        LayerRole.Input => Input,
        LayerRole.Hidden => Hidden,
        _ => Output,
    };

    /// <summary>The forward multiplier of a layer of width <paramref name="width"/> (eqs. 101–104).</summary>
    /// <param name="role">Layer role.</param>
    /// <param name="width">N, the hidden width.</param>
    /// <param name="inputDimension">D (used by the input layer only).</param>
    public double Multiplier(LayerRole role, int width, int inputDimension) => role switch
    {
        LayerRole.Input => Math.Pow(width, -Input.A) / Math.Sqrt(inputDimension),             // eq. (104)
        LayerRole.Hidden => Math.Pow(width, -Hidden.A),                                          // eq. (103)
        _ => Math.Pow(width, -Output.A) / (Gamma0 * Math.Pow(width, D)),                         // eqs. (101)–(102)
    };

    /// <summary>Standard deviation N^(−b/2) of the raw weights (eq. 105: variance N^(−b)).</summary>
    public double InitStd(LayerRole role, int width) => Math.Pow(width, -Layer(role).B / 2);

    /// <summary>SGD learning rate η = η₀ γ₀² N^(2d − c) of a layer (eq. 106, with c per layer).</summary>
    public double SgdLearningRate(LayerRole role, int width, double eta0) => eta0 * Gamma0 * Gamma0 * Math.Pow(width, 2 * D - Layer(role).C);

    /// <summary>Adam learning rate η₀ N^(−c_Adam) of a layer (docs/mup.md, "Adam tables").</summary>
    public double AdamLearningRate(LayerRole role, int width, double eta0) => eta0 * Math.Pow(width, -Layer(role).AdamC);

    /// <summary>Throws if an exponent or γ₀ is not finite, or γ₀ ≤ 0.</summary>
    public void Validate()
    {
        foreach (var l in new[] { Input, Hidden, Output })
            if (!double.IsFinite(l.A) || !double.IsFinite(l.B) || !double.IsFinite(l.C) || !double.IsFinite(l.AdamC))
                throw new InvalidConfigException($"Parameterization '{Name}' has a non-finite exponent ({l}); use finite a, b, c.");
        if (!double.IsFinite(D)) throw new InvalidConfigException($"Parameterization '{Name}': d = {D} must be finite (μP: 0.5).");
        if (!double.IsFinite(Gamma0) || Gamma0 <= 0) throw new InvalidConfigException($"Parameterization '{Name}': γ₀ = {Gamma0} must be positive and finite (e.g. 1).");
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
