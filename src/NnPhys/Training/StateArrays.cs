using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NnPhys.Networks;

namespace NnPhys.Training;

/// <summary>Conversions between spans and the named arrays of a saved training state.</summary>
internal static class StateArrays
{
    /// <summary>A copy of <paramref name="values"/> as an array of the given shape (T[] for rank 1, T[,] for rank 2).</summary>
    public static Array Shaped<T>(ReadOnlySpan<T> values, IReadOnlyList<int> shape) where T : unmanaged
    {
        Array a = shape.Count == 2 ? new T[shape[0], shape[1]] : new T[values.Length];
        values.CopyTo(Elements<T>(a));
        return a;
    }

    /// <summary>The elements of any T array (any rank), row-major.</summary>
    public static Span<T> Elements<T>(Array a) where T : unmanaged =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(a)), a.Length);

    /// <summary>Reads the array under <paramref name="key"/>, checking element type and length.</summary>
    /// <exception cref="InvalidConfigException">Missing key, wrong element type, or wrong length.</exception>
    public static ReadOnlySpan<T> Read<T>(IReadOnlyDictionary<string, Array> state, string key, int length) where T : unmanaged
    {
        if (!state.TryGetValue(key, out var a))
            throw new InvalidConfigException($"The saved training state has no '{key}'; it was written by a different network or optimizer. Resume with the same configuration or start a new run.");
        if (a.GetType().GetElementType() != typeof(T))
            throw new InvalidConfigException($"Saved '{key}' holds {a.GetType().GetElementType()?.Name} but {typeof(T).Name} is needed; resume with the same precision as the saved run.");
        if (a.Length != length)
            throw new InvalidConfigException($"Saved '{key}' has {a.Length} elements but {length} are needed; resume with the same architecture as the saved run.");
        return Elements<T>(a);
    }

    /// <summary>Saves each parameter's values under prefix + name.</summary>
    public static void AddPerParameter<T>(Dictionary<string, Array> state, string prefix, ParameterSet<T> parameters, T[] flat)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        foreach (var e in parameters.Entries) state[prefix + e.Name] = Shaped<T>(flat.AsSpan(e.Offset, e.Length), e.Shape);
    }

    /// <summary>Restores each parameter's values from prefix + name.</summary>
    public static void ReadPerParameter<T>(IReadOnlyDictionary<string, Array> state, string prefix, ParameterSet<T> parameters, T[] flat)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        foreach (var e in parameters.Entries) Read<T>(state, prefix + e.Name, e.Length).CopyTo(flat.AsSpan(e.Offset, e.Length));
    }

    /// <summary>Checks that a saved hyperparameter equals the configured one.</summary>
    public static void RequireEqual(IReadOnlyDictionary<string, Array> state, string key, double configured, string what)
    {
        double saved = Read<double>(state, key, 1)[0];
        if (BitConverter.DoubleToInt64Bits(saved) != BitConverter.DoubleToInt64Bits(configured))
            throw new InvalidConfigException($"The saved run used {what} = {saved:R} but this one has {configured:R}; resume with the saved value or start a new run.");
    }
}
