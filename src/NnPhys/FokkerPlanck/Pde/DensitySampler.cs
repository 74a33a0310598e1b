using NnPhys.Numerics;

namespace NnPhys.FokkerPlanck.Pde;

/// <summary>Draws points from a grid density: a cell with probability P_k·Dx·Dy / mass, then a uniform point inside it.</summary>
public static class DensitySampler
{
    /// <summary>n points, (n, 2), reproducible for a given stream.</summary>
    /// <exception cref="InvalidConfigException">The density has zero mass or n &lt; 0.</exception>
    public static double[] Sample(DensityField density, int n, RandomStream random)
    {
        if (n < 0) throw new InvalidConfigException($"Cannot sample {n} points.");
        var grid = density.Grid;
        var cumulative = new double[grid.CellCount];
        double total = 0;
        for (int k = 0; k < cumulative.Length; k++) { total += density.Values[k]; cumulative[k] = total; }
        if (!(total > 0)) throw new InvalidConfigException("Cannot sample rows from a density with zero mass.");
        var points = new double[2 * n];
        for (int r = 0; r < n; r++)
        {
            double u = random.NextDouble() * total;
            int k = Array.BinarySearch(cumulative, u);
            if (k < 0) k = ~k;
            k = Math.Min(k, cumulative.Length - 1);
            while (density.Values[k] == 0 && k > 0) k--;  // never land in an empty cell on a tie
            int i = k % grid.Nx, j = k / grid.Nx;
            points[2 * r] = grid.FaceX(i) + random.NextDouble() * grid.Dx;
            points[2 * r + 1] = grid.IsOneDimensional ? grid.CellCenterY(0) : grid.FaceY(j) + random.NextDouble() * grid.Dy;
        }
        return points;
    }
}
