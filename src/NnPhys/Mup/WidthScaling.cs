using NnPhys.Architectures;
using NnPhys.Networks;
using NnPhys.Numerics;
using NnPhys.Training;

namespace NnPhys.Mup;

/// <summary>
/// The three width-scaling rules the μP experiments compare (tasi-physics-for-ml §4.3, eqs. 101–127), on the core types:
/// the abcd presets of <see cref="Parameterizations"/> (standard, NTK, μP, each with its SGD or Adam learning-rate
/// table), the bias-free MLP as a <see cref="LayerStack"/> built into a float <see cref="Network{T}"/>, and Training's
/// <see cref="Sgd{T}"/> / <see cref="Adam{T}"/>, which take the per-layer rates η₀·n^(−c) from the network's parameters.
/// </summary>
public static class WidthScaling
{
    /// <summary>The preset names the μP commands accept (the optimizer picks the SGD or Adam table of each).</summary>
    public static IReadOnlyList<string> ValidNames { get; } = ["standard", "ntk", "mup"];

    /// <summary>The canonical name (standard, ntk or mup) of any spelling <see cref="Parameterizations.CanonicalName"/> accepts.</summary>
    /// <exception cref="InvalidConfigException">Unknown name, or an optimizer-specific one (mup-adam, ntk-adam); the
    /// message lists the valid ones.</exception>
    public static string Canonical(string name)
    {
        string canonical;
        try { canonical = Parameterizations.CanonicalName(name); }
        catch (InvalidConfigException) { canonical = ""; }
        return canonical is "standard" or "ntk" or "mup" ? canonical
            : throw new InvalidConfigException($"'{name}' is not a parameterization here; use one of: {string.Join(", ", ValidNames)} (the optimizer picks its SGD or Adam table).");
    }

    /// <summary>
    /// The preset of <paramref name="name"/> for <paramref name="optimizer"/>: standard is the paper's
    /// (<see cref="Parameterizations.TasiStandard"/>: eq. (104)'s 1/√D in the input multiplier) with one global rate for
    /// both optimizers (as practised); NTK and μP use <see cref="Parameterizations.Ntk"/>/<see cref="Parameterizations.MuP"/> under SGD
    /// and <see cref="Parameterizations.NtkAdam"/>/<see cref="Parameterizations.MuPAdam"/> under Adam (docs/mup.md).
    /// </summary>
    /// <exception cref="InvalidConfigException">Unknown name.</exception>
    public static Func<int, int, LayerParameterization> Preset(string name, MupOptimizer optimizer) => (Canonical(name), optimizer) switch
    {
        ("standard", _) => Parameterizations.TasiStandard,
        ("ntk", MupOptimizer.Sgd) => Parameterizations.Ntk,
        ("ntk", _) => Parameterizations.NtkAdam,
        ("mup", MupOptimizer.Sgd) => Parameterizations.MuP,
        _ => Parameterizations.MuPAdam,
    };

    /// <summary>
    /// The bias-free MLP of eqs. (101)–(105): <paramref name="hiddenLayers"/> dense layers of width N, each followed by
    /// σ, then a linear readout of <paramref name="outputs"/> units, every dense layer with σ_w = 1 and its preset.
    /// </summary>
    /// <exception cref="InvalidConfigException">A size is not positive.</exception>
    public static LayerStack Mlp(int inputDimension, int width, int hiddenLayers, int outputs, Activation activation, Func<int, int, LayerParameterization> preset)
    {
        if (inputDimension <= 0 || width <= 0 || hiddenLayers <= 0 || outputs <= 0)
            throw new InvalidConfigException($"An MLP needs positive input dimension, width, hidden-layer count and outputs; got D={inputDimension}, N={width}, hidden layers={hiddenLayers}, K={outputs}.");
        return LayerStack.Mlp(inputDimension, width, hiddenLayers, outputs, activation, weightStd: 1, biasStd: 0, preset, bias: false);
    }

    /// <summary>The float network of <see cref="Mlp"/> under <paramref name="name"/>'s preset for <paramref name="optimizer"/>,
    /// its weights drawn from <paramref name="random"/>.</summary>
    public static Network<float> Network(string name, MupOptimizer optimizer, int inputDimension, int width, int hiddenLayers, int outputs,
        Activation activation, RandomStream random) =>
        new(Mlp(inputDimension, width, hiddenLayers, outputs, activation, Preset(name, optimizer)), random);

    /// <summary>SGD (rate η₀) or Adam (η₀, PyTorch's β and ε) over the network's parameters; each layer's rate is η₀
    /// times its preset's n^(−c).</summary>
    /// <exception cref="InvalidConfigException">η₀ is not positive and finite.</exception>
    public static IOptimizer<float> Optimizer(Network<float> network, MupOptimizer optimizer, double eta0) => optimizer == MupOptimizer.Sgd
        ? new Sgd<float>(network.Parameters, eta0)
        : new Adam<float>(network.Parameters, new AdamOptions(eta0));
}
