using NnPhys.Architectures;

namespace NnPhys.Cosmology;

/// <summary>
/// A fully connected network with one input and one output (the scalar field f(x)), NTK parameterization
/// (z = (σ_w/√fan_in) x·W + σ_b b, W, b ~ N(0, 1)), as in nn-cosmology-duality §3.
/// </summary>
/// <param name="Width">Hidden width n ≥ 1.</param>
/// <param name="Depth">Number of hidden layers ≥ 1.</param>
/// <param name="Activation">Any name <see cref="Architectures.Activation.Parse"/> accepts ("relu", "erf", "tanh", …).</param>
/// <param name="SigmaW">Weight scale σ_w &gt; 0 (the paper's initialisation scale).</param>
/// <param name="SigmaB">Bias scale σ_b ≥ 0.</param>
public sealed record ScalarNetworkSpec(int Width = 1024, int Depth = 1, string Activation = "relu", double SigmaW = 1.0, double SigmaB = 0.0)
{
    /// <summary>Throws unless every field is usable.</summary>
    /// <exception cref="InvalidConfigException">A non-positive width or depth, an unknown activation or a bad scale; the message names the fix.</exception>
    public void Validate()
    {
        if (Width <= 0) throw new InvalidConfigException($"Width {Width} is invalid; the hidden width must be a positive integer, e.g. --width 1024.");
        if (Depth <= 0) throw new InvalidConfigException($"Depth {Depth} is invalid; the number of hidden layers must be a positive integer, e.g. --depth 1.");
        if ((long)Width * Width * (Depth - 1) > 50_000_000) throw new InvalidConfigException($"Width {Width} × depth {Depth} has more than 5·10⁷ weights; this experiment trains in double precision on the CPU, use a smaller width or depth.");
        Architectures.Activation.Parse(Activation); // throws, listing the valid names
        if (!double.IsFinite(SigmaW) || SigmaW <= 0) throw new InvalidConfigException($"σ_w = {SigmaW} is invalid; use a finite weight scale > 0, e.g. --sigma-w 1.");
        if (!double.IsFinite(SigmaB) || SigmaB < 0) throw new InvalidConfigException($"σ_b = {SigmaB} is invalid; use a finite bias scale ≥ 0, e.g. --sigma-b 0.");
    }

    /// <summary>The layer stack: Depth hidden dense layers "h1".."hL" of the activation, then a linear "out" layer, NTK parameterization.</summary>
    public LayerStack ToLayerStack()
    {
        Validate();
        return LayerStack.Mlp(1, Width, Depth, 1, Architectures.Activation.Parse(Activation), SigmaW, SigmaB, Parameterizations.Ntk);
    }

    /// <summary>The architecture built from <see cref="ToLayerStack"/>.</summary>
    public Architecture ToArchitecture() => ToLayerStack().ToArchitecture();

    /// <summary>"relu, 1×1024, σ_w = 1, σ_b = 0".</summary>
    public override string ToString() => $"{Activation}, {Depth}×{Width}, σ_w = {SigmaW:G3}, σ_b = {SigmaB:G3}";
}
