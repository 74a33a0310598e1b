namespace NnPhys.FokkerPlanck;

/// <summary>Where the per-row Adam update F of fokker-planck-to-callan-symanzik eq. (8) comes from (SPEC §1).</summary>
public enum DriftMode
{
    /// <summary>Each row's actual displacement over the epoch, W_{t+1} − W_t, gated by the actual loss change L_{t+1} − L_t.</summary>
    Measured,
    /// <summary>
    /// A forecast from the epoch's start only (see <see cref="AdamForecast"/>), gated by the last observed loss change
    /// L_t − L_{t−1} (open at t = 0).
    /// </summary>
    Predicted,
}

/// <summary>How the predicted drift forecasts an epoch of Adam from the state at its start.</summary>
public enum AdamForecast
{
    /// <summary>
    /// Eq. (9) applied once to the full-batch gradient g and the recorded moments (m_t, v_t, step k_t), times the steps
    /// per epoch S: F = S·(−η m̂/(√v̂ + ε)) with m̂, v̂ after that one update. The recorded v carries the minibatch noise,
    /// which keeps real Adam steps short; this is the default.
    /// </summary>
    SingleStep,
    /// <summary>
    /// Eq. (9) iterated S times with g frozen and the moments recursing from (m_t, v_t): exact when the gradient does not
    /// change, but with a frozen g every step is ≈ η·sign(g), so it overshoots when minibatch noise and a changing gradient
    /// make real steps short (≈ 10× on the MNIST autoencoder's B1).
    /// </summary>
    FrozenGradientRecursion,
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
