using NnPhys.Experiments;
using NnPhys.Training;
namespace NnPhys.FokkerPlanck;

/// <summary>The drift and diffusion of one bottleneck layer over epoch t → t+1, known at the rows (n points in R²).</summary>
/// <param name="Positions">Row positions W_t, (n, 2).</param>
/// <param name="Velocities">D at the rows = H(−∂L/∂t)·F (eq. 8), displacement per epoch, (n, 2).</param>
/// <param name="Diffusion">σ² per row and axis, per epoch, (n, 2).</param>
/// <param name="GateOpen">The Heaviside gate H(−∂L/∂t) of eq. (8).</param>
public sealed record RowDrift(double[] Positions, double[] Velocities, double[] Diffusion, bool GateOpen);

/// <summary>
/// Drift and diffusion from the recorded training (fokker-planck-to-callan-symanzik eqs. 8, 9, 12), one epoch = unit time.
/// </summary>
public static class TrainingDrift
{
    /// <summary>
    /// The gate H(−∂L/∂t) of eq. (8) for epoch t → t+1: open when the loss decreases. Measured mode uses the actual change
    /// L_{t+1} − L_t; predicted mode the last change known at the epoch's start, L_t − L_{t−1} (open at t = 0).
    /// </summary>
    public static bool LossGateOpen(BottleneckTrajectory trajectory, int t, DriftMode mode)
    {
        var e = trajectory.Epochs;
        // fokker-planck-to-callan-symanzik eq. (8): H(−∂L/∂t)
        return mode == DriftMode.Measured ? e[t + 1].TrainLoss < e[t].TrainLoss
                                          : t == 0 || e[t].TrainLoss < e[t - 1].TrainLoss;
    }

    /// <summary>Row drift and diffusion of <paramref name="layer"/> for epoch t → t+1 (0 ≤ t &lt; EpochCount).</summary>
    /// <exception cref="InvalidConfigException">t out of range, or minibatch diffusion requested without a recorded covariance.</exception>
    public static RowDrift ForEpoch(BottleneckTrajectory trajectory, BottleneckLayer layer, int t, DriftMode mode, DiffusionModel diffusion,
                                    AdamForecast forecast = AdamForecast.SingleStep)
    {
        if (t < 0 || t >= trajectory.EpochCount) throw new InvalidConfigException($"Epoch {t} is outside 0..{trajectory.EpochCount - 1}.");
        var state = trajectory.Layer(layer, t);
        int n = state.Rows;
        var velocities = new double[2 * n];   // (n, 2)
        if (mode == DriftMode.Measured)
        {
            var next = trajectory.Layer(layer, t + 1);
            for (int k = 0; k < 2 * n; k++) velocities[k] = next.Weights[k] - state.Weights[k];
        }
        else if (forecast == AdamForecast.SingleStep)
        {
            // fokker-planck-to-callan-symanzik eq. (9) applied once at the epoch's start, times the steps per epoch
            AdamEquation.Predict(trajectory.Adam, trajectory.Epochs[t].AdamStep, state.FullBatchGradient, state.AdamM, state.AdamV, velocities);
            for (int k = 0; k < velocities.Length; k++) velocities[k] *= trajectory.StepsPerEpoch;
        }
        else
        {
            // fokker-planck-to-callan-symanzik eq. (9), iterated over the epoch with the gradient frozen at its start
            AdamUpdate.Forecast(state.AdamM, state.AdamV, state.FullBatchGradient, trajectory.Epochs[t].AdamStep,
                                trajectory.StepsPerEpoch, trajectory.Adam, velocities);
        }
        bool gate = LossGateOpen(trajectory, t, mode);
        if (!gate) Array.Clear(velocities);
        return new RowDrift((double[])state.Weights.Clone(), velocities, RowDiffusion(trajectory, layer, t, diffusion), gate);
    }

    /// <summary>σ² per row and axis, (n, 2), per epoch, for the chosen <see cref="DiffusionModel"/>.</summary>
    public static double[] RowDiffusion(BottleneckTrajectory trajectory, BottleneckLayer layer, int t, DiffusionModel model)
    {
        var state = trajectory.Layer(layer, t);
        var adam = trajectory.Adam;
        var sigma2 = new double[state.Weights.Length];
        if (model == DiffusionModel.AdamEpsilon)
        {
            // fokker-planck-to-callan-symanzik eq. (12): σ² = diag(ε²η²)
            Array.Fill(sigma2, adam.Epsilon * adam.Epsilon * adam.LearningRate * adam.LearningRate);
            return sigma2;
        }
        // The covariance of the epoch that ended at t (no peeking); at t = 0 no epoch has ended, so the first epoch's is used.
        var cov = state.GradientCovariance ?? (t + 1 < trajectory.Epochs.Count ? trajectory.Layer(layer, t + 1).GradientCovariance : null) ?? throw new InvalidConfigException(
            $"Minibatch-noise diffusion needs the per-batch gradient covariance of {layer} at epoch {t}, which was not recorded. Record it during training (MinibatchGradientStatistics) or use DiffusionModel.AdamEpsilon.");
        long k = trajectory.Epochs[t].AdamStep;
        for (int r = 0; r < state.Rows; r++)
            for (int a = 0; a < 2; a++)
            {
                double variance = cov[4 * r + 3 * a];     // diagonal entry (a, a) of the row's 2×2 covariance
                double g = state.FullBatchGradient[2 * r + a];
                double vHat = k > 0 ? state.AdamV[2 * r + a] / (1 - Math.Pow(adam.Beta2, k)) : g * g + variance;
                double precondition = 1 / (Math.Sqrt(vHat) + adam.Epsilon);
                sigma2[2 * r + a] = trajectory.StepsPerEpoch * adam.LearningRate * adam.LearningRate * variance * precondition * precondition;
            }
        return sigma2;
    }
}
