using System.Runtime.InteropServices;

namespace NnPhys.IO;

/// <summary>
/// Reads and writes single arrays in NumPy's <c>.npy</c> format (version 1.0 header, C order, little-endian),
/// so <c>numpy.load(path)</c> reads what nnphys writes and vice versa. Supported element types:
/// float32, float64, int32, int64, uint8 (<see cref="NpyElementType"/>).
/// </summary>
public static class Npy
{
    /// <summary>
    /// Writes <paramref name="array"/> to <paramref name="path"/> atomically (temporary file in the same directory,
    /// then rename), with a header identical to the one <c>numpy.save</c> writes for the same array.
    /// </summary>
    /// <exception cref="DataFileException">The path is a directory or its parent is a file.</exception>
    public static void Write(string path, NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        AtomicFile.Write(path, stream => Write(stream, array));
    }

    /// <summary>Writes the header and data of <paramref name="array"/> to <paramref name="stream"/> at its current position.</summary>
    public static void Write(Stream stream, NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        EnsureLittleEndianHost();
        stream.Write(NpyHeader.Format(array.Shape, array.ElementType));
        stream.Write(array.DataBytes());
    }

    /// <summary>Reads the array stored in the <c>.npy</c> file at <paramref name="path"/>.</summary>
    /// <exception cref="DataFileException">
    /// The file is missing, is not a .npy file, is truncated or has trailing bytes, or stores an unsupported dtype
    /// or Fortran-ordered data; the message says which and how to fix it.
    /// </exception>
    public static NpyArray Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new DataFileException($"Array file '{path}' does not exist. Check the path, or re-run the command that writes it.");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        NpyArray array = Read(stream, path);
        if (stream.Position != stream.Length)
            throw new DataFileException($"'{path}' has {stream.Length - stream.Position} bytes after the array data that its header declares; the file is corrupt. Write it again.");
        return array;
    }

    /// <summary>Reads one array from <paramref name="stream"/>; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="DataFileException">Bad header, unsupported dtype, Fortran order, or truncated data.</exception>
    public static NpyArray Read(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        EnsureLittleEndianHost();
        (int[] shape, NpyElementType type) = NpyHeader.Read(stream, source);
        long count = NpyArray.ElementCount(shape);
        if (count > Array.MaxLength)
            throw new DataFileException($"'{source}' holds {count} elements, more than one .NET array can hold ({Array.MaxLength}). Split the array before saving.");
        int n = (int)count;
        Array data = type switch
        {
            NpyElementType.Float32 => ReadElements<float>(stream, n, source),
            NpyElementType.Float64 => ReadElements<double>(stream, n, source),
            NpyElementType.Int32 => ReadElements<int>(stream, n, source),
            NpyElementType.Int64 => ReadElements<long>(stream, n, source),
            NpyElementType.UInt8 => ReadElements<byte>(stream, n, source),
            _ => throw new InvalidOperationException($"Unknown element type {type}."),
        };
        return NpyArray.FromTyped(shape, type, data);
    }

    /// <summary>Reads <paramref name="count"/> little-endian elements straight into a new typed array.</summary>
    private static T[] ReadElements<T>(Stream stream, int count, string source) where T : unmanaged
    {
        var values = new T[count];
        Span<byte> bytes = MemoryMarshal.AsBytes(values.AsSpan());
        NpyHeader.ReadExactly(stream, bytes, source, $"array data ({count} elements of {typeof(T).Name})");
        return values;
    }

    private static void EnsureLittleEndianHost()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException(".npy support in nnphys assumes a little-endian machine.");
    }
}
