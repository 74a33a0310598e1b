namespace NnPhys.FokkerPlanck;

/// <summary>Where the per-row Adam update F of fokker-planck-to-callan-symanzik eq. (8) comes from (SPEC §1).</summary>
public enum DriftMode
{
    /// <summary>Each row's actual displacement over the epoch, W_{t+1} − W_t, gated by the actual loss change L_{t+1} − L_t.</summary>
    Measured,
    /// <summary>
    /// A forecast from the epoch's start only: eq. (9) iterated StepsPerEpoch times with the full-batch gradient frozen at
    /// its epoch-start value and the Adam moments recursing from their epoch-start values, gated by the last observed loss
    /// change L_t − L_{t−1} (open at t = 0).
    /// </summary>
    Predicted,
}

/// <summary>Which diffusion σ² (fokker-planck-to-callan-symanzik eq. 11) to use.</summary>
public enum DiffusionModel
{
    /// <summary>σ² = diag(ε²η²) per epoch, the paper's eq. (12) (≈ 1e-22 for Adam defaults: effectively pure drift).</summary>
    AdamEpsilon,
    /// <summary>
    /// Minibatch gradient noise: per row and axis a, σ²_a = S·η²·Cov_aa(per-batch gradient)/(√v̂_a + ε)², the SGD noise η²·Cov
    /// per step preconditioned by Adam's 1/(√v̂ + ε) and summed over the S = StepsPerEpoch steps of an epoch (variances add).
    /// v̂ = v/(1 − β₂ᵏ) at the epoch start; at k = 0, v̂ = g² + Cov_aa (the expected squared first gradient). Cov is that of
    /// the epoch ending at t (at t = 0, of the first epoch). Needs <see cref="BottleneckLayerState.GradientCovariance"/>.
    /// </summary>
    MinibatchNoise,
}
