using System.Globalization;
using NnPhys.Numerics;

namespace NnPhys.Kernels.Experiments;

/// <summary>Point sets for the kernel commands: parsed from "x1,x2;y1,y2" as elsewhere in the CLI, or on the unit circle.</summary>
public static class KernelPoints
{
    /// <summary>The points of <paramref name="text"/> ("x1,x2;y1,y2;…") as an (n, d) matrix; every point must have the
    /// same dimension (that of the first point, or <paramref name="dimension"/> when given).</summary>
    /// <exception cref="InvalidConfigException">Empty text, a coordinate that is not a number, or points of mismatched dimension.</exception>
    public static Matrix<double> Parse(string text, string option, int? dimension = null)
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
                throw new InvalidConfigException($"{option}: point {rows.Count} ('{part}') has {x.Length} coordinates but the points have dimension {d}; give every point {d} coordinates.");
            rows.Add(x);
        }
        if (rows.Count == 0) throw new InvalidConfigException($"{option} is empty; write points as x1,x2;y1,y2.");
        var m = new Matrix<double>(rows.Count, rows[0].Length);
        for (int i = 0; i < rows.Count; i++) rows[i].CopyTo(m.Row(i));
        return m;
    }

    /// <summary>Targets "1;-1" (or "1,-1"), one per training point.</summary>
    /// <exception cref="InvalidConfigException">A target is not a finite number, or the count differs from <paramref name="count"/>.</exception>
    public static double[] Targets(string text, int count)
    {
        var parts = (text ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var y = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out y[i]) || !double.IsFinite(y[i]))
                throw new InvalidConfigException($"--targets: '{parts[i]}' is not a finite number; write targets as 1;-1.");
        if (y.Length != count) throw new InvalidConfigException($"--targets has {y.Length} values but there are {count} training points; give one target per point.");
        return y;
    }

    /// <summary>Points (cos a, sin a) at the given angles.</summary>
    public static Matrix<double> OnCircle(IReadOnlyList<double> angles)
    {
        var m = new Matrix<double>(angles.Count, 2);
        for (int i = 0; i < angles.Count; i++) { m[i, 0] = Math.Cos(angles[i]); m[i, 1] = Math.Sin(angles[i]); }
        return m;
    }

    /// <summary>The rows of a followed by the rows of b.</summary>
    public static Matrix<double> Stack(Matrix<double> a, Matrix<double> b)
    {
        var m = new Matrix<double>(a.Rows + b.Rows, a.Cols);
        a.Data.CopyTo(m.Data, 0); b.Data.CopyTo(m.Data, a.Data.Length);
        return m;
    }
}
