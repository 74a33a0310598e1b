namespace NnPhys.Training;

/// <summary>
/// How a <see cref="Trainer{T}"/> walks the data: total epochs, minibatch size, and whether each epoch visits the
/// samples in a fresh random order. The last minibatch of an epoch may be smaller (PyTorch's drop_last = False).
/// </summary>
/// <param name="Epochs">Total epochs to reach; a resumed trainer runs only the remaining ones.</param>
/// <param name="BatchSize">Samples per optimizer step (128 in SPEC §1).</param>
/// <param name="Shuffle">Shuffle the sample order at the start of every epoch.</param>
/// <param name="Seed">Seed of the shuffling stream (used when no RandomStream is passed to the trainer).</param>
public sealed record TrainingOptions(int Epochs, int BatchSize = 128, bool Shuffle = true, ulong Seed = 0)
{
    /// <summary>Throws if a value is unusable.</summary>
    /// <exception cref="InvalidConfigException">Epochs or batch size below 1.</exception>
    public void Validate()
    {
        Check.Positive(Epochs, "Epochs", "80");
        Check.Positive(BatchSize, "Batch size", "128");
    }
}
