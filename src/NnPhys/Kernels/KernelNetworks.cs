using NnPhys.Architectures;

namespace NnPhys.Kernels;

/// <summary>
/// The finite network of a <see cref="KernelStack"/>: every dense layer but the last gets the hidden width N, the last
/// has one output, each dense layer takes the activation that follows it, and the NTK parameterisation with the stack's
/// W_std and b_std makes the forward pass z = (W_std/√n_in)·W·x + b_std·b with W, b ~ N(0, 1) — the same network the
/// analytic kernel describes, so the empirical NTK of this network converges to <see cref="AnalyticKernel"/>.
/// TODO(merge): build from NnPhys.Architectures.LayerStack once it lands (it carries per-layer W_std, b_std).
/// </summary>
public static class KernelNetworks
{
    /// <summary>The architecture of width <paramref name="width"/> for inputs of dimension <paramref name="inputDimension"/>.</summary>
    /// <exception cref="InvalidConfigException">Non-positive sizes; an activation before the first dense layer or two
    /// activations in a row; dense layers with different W_std or b_std (one Parameterization per network).</exception>
    public static Architecture Build(KernelStack stack, int inputDimension, int width)
    {
        stack.Validate();
        if (inputDimension <= 0) throw new InvalidConfigException($"The input dimension is {inputDimension}; points need at least one coordinate.");
        if (width <= 0) throw new InvalidConfigException($"The width is {width}; use a positive width, e.g. 512.");
        var dense = stack.Layers.OfType<DenseKernelLayer>().ToArray();
        if (dense.Any(d => d.WeightStd != dense[0].WeightStd || d.BiasStd != dense[0].BiasStd))
            throw new InvalidConfigException($"\"{stack}\": a finite network here takes one W_std and one b_std for all dense layers; use the same dense(W_std,b_std) throughout.");
        if (stack.Layers[0] is not DenseKernelLayer)
            throw new InvalidConfigException($"\"{stack}\" starts with an activation; a finite network starts with a dense layer, e.g. \"dense(1,0)-relu-dense(1,0)\".");
        var specs = new List<DenseLayerSpec>();
        int fanIn = inputDimension;
        for (int i = 0; i < stack.Layers.Count; i++)
        {
            if (stack.Layers[i] is not DenseKernelLayer)
                throw new InvalidConfigException($"\"{stack}\" has two activations in a row at layer {i}; put a dense layer between them.");
            var activation = i + 1 < stack.Layers.Count && stack.Layers[i + 1] is ActivationKernelLayer a ? a.Activation : Activation.Identity;
            bool last = !stack.Layers.Skip(i + 1).Any(l => l is DenseKernelLayer);
            int fanOut = last ? 1 : width;
            specs.Add(new DenseLayerSpec($"dense{specs.Count}", fanIn, fanOut, dense[0].BiasStd > 0, activation));
            fanIn = fanOut;
            if (i + 1 < stack.Layers.Count && stack.Layers[i + 1] is ActivationKernelLayer) i++; // consumed with its dense layer
        }
        return new Architecture(specs).WithParameterization(Parameterizations.Ntk, dense[0].WeightStd, dense[0].BiasStd);
    }
}
