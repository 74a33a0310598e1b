using System.Globalization;
using NnPhys.IO;

namespace NnPhys.Ensembles.Experiments;

/// <summary>Parses points given on the command line as "x1,x2;y1,y2;…" (points separated by ';', coordinates by ',').</summary>
public static class PointSetParser
{
    /// <summary>The points of <paramref name="spec"/>, each checked to have <paramref name="dimension"/> coordinates.</summary>
    /// <exception cref="InvalidConfigException">A coordinate is not a number, or a point has the wrong dimension.</exception>
    public static PointSet Parse(string spec, int dimension) => new(PointText.Parse(spec, "--points", dimension, " or change --dim"));

    /// <summary>
    /// Points from a file: a .npy array of shape (P, d) (or (P) for d = 1, float64 or float32), or a CSV/text file with one
    /// point per line, coordinates separated by commas or whitespace ('#' starts a comment).
    /// </summary>
    /// <exception cref="DataFileException">Missing or unreadable file.</exception>
    /// <exception cref="InvalidConfigException">Wrong shape, a non-number, or a point of the wrong dimension.</exception>
    public static PointSet Load(string path, int dimension)
    {
        if (!File.Exists(path)) throw new DataFileException($"--points-file '{path}' does not exist; give a .npy array (P, d) or a CSV file with one point per line.");
        if (path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
        {
            var array = NnPhys.IO.Npy.Read(path);
            double[] data = array.Data switch { double[] d => d, float[] f => f.Select(v => (double)v).ToArray(), _ => throw new InvalidConfigException($"--points-file '{path}' holds {array.ElementType} values; use float64 or float32.") };
            int cols = array.Shape.Length == 2 ? array.Shape[1] : array.Shape.Length == 1 ? 1 : throw new InvalidConfigException($"--points-file '{path}' has shape ({string.Join(", ", array.Shape)}); expected (P, d) or (P).");
            if (cols != dimension) throw new InvalidConfigException($"--points-file '{path}' has points of dimension {cols} but the input dimension is d = {dimension}; change --dim.");
            return new PointSet(Enumerable.Range(0, data.Length / cols).Select(p => data.AsSpan(p * cols, cols).ToArray()).ToArray());
        }
        var lines = File.ReadAllLines(path).Select(l => (l.Contains('#') ? l[..l.IndexOf('#')] : l).Trim()).Where(l => l.Length > 0)
            .Select(l => string.Join(",", l.Split([',', ' ', '\t', ';'], StringSplitOptions.RemoveEmptyEntries)));
        try { return Parse(string.Join(";", lines), dimension); }
        catch (InvalidConfigException e) { throw new InvalidConfigException($"--points-file '{path}': {e.Message.Replace("--points: ", "")}"); }
    }

    /// <summary>Parses tuples of point indices written as "0,1;0,1,2,3" (tuples separated by ';', indices by ',').</summary>
    /// <exception cref="InvalidConfigException">An index is not a non-negative integer, or no tuple is given.</exception>
    public static int[][] ParseTuples(string text)
    {
        var tuples = new List<int[]>();
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            tuples.Add(part.Split(',', StringSplitOptions.TrimEntries).Select(a => int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i
                : throw new InvalidConfigException($"--tuples: '{a}' in tuple {tuples.Count} is not a point index; write tuples as 0,1;0,1,2,3 (indices into --points).")).ToArray());
        if (tuples.Count == 0) throw new InvalidConfigException("--tuples is empty; write tuples as 0,1;0,1,2,3 (indices into --points).");
        return [.. tuples];
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
