namespace NnPhys.Cosmology;

/// <summary>
/// The inflaton potential of nn-cosmology-duality eq. (28): L(f) = (1/p)(f − y)^p for even p (p = 2: a mass term,
/// m² = Θ̄; p = 4: chaotic inflation). Over a data set it is averaged: L = (1/N) Σᵢ (1/p)(fᵢ − yᵢ)^p.
/// </summary>
public sealed record PolynomialLoss
{
    /// <summary>The even power p ≥ 2.</summary>
    public int Power { get; }

    /// <summary>A loss of even power <paramref name="power"/>.</summary>
    /// <exception cref="InvalidConfigException">p is odd or below 2.</exception>
    public PolynomialLoss(int power)
    {
        Check(power);
        Power = power;
    }

    /// <summary>Throws unless p is even and ≥ 2.</summary>
    /// <exception cref="InvalidConfigException">p is odd (the potential is unbounded below) or below 2.</exception>
    public static void Check(int power)
    {
        if (power < 2)
            throw new InvalidConfigException($"Loss power p = {power} is invalid; use an even p ≥ 2 (2 or 4), e.g. --p 2.");
        if (power % 2 != 0)
            throw new InvalidConfigException($"Loss power p = {power} is odd: (1/p)(f − y)^p is then unbounded below, so training (and the inflaton) would roll away forever; use an even p such as 2 or 4.");
    }

    /// <summary>(1/p)(f − y)^p for one point.</summary>
    public double Value(double f, double y) => Math.Pow(f - y, Power) / Power;

    /// <summary>∂/∂f of (1/p)(f − y)^p = (f − y)^(p−1).</summary>
    public double Derivative(double f, double y) => Math.Pow(f - y, Power - 1);

    /// <summary>Mean loss (1/N) Σ (1/p)(fᵢ − yᵢ)^p.</summary>
    public double Mean(ReadOnlySpan<double> f, ReadOnlySpan<double> y)
    {
        double s = 0;
        for (int i = 0; i < f.Length; i++) s += Value(f[i], y[i]);
        return s / f.Length;
    }

    /// <summary>∂L/∂fᵢ of the mean loss: (fᵢ − yᵢ)^(p−1)/N, written into <paramref name="gradient"/>.</summary>
    public void MeanGradient(ReadOnlySpan<double> f, ReadOnlySpan<double> y, Span<double> gradient)
    {
        for (int i = 0; i < f.Length; i++) gradient[i] = Derivative(f[i], y[i]) / f.Length;
    }
}
