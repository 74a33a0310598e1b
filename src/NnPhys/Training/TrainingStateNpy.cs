using NnPhys.Data;
using NnPhys.IO;

namespace NnPhys.Training;

/// <summary>
/// Converts a training state (<see cref="Trainer{T}.SaveState"/>: named float/double/long arrays of rank 1 or 2) to
/// <see cref="NpyArray"/>s for <see cref="Npz.Write"/>, and back. Rank-2 arrays keep their shape in the .npy header,
/// so <c>numpy.load(path)["network.b1.weight"]</c> is the (200, 2) matrix. The round trip is bit-exact.
/// </summary>
public static class TrainingStateNpy
{
    /// <summary>Each array as an <see cref="NpyArray"/> (data copied; rank 2 flattened row-major with its shape kept).</summary>
    /// <exception cref="ArgumentException">An array has rank above 2 or an element type other than float, double, long.</exception>
    public static Dictionary<string, NpyArray> ToNpyArrays(IReadOnlyDictionary<string, Array> state)
    {
        var result = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        foreach (var (name, array) in state)
        {
            if (array.Rank > 2) throw new ArgumentException($"State array '{name}' has rank {array.Rank}; only rank 1 and 2 are supported.", nameof(state));
            int[] shape = array.Rank == 2 ? [array.GetLength(0), array.GetLength(1)] : [array.Length];
            result[name] = array.GetType().GetElementType() switch
            {
                var t when t == typeof(float) => NpyArray.Of(StateArrays.Elements<float>(array).ToArray(), shape),
                var t when t == typeof(double) => NpyArray.Of(StateArrays.Elements<double>(array).ToArray(), shape),
                var t when t == typeof(long) => NpyArray.Of(StateArrays.Elements<long>(array).ToArray(), shape),
                var t => throw new ArgumentException($"State array '{name}' holds {t?.Name}; only float, double and long are supported.", nameof(state)),
            };
        }
        return result;
    }

    /// <summary>Each .npy array back as a plain array: T[rows, cols] for 2-d, T[] otherwise (data copied).</summary>
    /// <exception cref="DataFileException">An array has rank above 2 or an unsupported element type.</exception>
    public static Dictionary<string, Array> FromNpyArrays(IReadOnlyDictionary<string, NpyArray> arrays)
    {
        var result = new Dictionary<string, Array>(StringComparer.Ordinal);
        foreach (var (name, npy) in arrays)
        {
            if (npy.Shape.Length > 2) throw new DataFileException($"Checkpoint array '{name}' has shape {npy.ShapeString()}; training state arrays have rank 1 or 2. The file is not a nnphys training checkpoint.");
            result[name] = npy.ElementType switch
            {
                NpyElementType.Float32 => Reshape(npy.As<float>(), npy.Shape),
                NpyElementType.Float64 => Reshape(npy.As<double>(), npy.Shape),
                NpyElementType.Int64 => Reshape(npy.As<long>(), npy.Shape),
                _ => throw new DataFileException($"Checkpoint array '{name}' holds {npy.ElementType}; training state arrays are float32, float64 or int64."),
            };
        }
        return result;
    }

    static Array Reshape<T>(T[] flat, int[] shape) where T : unmanaged
    {
        if (shape.Length < 2) return (T[])flat.Clone();
        var a = new T[shape[0], shape[1]];
        flat.AsSpan().CopyTo(StateArrays.Elements<T>(a));
        return a;
    }
}
