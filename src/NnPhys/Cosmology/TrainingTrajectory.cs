using NnPhys.Training;

namespace NnPhys.Cosmology;

/// <summary>
/// Outputs of a heavy-ball training run, one row per step t = 0..Steps (time s = t√η), the mean loss per step, the step T
/// where the loss first fell to 10 % of its initial value (the comparison horizon: at convergence every prediction is
/// trivially right), and, if it diverged, the step where it did.
/// </summary>
public sealed record TrainingTrajectory(double[][] Outputs, double[] Loss, int HorizonStep, int? DivergedAtStep)
{
    /// <summary>Number of recorded steps after t = 0.</summary>
    public int Steps => Outputs.Length - 1;
    /// <summary>True when the loss fell to 10 % before the run ended and it did not diverge.</summary>
    public bool ReachedHorizon => HorizonStep > 0 && DivergedAtStep is null;

    /// <summary>Fraction of the initial loss that defines the horizon T.</summary>
    public const double HorizonLossFraction = 0.1;

    /// <summary>
    /// Trains <paramref name="network"/> from rest until the loss has fallen to 10 % (step T), then
    /// <paramref name="extraFraction"/>·T steps more (for figures), at most <paramref name="maxSteps"/> steps. Divergence
    /// (non-finite outputs or loss above 10⁶·L₀) ends the run and is recorded, not thrown; the rows so far are kept.
    /// </summary>
    public static TrainingTrajectory Run(ScalarNetwork network, HeavyBallMapping mapping, PowerLoss loss, double[] targets, int maxSteps, double extraFraction = 0.5)
    {
        var optimizer = network.CreateOptimizer(mapping);
        var outputs = new List<double[]>(); var losses = new List<double>();
        int horizon = -1, end = maxSteps; int? diverged = null;
        for (int t = 0; t <= end; t++)
        {
            // the step's forward pass gives f_t before the update to θ_{t+1}
            var (f, l) = t < end ? network.Step(optimizer, loss, targets) : (network.Outputs(), loss.Mean(network.Outputs(), targets));
            if (!double.IsFinite(l) || f.Any(v => !double.IsFinite(v)) || (losses.Count > 0 && l > 1e6 * losses[0])) { diverged = t; break; }
            outputs.Add(f); losses.Add(l);
            if (horizon < 0 && t > 0 && l <= HorizonLossFraction * losses[0])
            {
                horizon = t;
                end = Math.Min(maxSteps, t + (int)Math.Ceiling(extraFraction * t));
            }
        }
        return new TrainingTrajectory(outputs.ToArray(), losses.ToArray(), horizon, diverged);
    }
}
