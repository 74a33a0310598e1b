using System.Globalization;
using NnPhys.Architectures;

namespace NnPhys.Kernels;

/// <summary>
/// The kernel commands' view of the one architecture description, <see cref="LayerStack"/>: the stax-style text
/// "dense(W_std,b_std)-relu-dense(W_std,b_std)" (or LayerStack's own "dense(512, std=1.4)|relu|dense(1)") becomes a
/// LayerStack in the NTK parameterisation, z = (W_std/√n_in)·W·x + b_std·b with W, b ~ N(0, 1). The same LayerStack
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
        if (string.IsNullOrWhiteSpace(text))
            throw new InvalidConfigException("--arch is empty; write layers joined by '-', e.g. \"dense(1,0)-relu-dense(1,0)\".");
        if (inputDimension <= 0) throw new InvalidConfigException($"The input dimension is {inputDimension}; points need at least one coordinate.");
        if (text.Contains('|')) return WithWidth(LayerStack.Parse(inputDimension, text, Parameterizations.Ntk), width);
        var layers = new List<LayerSpec>();
        foreach (var token in SplitTopLevel(text))
        {
            if (token.Length == 0)
                throw new InvalidConfigException($"--arch \"{text}\" has an empty layer (two '-' in a row?); write e.g. \"dense(1,0)-relu-dense(1,0)\".");
            if (token.StartsWith("dense", StringComparison.OrdinalIgnoreCase) && (token.Length == 5 || token[5] == '('))
                layers.Add(ParseDense(token));
            else
            {
                try { layers.Add(new ActivationSpec(Activation.Parse(token))); }
                catch (InvalidConfigException e)
                {
                    throw new InvalidConfigException($"Unknown layer '{token}'. Layers are dense(W_std,b_std) or an activation. {e.Message}");
                }
            }
        }
        return WithWidth(new LayerStack(inputDimension, layers), width);
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

    static DenseSpec ParseDense(string token)
    {
        if (token.Length == 5) return new DenseSpec(1, 1, 0, Bias: false);
        if (!token.EndsWith(')'))
            throw new InvalidConfigException($"Layer '{token}' is malformed; write dense(W_std,b_std), e.g. dense(1.4142,0.1).");
        var args = token[6..^1].Split(',', StringSplitOptions.TrimEntries);
        var values = new double[args.Length];
        for (int i = 0; i < args.Length; i++)
            if (!double.TryParse(args[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]) || values[i] < 0)
                throw new InvalidConfigException($"Layer '{token}': '{args[i]}' is not a finite number ≥ 0; write dense(W_std,b_std), e.g. dense(1.4142,0.1).");
        return values.Length switch
        {
            1 => new DenseSpec(1, values[0], 0, Bias: false),
            2 => new DenseSpec(1, values[0], values[1], Bias: values[1] > 0),
            _ => throw new InvalidConfigException($"Layer '{token}' has {values.Length} arguments; dense takes W_std and optionally b_std, e.g. dense(1.4142,0.1)."),
        };
    }

    /// <summary>Splits on '-' outside parentheses, so "leaky(0.1)" and "dense(1e-3,0)" stay whole.</summary>
    static IEnumerable<string> SplitTopLevel(string text)
    {
        int depth = 0, start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == '-' && depth == 0) { yield return text[start..i].Trim(); start = i + 1; }
        }
        yield return text[start..].Trim();
    }
}
