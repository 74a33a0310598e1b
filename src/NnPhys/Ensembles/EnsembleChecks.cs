namespace NnPhys.Ensembles;

/// <summary>Boundary checks shared by the ensemble types; each throws <see cref="InvalidConfigException"/> saying how to fix the value.</summary>
internal static class EnsembleChecks
{
    public static void InputDimension(int d)
    {
        if (d < 1) throw new InvalidConfigException($"The input dimension d must be ≥ 1, got {d}.");
    }

    public static void Width(int n)
    {
        if (n < 1) throw new InvalidConfigException($"The width N must be ≥ 1, got {n}; pass e.g. --width 100.");
    }

    public static void Samples(long m)
    {
        if (m < 1) throw new InvalidConfigException($"The number of samples must be ≥ 1, got {m}; pass e.g. --samples 10000.");
    }

    public static void Positive(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0) throw new InvalidConfigException($"{name} must be a positive finite number, got {value}.");
    }

    public static void NonNegative(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0) throw new InvalidConfigException($"{name} must be a finite number ≥ 0, got {value}.");
    }
}
