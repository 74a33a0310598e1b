using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace NnPhys.IO;

/// <summary>
/// The header of a <c>.npy</c> file (NumPy format, <c>numpy.lib.format</c>): the magic string <c>\x93NUMPY</c>,
/// a version (major, minor), the header length, and an ASCII Python dict literal
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }</c> padded with spaces and a final newline
/// so that the data starts at a multiple of 64 bytes.
/// </summary>
internal static class NpyHeader
{
    /// <summary>The six magic bytes every .npy file starts with.</summary>
    internal static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Data alignment NumPy uses (<c>ARRAY_ALIGN</c>).</summary>
    private const int ArrayAlign = 64;

    /// <summary>NumPy reserves room for the first dimension to grow to this many digits (<c>GROWTH_AXIS_MAX_DIGITS</c>).</summary>
    private const int GrowthAxisMaxDigits = 21;

    /// <summary>Largest header we accept when reading, as NumPy's default <c>max_header_size</c>.</summary>
    private const int MaxHeaderLength = 10000;

    /// <summary>
    /// The full version-1.0 header (magic, version, length, dict, padding, newline) byte-for-byte as NumPy ≥ 1.24
    /// writes it for a C-ordered array: keys sorted, Python tuple repr for the shape, then spare spaces for the
    /// first dimension to grow to 21 digits, then space padding so that the total length is a multiple of 64.
    /// </summary>
    internal static byte[] Format(IReadOnlyList<int> shape, NpyElementType type)
    {
        var dict = new StringBuilder();
        dict.Append("{'descr': '").Append(type.Descr()).Append("', 'fortran_order': False, 'shape': ");
        dict.Append(ShapeRepr(shape)).Append(", }");
        if (shape.Count > 0)
            dict.Append(' ', GrowthAxisMaxDigits - shape[0].ToString(CultureInfo.InvariantCulture).Length);

        // Version 1.0 prefix: 6 magic bytes, 2 version bytes, 2-byte little-endian header length.
        const int prefixLength = 10;
        int textLength = dict.Length + 1; // + final '\n'
        int padding = ArrayAlign - (prefixLength + textLength) % ArrayAlign; // always 1..64, as NumPy does
        int headerLength = textLength + padding;
        if (headerLength > ushort.MaxValue)
            throw new ArgumentException($"Shape with {shape.Count} dimensions makes a .npy header too long for format version 1.0.", nameof(shape));

        var bytes = new byte[prefixLength + headerLength];
        Magic.CopyTo(bytes);
        bytes[6] = 1; // major version
        bytes[7] = 0; // minor version
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8, 2), (ushort)headerLength);
        int at = prefixLength;
        for (int i = 0; i < dict.Length; i++) bytes[at++] = (byte)dict[i];
        for (int i = 0; i < padding; i++) bytes[at++] = (byte)' ';
        bytes[at] = (byte)'\n';
        return bytes;
    }

    /// <summary>Python's repr of a tuple of ints: <c>()</c>, <c>(5,)</c>, <c>(2, 3)</c>.</summary>
    private static string ShapeRepr(IReadOnlyList<int> shape)
    {
        if (shape.Count == 1) return "(" + shape[0].ToString(CultureInfo.InvariantCulture) + ",)";
        var parts = new string[shape.Count];
        for (int i = 0; i < shape.Count; i++) parts[i] = shape[i].ToString(CultureInfo.InvariantCulture);
        return "(" + string.Join(", ", parts) + ")";
    }

    /// <summary>
    /// Reads and validates a header from <paramref name="stream"/>, leaving the stream at the first data byte.
    /// Accepts format versions 1.0, 2.0 and 3.0. <paramref name="source"/> names the file in error messages.
    /// </summary>
    /// <exception cref="DataFileException">Bad magic, unknown version, malformed dict, unsupported dtype, or Fortran order.</exception>
    internal static (int[] Shape, NpyElementType Type) Read(Stream stream, string source)
    {
        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(stream, prefix, source, "the 8-byte magic and version");
        if (!prefix[..6].SequenceEqual(Magic))
            throw new DataFileException($"'{source}' is not a .npy file: it does not start with the NumPy magic \\x93NUMPY. Save it with numpy.save, or check the path.");
        byte major = prefix[6];
        int headerLength;
        if (major == 1)
        {
            Span<byte> length = stackalloc byte[2];
            ReadExactly(stream, length, source, "the header length");
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(length);
        }
        else if (major is 2 or 3)
        {
            Span<byte> length = stackalloc byte[4];
            ReadExactly(stream, length, source, "the header length");
            uint value = BinaryPrimitives.ReadUInt32LittleEndian(length);
            headerLength = value > MaxHeaderLength ? MaxHeaderLength + 1 : (int)value;
        }
        else
        {
            throw new DataFileException($"'{source}' uses .npy format version {major}.{prefix[7]}, which nnphys cannot read (1.0, 2.0, 3.0 are supported). Re-save it with numpy.save.");
        }
        if (headerLength > MaxHeaderLength)
            throw new DataFileException($"'{source}' has a .npy header longer than {MaxHeaderLength} bytes; it is probably corrupt. Re-save it with numpy.save.");

        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, source, $"the {headerLength}-byte header");
        string header = major == 3 ? Encoding.UTF8.GetString(headerBytes) : Encoding.Latin1.GetString(headerBytes);
        return ParseDict(header, source);
    }

    /// <summary>Extracts descr, fortran_order and shape from the Python dict literal.</summary>
    private static (int[] Shape, NpyElementType Type) ParseDict(string header, string source)
    {
        string descr = ExtractValue(header, "descr", source);
        string fortran = ExtractValue(header, "fortran_order", source);
        string shapeText = ExtractValue(header, "shape", source);

        if (descr.Length < 2 || (descr[0] != '\'' && descr[0] != '"') || descr[^1] != descr[0])
            throw new DataFileException($"'{source}' has dtype {descr}, which nnphys cannot read (structured or unusual dtype). Supported: float32, float64, int32, int64, uint8; convert with arr.astype('<f8') before saving.");
        descr = descr[1..^1];
        if (!NpyElementTypes.TryParseDescr(descr, out NpyElementType type))
            throw new DataFileException($"'{source}' has dtype '{descr}', which nnphys cannot read. Supported little-endian dtypes: <f4 (float32), <f8 (float64), <i4 (int32), <i8 (int64), |u1 (uint8); convert with arr.astype('<f8') before saving.");

        if (fortran == "True")
            throw new DataFileException($"'{source}' stores its array in Fortran (column-major) order, which nnphys does not read. Save np.ascontiguousarray(arr) instead.");
        if (fortran != "False")
            throw new DataFileException($"'{source}' has fortran_order = {fortran}, which is not True or False; the header is corrupt. Re-save it with numpy.save.");

        return (ParseShape(shapeText, source), type);
    }

    /// <summary>The raw text of the value of <paramref name="key"/> in the dict literal (up to the next top-level comma or brace).</summary>
    private static string ExtractValue(string header, string key, string source)
    {
        int keyAt = header.IndexOf("'" + key + "'", StringComparison.Ordinal);
        if (keyAt < 0) keyAt = header.IndexOf("\"" + key + "\"", StringComparison.Ordinal);
        if (keyAt < 0)
            throw new DataFileException($"'{source}' has a .npy header without the '{key}' key: {header.Trim()}. Re-save it with numpy.save.");
        int colon = header.IndexOf(':', keyAt + key.Length + 2);
        if (colon < 0)
            throw new DataFileException($"'{source}' has a malformed .npy header near '{key}': {header.Trim()}. Re-save it with numpy.save.");
        int start = colon + 1;
        int depth = 0;
        int end = start;
        for (; end < header.Length; end++)
        {
            char c = header[end];
            if (c == '(' || c == '[') depth++;
            else if (c == ')' || c == ']') depth--;
            else if ((c == ',' || c == '}') && depth == 0) break;
        }
        return header[start..end].Trim();
    }

    /// <summary>Parses a Python tuple of non-negative ints such as <c>(2, 3)</c>, <c>(5,)</c>, <c>()</c>.</summary>
    private static int[] ParseShape(string text, string source)
    {
        if (text.Length < 2 || text[0] != '(' || text[^1] != ')')
            throw new DataFileException($"'{source}' has shape {text}, which is not a tuple. Re-save it with numpy.save.");
        string[] parts = text[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var shape = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            string part = parts[i].TrimEnd('L'); // Python 2 long suffix
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
                throw new DataFileException($"'{source}' has shape {text} with a dimension that is not a non-negative 32-bit integer. Re-save it with numpy.save.");
        }
        return shape;
    }

    /// <summary>Fills <paramref name="buffer"/> from the stream or throws a truncation error naming the file.</summary>
    internal static void ReadExactly(Stream stream, Span<byte> buffer, string source, string what)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = stream.Read(buffer[total..]);
            if (read == 0)
                throw new DataFileException($"'{source}' is truncated: it ended after {total} of {buffer.Length} bytes of {what}. The file was not written completely; write it again.");
            total += read;
        }
    }
}
