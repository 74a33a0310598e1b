namespace NnPhys.Architectures;

/// <summary>
/// One layer of a <see cref="LayerStack"/>: a dense affine map (<see cref="DenseSpec"/>) or a pointwise nonlinearity
/// (<see cref="ActivationSpec"/>). Following neural-tangents' stax, each layer is one concept from which the library
/// derives its initialisation, its forward map and (in the kernel code) its kernel recursion.
/// </summary>
public abstract record LayerSpec
{
    /// <summary>Throws if the layer cannot be built.</summary>
    /// <exception cref="InvalidConfigException">A size, scale or exponent is invalid.</exception>
    public abstract void Validate();
}

/// <summary>A pointwise nonlinearity layer: a = φ(z), no parameters.</summary>
/// <param name="Activation">φ.</param>
public sealed record ActivationSpec(Activation Activation) : LayerSpec
{
    /// <inheritdoc/>
    public override void Validate()
    {
        if (Activation is null) throw new InvalidConfigException("An activation layer needs an activation; e.g. new ActivationSpec(Activation.ReLU).");
    }

    /// <inheritdoc/>
    public override string ToString() => Activation.Name;
}
