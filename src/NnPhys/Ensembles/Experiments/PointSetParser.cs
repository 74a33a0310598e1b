using System.Globalization;

namespace NnPhys.Ensembles.Experiments;

/// <summary>Parses points given on the command line as "x1,x2;y1,y2;…" (points separated by ';', coordinates by ',').</summary>
public static class PointSetParser
{
    /// <summary>The points of <paramref name="spec"/>, each checked to have <paramref name="dimension"/> coordinates.</summary>
    /// <exception cref="InvalidConfigException">A coordinate is not a number, or a point has the wrong dimension.</exception>
    public static PointSet Parse(string spec, int dimension)
    {
        var rows = new List<double[]>();
        foreach (var part in spec.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var coords = part.Split(',', StringSplitOptions.TrimEntries);
            var x = new double[coords.Length];
            for (int j = 0; j < coords.Length; j++)
                if (!double.TryParse(coords[j], NumberStyles.Float, CultureInfo.InvariantCulture, out x[j]))
                    throw new InvalidConfigException($"--points: '{coords[j]}' in point {rows.Count} is not a number; write points as x1,x2;y1,y2.");
            if (x.Length != dimension)
                throw new InvalidConfigException($"--points: point {rows.Count} ('{part}') has {x.Length} coordinates but the input dimension is d = {dimension}; give {dimension} per point or change --dim.");
            rows.Add(x);
        }
        if (rows.Count == 0) throw new InvalidConfigException("--points is empty; write points as x1,x2;y1,y2.");
        return new PointSet(rows);
    }

    /// <summary>P points x_k = k·spacing·e₀ on a line through the origin.</summary>
    public static PointSet Line(int dimension, int count, double spacing)
    {
        if (count < 1) throw new InvalidConfigException($"Need at least one point, got {count}.");
        var rows = new List<double[]>();
        for (int k = 0; k < count; k++) { var x = new double[dimension]; x[0] = k * spacing; rows.Add(x); }
        return new PointSet(rows);
    }
}
