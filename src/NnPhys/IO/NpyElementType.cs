namespace NnPhys.IO;

/// <summary>
/// Element types nnphys reads and writes in <c>.npy</c> files, with their NumPy <c>descr</c> strings
/// (all little-endian; a single byte has no byte order and NumPy writes it as <c>|u1</c>).
/// </summary>
public enum NpyElementType
{
    /// <summary><c>float32</c>, descr <c>&lt;f4</c>, C# <see cref="float"/>.</summary>
    Float32,
    /// <summary><c>float64</c>, descr <c>&lt;f8</c>, C# <see cref="double"/>.</summary>
    Float64,
    /// <summary><c>int32</c>, descr <c>&lt;i4</c>, C# <see cref="int"/>.</summary>
    Int32,
    /// <summary><c>int64</c>, descr <c>&lt;i8</c>, C# <see cref="long"/>.</summary>
    Int64,
    /// <summary><c>uint8</c>, descr <c>|u1</c>, C# <see cref="byte"/>.</summary>
    UInt8,
}

/// <summary>Mapping between <see cref="NpyElementType"/>, NumPy descr strings, element sizes and C# types.</summary>
public static class NpyElementTypes
{
    /// <summary>The NumPy descr string NumPy itself writes for this type, e.g. <c>&lt;f4</c>.</summary>
    public static string Descr(this NpyElementType type) => type switch
    {
        NpyElementType.Float32 => "<f4",
        NpyElementType.Float64 => "<f8",
        NpyElementType.Int32 => "<i4",
        NpyElementType.Int64 => "<i8",
        NpyElementType.UInt8 => "|u1",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown NpyElementType."),
    };

    /// <summary>Size of one element in bytes.</summary>
    public static int ByteSize(this NpyElementType type) => type switch
    {
        NpyElementType.Float32 => 4,
        NpyElementType.Float64 => 8,
        NpyElementType.Int32 => 4,
        NpyElementType.Int64 => 8,
        NpyElementType.UInt8 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown NpyElementType."),
    };

    /// <summary>The C# element type that holds this NumPy type.</summary>
    public static Type ClrType(this NpyElementType type) => type switch
    {
        NpyElementType.Float32 => typeof(float),
        NpyElementType.Float64 => typeof(double),
        NpyElementType.Int32 => typeof(int),
        NpyElementType.Int64 => typeof(long),
        NpyElementType.UInt8 => typeof(byte),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown NpyElementType."),
    };

    /// <summary>The element type for C# type <typeparamref name="T"/>.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not float, double, int, long or byte.</exception>
    public static NpyElementType For<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return NpyElementType.Float32;
        if (typeof(T) == typeof(double)) return NpyElementType.Float64;
        if (typeof(T) == typeof(int)) return NpyElementType.Int32;
        if (typeof(T) == typeof(long)) return NpyElementType.Int64;
        if (typeof(T) == typeof(byte)) return NpyElementType.UInt8;
        throw new NotSupportedException($".npy arrays of {typeof(T).Name} are not supported; use float, double, int, long or byte.");
    }

    /// <summary>
    /// Parses a NumPy descr string. Accepts the little-endian spellings of the supported types
    /// (<c>&lt;f4</c>, <c>&lt;f8</c>, <c>&lt;i4</c>, <c>&lt;i8</c>) and the byte-order-free <c>|u1</c> (also <c>&lt;u1</c>, <c>=u1</c>).
    /// Returns false for anything else (big-endian, other widths, complex, strings, structured dtypes, objects).
    /// </summary>
    public static bool TryParseDescr(string descr, out NpyElementType type)
    {
        switch (descr)
        {
            case "<f4": type = NpyElementType.Float32; return true;
            case "<f8": type = NpyElementType.Float64; return true;
            case "<i4": type = NpyElementType.Int32; return true;
            case "<i8": type = NpyElementType.Int64; return true;
            case "|u1":
            case "<u1":
            case "=u1": type = NpyElementType.UInt8; return true;
            default: type = default; return false;
        }
    }
}
