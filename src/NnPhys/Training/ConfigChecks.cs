namespace NnPhys.Training;

/// <summary>Boundary checks for training hyperparameters; each failure says how to fix it.</summary>
internal static class ConfigChecks
{
    public static void LearningRate(double lr)
    {
        if (!double.IsFinite(lr) || lr <= 0)
            throw new InvalidConfigException($"Learning rate {lr} is invalid; use a finite positive value (e.g. 1e-3 for Adam, 1e-2 for SGD).");
    }

    public static void UnitInterval(double value, string name, string example)
    {
        if (!double.IsFinite(value) || value < 0 || value >= 1)
            throw new InvalidConfigException($"{name} = {value} is invalid; it must lie in [0, 1) (e.g. {example}).");
    }

    public static void NonNegative(double value, string name, string example)
    {
        if (!double.IsFinite(value) || value < 0)
            throw new InvalidConfigException($"{name} = {value} is invalid; use a finite non-negative value (e.g. {example}).");
    }

    public static void Positive(long value, string name, string example)
    {
        if (value <= 0)
            throw new InvalidConfigException($"{name} = {value} is invalid; it must be at least 1 (e.g. {example}).");
    }
}
