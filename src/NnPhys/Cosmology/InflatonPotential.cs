using NnPhys.Training;

namespace NnPhys.Cosmology;

/// <summary>
/// The inflaton potential of nn-cosmology-duality eq. (28) is the training loss L(f) = (1/p)(f − y)^p, averaged over the
/// data set (p = 2: a mass term, m² = Θ̄; p = 4: chaotic inflation). The loss itself is Training's <see cref="PowerLoss"/>;
/// this class adds the one restriction the cosmology needs: p even, so the potential is bounded below.
/// </summary>
public static class InflatonPotential
{
    /// <summary>The loss (1/p)(f − y)^p of an even power <paramref name="power"/>.</summary>
    /// <exception cref="InvalidConfigException">p is odd or below 2.</exception>
    public static PowerLoss Loss(int power)
    {
        Check(power);
        return new PowerLoss(power);
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
}
