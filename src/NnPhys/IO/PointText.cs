using System.Globalization;

namespace NnPhys.IO;

/// <summary>
/// The one reader of points written on a command line: "x1,x2;y1,y2;…" (points separated by ';', coordinates by ','),
/// used by every command that takes points (ensemble correlators, kernel gram/predict).
/// </summary>
public static class PointText
{
    /// <summary>The points of <paramref name="text"/>, each with <paramref name="dimension"/> coordinates (or, when it is
    /// null, as many as the first point has).</summary>
    /// <param name="text">The option's value.</param>
    /// <param name="option">The option, named in errors (e.g. "--points").</param>
    /// <param name="dimension">The required dimension, or null.</param>
    /// <param name="dimensionFix">How the user changes the dimension, added to the mismatch message (e.g. " or change --dim").</param>
    /// <exception cref="InvalidConfigException">Empty text, a coordinate that is not a finite number, or a point of another dimension.</exception>
    public static double[][] Parse(string? text, string option, int? dimension = null, string dimensionFix = "")
    {
        var rows = new List<double[]>();
        foreach (var part in (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var coords = part.Split(',', StringSplitOptions.TrimEntries);
            var x = new double[coords.Length];
            for (int j = 0; j < coords.Length; j++)
                if (!double.TryParse(coords[j], NumberStyles.Float, CultureInfo.InvariantCulture, out x[j]) || !double.IsFinite(x[j]))
                    throw new InvalidConfigException($"{option}: '{coords[j]}' in point {rows.Count} is not a finite number; write points as x1,x2;y1,y2.");
            int d = dimension ?? (rows.Count > 0 ? rows[0].Length : x.Length);
            if (x.Length != d)
                throw new InvalidConfigException($"{option}: point {rows.Count} ('{part}') has {x.Length} coordinates but the points have dimension {d}; give every point {d} coordinates{dimensionFix}.");
            rows.Add(x);
        }
        if (rows.Count == 0) throw new InvalidConfigException($"{option} is empty; write points as x1,x2;y1,y2.");
        return [.. rows];
    }
}
