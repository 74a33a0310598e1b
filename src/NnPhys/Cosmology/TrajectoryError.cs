namespace NnPhys.Cosmology;

/// <summary>
/// How far a predicted trajectory is from the actual one up to the horizon T, in units of the actual motion |a(T) − a(0)|
/// (issue 16's scores): the end error |pred(T) − a(T)| / |a(T) − a(0)| and the whole-trajectory error
/// max_{t ≤ T} |pred(t) − a(t)| / |a(T) − a(0)|.
/// </summary>
public readonly record struct TrajectoryError(double EndError, double MaxError)
{
    /// <summary>Scores <paramref name="predicted"/> against <paramref name="actual"/> (same time grid) up to step <paramref name="horizon"/>.</summary>
    /// <exception cref="ArgumentException">A trajectory is shorter than the horizon.</exception>
    public static TrajectoryError Of(IReadOnlyList<double> actual, IReadOnlyList<double> predicted, int horizon)
    {
        if (actual.Count <= horizon || predicted.Count <= horizon || horizon < 0)
            throw new ArgumentException($"Trajectories of {actual.Count} and {predicted.Count} steps do not reach the horizon {horizon}.");
        double motion = Math.Abs(actual[horizon] - actual[0]), max = 0;
        for (int t = 0; t <= horizon; t++) max = Math.Max(max, Math.Abs(predicted[t] - actual[t]));
        return new TrajectoryError(Math.Abs(predicted[horizon] - actual[horizon]) / motion, max / motion);
    }

    /// <summary>The no-motion null a(t) = a(0): its end error is exactly 1 and its whole-trajectory error ≥ 1.</summary>
    public static TrajectoryError NoMotion(IReadOnlyList<double> actual, int horizon) =>
        Of(actual, Enumerable.Repeat(actual[0], actual.Count).ToArray(), horizon);
}
