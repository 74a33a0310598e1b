namespace NnPhys.Training;

/// <summary>Shape and normalization checks shared by the <see cref="ILoss"/> implementations.</summary>
internal static class LossChecks
{
    public static void Shapes(int predictions, int targets, int gradient, int columns)
    {
        if (predictions != targets) throw new ArgumentException($"Predictions have {predictions} elements but targets have {targets}; they must match.");
        if (gradient != predictions) throw new ArgumentException($"Gradient has {gradient} elements, predictions {predictions}; they must match.");
        if (predictions == 0) throw new ArgumentException("The loss of an empty batch is undefined; pass at least one row.");
        if (columns <= 0 || predictions % columns != 0)
            throw new ArgumentException($"{predictions} predictions do not form rows of {columns} columns.");
    }

    public static void Normalization(double normalization)
    {
        if (!(normalization > 0)) throw new ArgumentException($"Normalization {normalization} must be positive.", nameof(normalization));
    }
}
