using System.Globalization;
using NnPhys.Architectures;

namespace NnPhys.Kernels;

/// <summary>
/// The kernel commands' view of the one architecture description, <see cref="LayerStack"/>: the stax-style text
/// "dense(W_std,b_std)-relu-dense(W_std,b_std)" (or LayerStack's own "dense(512, std=1.4)|relu|dense(1)"), read by
/// <see cref="LayerStack.Parse"/>, becomes a LayerStack in the NTK parameterisation, z = (W_std/√n_in)·W·x + b_std·b with W, b ~ N(0, 1). The same LayerStack
/// builds the finite network (<see cref="WithWidth"/>, then <c>new Network&lt;double&gt;(stack, …)</c>) and the analytic
/// kernel (<see cref="AnalyticKernel"/>), so the two cannot disagree about what the network is.
/// </summary>
public static class KernelArchitecture
{
    /// <summary>Parses the architecture for inputs of dimension <paramref name="inputDimension"/>: every dense layer but
    /// the last has <paramref name="width"/> units (irrelevant to the infinite-width kernel), the last has one output.</summary>
    /// <exception cref="InvalidConfigException">Empty text, a malformed dense layer, an unknown layer name (the message
    /// lists the valid ones), a negative W_std or b_std, an activation first or two in a row.</exception>
    public static LayerStack Parse(string text, int inputDimension, int width = 1)
    {
        if (inputDimension <= 0) throw new InvalidConfigException($"The input dimension is {inputDimension}; points need at least one coordinate.");
        return WithWidth(LayerStack.Parse(inputDimension, text, oneLayerSyntax: LayerSyntax.Stax), width);
    }

    /// <summary>Parses the architecture (as <see cref="Parse"/>) for a sweep over <paramref name="widths"/>: at least two
    /// widths (to fit a slope), each of which must build.</summary>
    /// <exception cref="InvalidConfigException">A bad architecture, fewer than two widths, or a width that cannot be built.</exception>
    public static LayerStack ParseForWidths(string text, int inputDimension, IReadOnlyList<int> widths)
    {
        var stack = Parse(text, inputDimension);
        if (widths.Count < 2) throw new InvalidConfigException("--widths needs at least two widths to fit a slope, e.g. --widths 64 256 1024 4096.");
        foreach (int n in widths) _ = WithWidth(stack, n);
        return stack;
    }

    /// <summary>A copy with every dense layer but the last of width <paramref name="width"/>, the last of width 1, and the
    /// NTK parameterisation on every dense layer; validated.</summary>
    /// <exception cref="InvalidConfigException">Width ≤ 0, or the stack cannot be built.</exception>
    public static LayerStack WithWidth(LayerStack stack, int width)
    {
        if (width <= 0) throw new InvalidConfigException($"The width is {width}; use a positive width, e.g. 512.");
        int count = stack.Layers.OfType<DenseSpec>().Count(), k = 0;
        var layers = stack.Layers.Select(l => l is DenseSpec d
            ? d with { Width = ++k == count ? 1 : width, Parameterization = Parameterizations.Ntk(k - 1, count) }
            : l).ToArray();
        return new LayerStack(stack.InputDimension, layers).Validated();
    }

    /// <summary>The stax-style text "dense(W_std,b_std)-relu-…" of a stack (widths are not part of it).</summary>
    public static string Format(LayerStack stack) => string.Join("-", stack.Layers.Select(l => l switch
    {
        DenseSpec d => string.Create(CultureInfo.InvariantCulture, $"dense({d.WeightStd:R},{(d.Bias ? d.BiasStd : 0):R})"),
        ActivationSpec a => a.Activation.Name,
        _ => l.ToString() ?? "",
    }));

    /// <summary>Whether every activation has closed-form Gaussian expectations (else quadrature is used).</summary>
    public static bool IsClosedForm(LayerStack stack) => stack.Layers.OfType<ActivationSpec>().All(a => KernelActivations.HasClosedForm(a.Activation));
}
