using System.Globalization;

namespace NnPhys.Architectures;

/// <summary>
/// The one architecture description of nnphys: an input dimension and a sequence of layers (dense, activation; later
/// B-spline/KAN), each dense layer with its own abcd parameterisation. From it the library builds a trainable
/// <c>Network&lt;T&gt;</c> (through <see cref="ToArchitecture"/>, which names the dense layers and fuses each with the
/// activation that follows it), the ensemble sampler (which samples that network's initialisation), and the analytic
/// NNGP/NTK recursions. Text forms (<see cref="Parse"/>): <c>"dense(512)|relu|dense(512)|relu|dense(1)"</c>, or the
/// kernel commands' stax form <c>"dense(1.4,0.1)-relu-dense(1.4,0.1)"</c>.
/// </summary>
/// <param name="InputDimension">Dimension of the network input.</param>
/// <param name="Layers">The layers, input side first.</param>
public sealed record LayerStack(int InputDimension, IReadOnlyList<LayerSpec> Layers)
{
    /// <summary>The dense layers, input side first.</summary>
    public IReadOnlyList<DenseSpec> DenseLayers => Layers.OfType<DenseSpec>().ToArray();

    /// <summary>Dimension of the output: the last dense layer's width (the input dimension if there is none).</summary>
    public int OutputDimension => Layers.OfType<DenseSpec>().LastOrDefault()?.Width ?? InputDimension;

    /// <summary>
    /// Parses a layer text in either of its two forms (one parser for every command that takes layers):
    /// <list type="bullet">
    /// <item><b>pipe</b> — <c>"dense(512)|relu|dense(1)"</c>: layers joined by '|', each dense layer
    /// <c>dense(width[, bias=false][, std=σ_w][, bias_std=σ_b][, name=label])</c>;</item>
    /// <item><b>stax</b> (neural-tangents style, the kernel commands' form) — <c>"dense(1.4,0.1)-relu-dense(1.4,0.1)"</c>:
    /// layers joined by '-' outside parentheses, each dense layer <c>dense</c>, <c>dense(σ_w)</c> or <c>dense(σ_w,σ_b)</c>
    /// (a bias exactly when σ_b &gt; 0) with width 1, to be set by the caller (e.g. the kernels' WithWidth).</item>
    /// </list>
    /// A text containing '|' is in the pipe form, one with a top-level '-' in the stax form, and a one-layer text in
    /// <paramref name="oneLayerSyntax"/>. Activations are any name <see cref="Activation.Parse"/> accepts ("relu",
    /// "leaky_relu(0.2)", "linear", …). Every dense layer gets <paramref name="parameterization"/> (default standard)
    /// for its position among the dense layers.
    /// </summary>
    /// <exception cref="InvalidConfigException">An empty text or layer, an unknown layer (the message lists the
    /// activations and the dense form), an unknown option, or a bad size or scale.</exception>
    public static LayerStack Parse(int inputDimension, string text, Func<int, int, LayerParameterization>? parameterization = null,
        LayerSyntax oneLayerSyntax = LayerSyntax.Pipe)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new InvalidConfigException("The layer stack is empty; write layers joined by '|', e.g. \"dense(512)|relu|dense(1)\", or by '-', e.g. \"dense(1,0)-relu-dense(1,0)\".");
        var stax = SplitTopLevel(text, '-').ToArray();
        var syntax = text.Contains('|') ? LayerSyntax.Pipe : stax.Length > 1 ? LayerSyntax.Stax : oneLayerSyntax;
        var tokens = syntax == LayerSyntax.Pipe ? text.Split('|').Select(t => t.Trim()).ToArray() : stax;
        var layers = new List<LayerSpec>();
        foreach (var token in tokens)
        {
            if (token.Length == 0)
                throw new InvalidConfigException($"The layer stack \"{text}\" has an empty layer (two '{(syntax == LayerSyntax.Pipe ? '|' : '-')}' in a row?); write e.g. {Example(syntax)}.");
            if (token.StartsWith("dense", StringComparison.OrdinalIgnoreCase) && (token.Length == 5 || token[5] == '(' || char.IsWhiteSpace(token[5])))
                layers.Add(syntax == LayerSyntax.Pipe ? ParseDense(token) : ParseStaxDense(token));
            else
            {
                try { layers.Add(new ActivationSpec(Activation.Parse(token))); }
                catch (InvalidConfigException e)
                {
                    throw new InvalidConfigException($"Unknown layer '{token}'. Layers are {DenseForm(syntax)} or an activation. {e.Message}");
                }
            }
        }
        var stack = new LayerStack(inputDimension, layers);
        return parameterization is null ? stack.Validated() : stack.WithParameterization(parameterization);
    }

    /// <summary>
    /// A fully connected network: <paramref name="depth"/> hidden layers "h1".."hL" of <paramref name="width"/> units,
    /// each followed by <paramref name="activation"/>, then a linear readout "out" of <paramref name="outputs"/> units;
    /// all with biases (unless <paramref name="bias"/> is false), σ_w = <paramref name="weightStd"/>,
    /// σ_b = <paramref name="biasStd"/> and the preset <paramref name="parameterization"/> (default standard).
    /// </summary>
    /// <exception cref="InvalidConfigException">A size or depth is invalid, or σ_w/σ_b is.</exception>
    public static LayerStack Mlp(int inputDimension, int width, int depth, int outputs, Activation activation,
        double weightStd = 1, double biasStd = 0, Func<int, int, LayerParameterization>? parameterization = null, bool bias = true)
    {
        if (depth < 0) throw new InvalidConfigException($"MLP depth {depth} is negative; use 0 or more hidden layers.");
        var preset = parameterization ?? Parameterizations.Standard;
        var layers = new List<LayerSpec>();
        for (int l = 1; l <= depth; l++)
        {
            layers.Add(new DenseSpec(width, weightStd, biasStd, bias, preset(l - 1, depth + 1), $"h{l}"));
            layers.Add(new ActivationSpec(activation));
        }
        layers.Add(new DenseSpec(outputs, weightStd, biasStd, bias, preset(depth, depth + 1), "out"));
        return new LayerStack(inputDimension, layers).Validated();
    }

    /// <summary>A copy whose k-th of K dense layers has parameterization preset(k, K).</summary>
    public LayerStack WithParameterization(Func<int, int, LayerParameterization> preset)
    {
        int count = Layers.OfType<DenseSpec>().Count(), k = 0;
        var layers = Layers.Select(l => l is DenseSpec d ? d with { Parameterization = preset(k++, count) } : l).ToArray();
        return new LayerStack(InputDimension, layers).Validated();
    }

    /// <summary>Throws unless every layer is valid and the stack can be built; returns this stack.</summary>
    /// <exception cref="InvalidConfigException">The problem and how to fix it.</exception>
    public LayerStack Validated()
    {
        ToArchitecture();
        return this;
    }

    /// <summary>
    /// The build plan of the trainable network: named dense layers, each fused with the activation that follows it
    /// (identity if none). Unnamed dense layers are called "h1", "h2", … and the last "out".
    /// </summary>
    /// <exception cref="InvalidConfigException">No dense layer, an activation before the first dense layer or two in a
    /// row, an invalid layer, or duplicate names.</exception>
    public Architecture ToArchitecture()
    {
        if (InputDimension <= 0) throw new InvalidConfigException($"Input dimension {InputDimension} must be positive.");
        if (Layers is null || Layers.Count == 0) throw new InvalidConfigException("The layer stack has no layers; add at least one dense layer, e.g. \"dense(1)\".");
        int denseCount = Layers.OfType<DenseSpec>().Count();
        if (denseCount == 0) throw new InvalidConfigException("The layer stack has no dense layer; add one, e.g. \"dense(1)\".");
        var built = new List<DenseLayerSpec>();
        int fanIn = InputDimension, k = 0;
        bool activationTaken = false;
        foreach (var layer in Layers)
        {
            if (layer is null) throw new InvalidConfigException("The layer stack contains a null layer.");
            layer.Validate();
            switch (layer)
            {
                case DenseSpec d:
                    k++;
                    string name = d.Name ?? (k == denseCount ? "out" : $"h{k}");
                    built.Add(new DenseLayerSpec(name, fanIn, d.Width, d.Bias, Activation.Identity, d.WeightInitializer, d.BiasInitializer,
                        d.ParameterizationOrStandard, d.WeightStd, d.BiasStd));
                    fanIn = d.Width;
                    activationTaken = false;
                    break;
                case ActivationSpec a when built.Count == 0:
                    throw new InvalidConfigException($"Activation '{a.Activation.Name}' comes before the first dense layer; start the stack with dense(width).");
                case ActivationSpec a when activationTaken:
                    throw new InvalidConfigException($"Two activations in a row ('{built[^1].Activation.Name}' then '{a.Activation.Name}') after layer '{built[^1].Name}'; put a dense layer between them.");
                case ActivationSpec a:
                    built[^1] = built[^1] with { Activation = a.Activation };
                    activationTaken = true;
                    break;
                default:
                    throw new InvalidConfigException($"Layer type {layer.GetType().Name} cannot be built into a trainable network yet; use dense and activation layers.");
            }
        }
        return new Architecture(built);
    }

    /// <summary>The text form <see cref="Parse"/> reads back (names and parameterisations are not part of it).</summary>
    public override string ToString() => string.Join("|", Layers.Select(l => l.ToString()));

    static DenseSpec ParseDense(string token)
    {
        int open = token.IndexOf('('), close = token.LastIndexOf(')');
        if (!token[..(open < 0 ? token.Length : open)].Trim().Equals("dense", StringComparison.OrdinalIgnoreCase) || open < 0 || close != token.Length - 1)
            throw new InvalidConfigException($"Layer '{token}' is not of the form dense(width[, bias=false][, std=σ_w][, bias_std=σ_b][, name=label]).");
        var parts = token[(open + 1)..close].Split(',', StringSplitOptions.TrimEntries);
        if (!int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int width))
            throw new InvalidConfigException($"Layer '{token}': the width '{parts[0]}' is not an integer; write e.g. dense(512).");
        var spec = new DenseSpec(width);
        foreach (var option in parts.Skip(1))
        {
            var kv = option.Split('=', 2, StringSplitOptions.TrimEntries);
            string key = kv[0].ToLowerInvariant(), value = kv.Length == 2 ? kv[1] : "";
            spec = key switch
            {
                "bias" => spec with { Bias = ParseBool(token, value) },
                "std" => spec with { WeightStd = ParseDouble(token, key, value) },
                "bias_std" => spec with { BiasStd = ParseDouble(token, key, value) },
                "name" when value.Length > 0 => spec with { Name = value },
                _ => throw new InvalidConfigException($"Layer '{token}': unknown option '{option}'; the options are bias=true|false, std=σ_w, bias_std=σ_b, name=label."),
            };
        }
        return spec;
    }

    static string DenseForm(LayerSyntax syntax) => syntax == LayerSyntax.Pipe
        ? "dense(width[, bias=false][, std=σ_w][, bias_std=σ_b][, name=label])" : "dense(W_std,b_std)";

    static string Example(LayerSyntax syntax) => syntax == LayerSyntax.Pipe ? "\"dense(512)|relu|dense(1)\"" : "\"dense(1,0)-relu-dense(1,0)\"";

    /// <summary>The stax form: dense, dense(σ_w) or dense(σ_w,σ_b), width 1 (set later), a bias exactly when σ_b &gt; 0.</summary>
    static DenseSpec ParseStaxDense(string token)
    {
        if (token.Length == 5) return new DenseSpec(1, 1, 0, Bias: false);
        int open = token.IndexOf('(');
        if (open < 0 || !token.EndsWith(')') || token[..open].Trim().Length != 5)
            throw new InvalidConfigException($"Layer '{token}' is malformed; write dense(W_std,b_std), e.g. dense(1.4142,0.1).");
        var args = token[(open + 1)..^1].Split(',', StringSplitOptions.TrimEntries);
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

    /// <summary>Splits on <paramref name="separator"/> outside parentheses, so "leaky_relu(0.1)" and "dense(1e-3,0)" stay whole.</summary>
    static IEnumerable<string> SplitTopLevel(string text, char separator)
    {
        int depth = 0, start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == separator && depth == 0) { yield return text[start..i].Trim(); start = i + 1; }
        }
        yield return text[start..].Trim();
    }

    static bool ParseBool(string token, string value) => value.ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw new InvalidConfigException($"Layer '{token}': bias='{value}' must be true or false."),
    };

    static double ParseDouble(string token, string key, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) ? x
        : throw new InvalidConfigException($"Layer '{token}': {key}='{value}' is not a number.");
}

/// <summary>The two text forms <see cref="LayerStack.Parse"/> reads.</summary>
public enum LayerSyntax
{
    /// <summary>"dense(512)|relu|dense(1)": '|' between layers, dense(width, options).</summary>
    Pipe,
    /// <summary>"dense(1.4,0.1)-relu-dense(1.4,0.1)" (neural-tangents' stax): '-' between layers, dense(σ_w, σ_b).</summary>
    Stax,
}
