using System.Runtime.InteropServices;

namespace NnPhys.IO;

/// <summary>
/// An n-dimensional array as stored in a <c>.npy</c> file: a shape, an element type, and the elements in
/// C (row-major) order in one typed array (<see cref="float"/>[], <see cref="double"/>[], <see cref="int"/>[],
/// <see cref="long"/>[] or <see cref="byte"/>[]). The data array is shared, not copied.
/// </summary>
public sealed class NpyArray
{
    /// <summary>Dimensions, outermost first. Empty for a 0-d (scalar) array.</summary>
    public int[] Shape { get; }

    /// <summary>Element type of <see cref="Data"/>.</summary>
    public NpyElementType ElementType { get; }

    /// <summary>The elements in C order; its runtime type is <c>T[]</c> for the C# type of <see cref="ElementType"/>.</summary>
    public Array Data { get; }

    /// <summary>Number of elements, the product of <see cref="Shape"/> (1 for a 0-d array).</summary>
    public long Length => Data.LongLength;

    private NpyArray(int[] shape, NpyElementType elementType, Array data)
    {
        Shape = shape;
        ElementType = elementType;
        Data = data;
    }

    /// <summary>
    /// Wraps <paramref name="data"/> (not copied) with the given shape. With no shape, the array is 1-d of length
    /// <c>data.Length</c>; use <see cref="Scalar{T}"/> for a 0-d array.
    /// </summary>
    /// <exception cref="ArgumentException">A dimension is negative or the product of the shape differs from <c>data.Length</c>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not float, double, int, long or byte.</exception>
    public static NpyArray Of<T>(T[] data, params int[] shape) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        NpyElementType type = NpyElementTypes.For<T>();
        int[] dims = shape is null || shape.Length == 0 ? [data.Length] : (int[])shape.Clone();
        long count = ElementCount(dims);
        if (count != data.LongLength)
            throw new ArgumentException($"Shape ({string.Join(", ", dims)}) holds {count} elements but the data has {data.LongLength}.", nameof(shape));
        return new NpyArray(dims, type, data);
    }

    /// <summary>A 0-d array holding one value (NumPy shape <c>()</c>).</summary>
    public static NpyArray Scalar<T>(T value) where T : unmanaged => new([], NpyElementTypes.For<T>(), new T[] { value });

    /// <summary>Wraps an already typed array read from a file; the caller has checked the length.</summary>
    internal static NpyArray FromTyped(int[] shape, NpyElementType type, Array data) => new(shape, type, data);

    /// <summary>The data as <typeparamref name="T"/>[] (the same array, not a copy).</summary>
    /// <exception cref="InvalidOperationException">The array's element type is not <typeparamref name="T"/>.</exception>
    public T[] As<T>() where T : unmanaged
    {
        if (Data is T[] typed) return typed;
        throw new InvalidOperationException(
            $"This .npy array holds {ElementType} ({ElementType.Descr()}) elements, not {typeof(T).Name}; call As<{ElementType.ClrType().Name}>() instead.");
    }

    /// <summary>The raw little-endian bytes of the elements (a view, valid while <see cref="Data"/> is alive).</summary>
    internal ReadOnlySpan<byte> DataBytes() => ElementType switch
    {
        NpyElementType.Float32 => MemoryMarshal.AsBytes<float>((float[])Data),
        NpyElementType.Float64 => MemoryMarshal.AsBytes<double>((double[])Data),
        NpyElementType.Int32 => MemoryMarshal.AsBytes<int>((int[])Data),
        NpyElementType.Int64 => MemoryMarshal.AsBytes<long>((long[])Data),
        NpyElementType.UInt8 => (byte[])Data,
        _ => throw new InvalidOperationException($"Unknown element type {ElementType}."),
    };

    /// <summary>Product of the dimensions, checking each is non-negative.</summary>
    internal static long ElementCount(IReadOnlyList<int> shape)
    {
        long count = 1;
        for (int d = 0; d < shape.Count; d++)
        {
            if (shape[d] < 0) throw new ArgumentException($"Dimension {d} of shape ({string.Join(", ", shape)}) is negative.", nameof(shape));
            count = checked(count * shape[d]);
        }
        return count;
    }

    /// <summary>Shape written the way NumPy prints it, e.g. <c>(3, 4)</c>, <c>(5,)</c>, <c>()</c>.</summary>
    public string ShapeString() => Shape.Length == 1 ? $"({Shape[0]},)" : $"({string.Join(", ", Shape)})";

    /// <inheritdoc/>
    public override string ToString() => $"NpyArray {ElementType.Descr()} {ShapeString()}";
}
