using System.Globalization;
using NnPhys.IO;
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
        var rows = PointText.Parse(text, option, dimension);
        var m = new Matrix<double>(rows.Length, rows[0].Length);
        for (int i = 0; i < rows.Length; i++) rows[i].CopyTo(m.Row(i));
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
