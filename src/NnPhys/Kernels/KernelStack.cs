using System.Globalization;
using NnPhys.Architectures;

namespace NnPhys.Kernels;

/// <summary>One layer of a <see cref="KernelStack"/>: a dense layer or a pointwise activation.</summary>
public abstract record KernelLayer;

/// <summary>
/// dense(W_std, b_std) in the NTK parameterisation of neural-tangents' stax: z = (W_std/√n_in)·W·x + b_std·b with
/// W, b ~ N(0, 1). Its kernel map is K ← W_std²·K + b_std², Θ ← K_new + W_std²·Θ.
/// </summary>
/// <param name="WeightStd">W_std (≥ 0).</param>
/// <param name="BiasStd">b_std (≥ 0).</param>
public sealed record DenseKernelLayer(double WeightStd = 1, double BiasStd = 0) : KernelLayer
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"dense({WeightStd:R},{BiasStd:R})");
}

/// <summary>A pointwise activation φ; its kernel map is K ← E[φ(u)φ(v)], Θ ← Θ·E[φ′(u)φ′(v)].</summary>
public sealed record ActivationKernelLayer(Activation Activation) : KernelLayer
{
    /// <inheritdoc/>
    public override string ToString() => Activation.ToString().ToLowerInvariant();
}

/// <summary>
/// The layers of a network as the infinite-width kernel sees them (widths play no role there), written
/// "dense(1,0)-relu-dense(1,0)". A finite network of the same description is built by KernelNetworks.
/// TODO(merge): replace with NnPhys.Architectures.LayerStack when the structure issue lands; this record then becomes
/// a view of the LayerStack.
/// </summary>
/// <param name="Layers">Input side first.</param>
public sealed record KernelStack(IReadOnlyList<KernelLayer> Layers)
{
    /// <summary>Parses "dense(W_std,b_std)-relu-dense(W_std,b_std)": layers joined by '-', "dense" alone means dense(1,0),
    /// "dense(W_std)" means b_std = 0; activations by name.</summary>
    /// <exception cref="InvalidConfigException">Empty text, a malformed dense layer, an unknown layer name (the message
    /// lists the valid ones), or a negative / non-finite W_std or b_std.</exception>
    public static KernelStack Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new InvalidConfigException("--arch is empty; write layers joined by '-', e.g. \"dense(1,0)-relu-dense(1,0)\".");
        var layers = new List<KernelLayer>();
        foreach (var token in SplitTopLevel(text))
        {
            if (token.Length == 0)
                throw new InvalidConfigException($"--arch \"{text}\" has an empty layer (two '-' in a row?); write e.g. \"dense(1,0)-relu-dense(1,0)\".");
            if (token.StartsWith("dense", StringComparison.OrdinalIgnoreCase) && (token.Length == 5 || token[5] == '('))
                layers.Add(ParseDense(token));
            else
                layers.Add(new ActivationKernelLayer(KernelActivations.Parse(token)));
        }
        var stack = new KernelStack(layers);
        stack.Validate();
        return stack;
    }

    /// <summary>Throws unless the stack has a dense layer and valid W_std, b_std.</summary>
    /// <exception cref="InvalidConfigException">No dense layer, or a negative / non-finite standard deviation.</exception>
    public void Validate()
    {
        if (!Layers.Any(l => l is DenseKernelLayer))
            throw new InvalidConfigException($"The architecture \"{this}\" has no dense layer; a network needs at least one, e.g. \"dense(1,0)-relu-dense(1,0)\".");
        foreach (var d in Layers.OfType<DenseKernelLayer>())
            if (!double.IsFinite(d.WeightStd) || d.WeightStd < 0 || !double.IsFinite(d.BiasStd) || d.BiasStd < 0)
                throw new InvalidConfigException($"{d} is invalid; W_std and b_std must be finite and ≥ 0, e.g. dense(1.4142,0.1).");
    }

    /// <summary>Whether every activation has closed-form Gaussian expectations (else quadrature is used; see
    /// <see cref="KernelActivations.HasClosedForm"/>).</summary>
    public bool IsClosedForm => Layers.OfType<ActivationKernelLayer>().All(a => KernelActivations.HasClosedForm(a.Activation));

    /// <inheritdoc/>
    public override string ToString() => string.Join("-", Layers.Select(l => l.ToString()));

    static DenseKernelLayer ParseDense(string token)
    {
        if (token.Length == 5) return new DenseKernelLayer();
        if (!token.EndsWith(')'))
            throw new InvalidConfigException($"Layer '{token}' is malformed; write dense(W_std,b_std), e.g. dense(1.4142,0.1).");
        var args = token[6..^1].Split(',', StringSplitOptions.TrimEntries);
        var values = new double[args.Length];
        for (int i = 0; i < args.Length; i++)
            if (!double.TryParse(args[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                throw new InvalidConfigException($"Layer '{token}': '{args[i]}' is not a number; write dense(W_std,b_std), e.g. dense(1.4142,0.1).");
        return values.Length switch
        {
            1 => new DenseKernelLayer(values[0]),
            2 => new DenseKernelLayer(values[0], values[1]),
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
