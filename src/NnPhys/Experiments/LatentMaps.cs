namespace NnPhys.Experiments;

/// <summary>The linear bottleneck maps z = x·W for (E, rows) inputs and a (rows, 2) weight matrix.</summary>
public static class LatentMaps
{
    /// <summary>z = x·W: x is (count, rows), W is (rows, 2); returns (count, 2).</summary>
    public static double[] Apply(ReadOnlySpan<double> inputs, int count, ReadOnlySpan<double> weights, int rows)
    {
        if (inputs.Length != count * rows || weights.Length != rows * 2)
            throw new InvalidConfigException($"Latent map shapes do not match: inputs {inputs.Length} values for ({count}, {rows}), weights {weights.Length} for ({rows}, 2).");
        var z = new double[count * 2];
        for (int e = 0; e < count; e++)
        {
            var x = inputs.Slice(e * rows, rows);   // (rows)
            double z0 = 0, z1 = 0;
            for (int r = 0; r < rows; r++) { z0 += x[r] * weights[2 * r]; z1 += x[r] * weights[2 * r + 1]; }
            z[2 * e] = z0; z[2 * e + 1] = z1;
        }
        return z;
    }
}
