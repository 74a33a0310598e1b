using System.Numerics;

namespace NnPhys.Training;

/// <summary>What happened in one optimizer step.</summary>
/// <param name="Epoch">1-based number of the epoch being run.</param>
/// <param name="StepInEpoch">0-based index of this minibatch within the epoch.</param>
/// <param name="StepsPerEpoch">Minibatches per epoch.</param>
/// <param name="GlobalStep">Optimizer steps taken so far, this one included.</param>
/// <param name="BatchSize">Samples in this minibatch.</param>
/// <param name="Loss">Mean loss over the minibatch before the update.</param>
public readonly record struct StepReport(int Epoch, int StepInEpoch, int StepsPerEpoch, long GlobalStep, int BatchSize, double Loss);

/// <summary>What happened in one epoch.</summary>
/// <param name="Epoch">1-based number of the epoch just completed.</param>
/// <param name="MeanLoss">Sample-weighted mean of the minibatch losses (each taken before its update).</param>
/// <param name="Steps">Optimizer steps in the epoch.</param>
/// <param name="Seconds">Wall-clock time of the epoch.</param>
public readonly record struct EpochReport(int Epoch, double MeanLoss, int Steps, double Seconds);

/// <summary>
/// Watches a <see cref="Trainer{T}"/> without driving it (like py-pde trackers): called at the start of
/// <see cref="Trainer{T}.Fit"/>, after every optimizer step, and after every epoch. During <see cref="OnStep"/> the
/// network's parameters and the optimizer state are after the update, <c>Parameters.Gradients</c> holds this step's
/// minibatch gradient, and each layer's <c>LastInput</c>/<c>LastOutput</c> hold this step's forward pass.
/// Observers may read anything and copy what they need; they must not change parameters or optimizer state.
/// </summary>
public interface ITrainingObserver<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Before the first remaining epoch; <c>trainer.CompletedEpochs</c> tells where training starts.</summary>
    void OnTrainingStart(Trainer<T> trainer) { }

    /// <summary>After each optimizer step.</summary>
    void OnStep(Trainer<T> trainer, in StepReport step);

    /// <summary>After each epoch (the trainer's counters already include it, so a checkpoint taken here resumes at the next epoch).</summary>
    void OnEpochEnd(Trainer<T> trainer, in EpochReport epoch);
}
