namespace NnPhys.Ensembles;

/// <summary>A Monte Carlo estimate with its standard error (one standard deviation of the estimator).</summary>
public readonly record struct CorrelatorEstimate(double Value, double StandardError)
{
    /// <summary>(Value − reference) / StandardError: how many standard errors the estimate is from a reference value.</summary>
    public double Pull(double reference) => StandardError > 0 ? (Value - reference) / StandardError : (Value == reference ? 0 : double.PositiveInfinity);

    public override string ToString() => FormattableString.Invariant($"{Value:G6} ± {StandardError:G3}");
}
