namespace NnPhys.Mup;

/// <summary>The optimizer of a coordinate check or transfer sweep; it picks the learning-rate table of a preset
/// (<see cref="WidthScaling.Preset"/>).</summary>
public enum MupOptimizer
{
    /// <summary>Plain SGD (Training's <c>Sgd</c>) with per-layer rates η₀·n^(−c) (tasi-physics-for-ml eq. 106).</summary>
    Sgd,
    /// <summary>Adam (Training's <c>Adam</c>: PyTorch's, β = (0.9, 0.999), ε = 1e-8) with per-layer rates η₀·n^(−c_Adam) (docs/mup.md).</summary>
    Adam,
}
