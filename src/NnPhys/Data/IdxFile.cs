using System.Buffers.Binary;
using System.IO.Compression;

namespace NnPhys.Data;

/// <summary>
/// Reader for the IDX format of the MNIST distribution (LeCun et al.): a 4-byte big-endian magic number
/// <c>0x000008NN</c> (0x08 = unsigned bytes, NN = number of dimensions), NN big-endian int32 dimensions,
/// then the bytes in row-major order. A gzip-compressed file (<c>.gz</c>, recognised by its first two bytes
/// 1f 8b, whatever its name) is decompressed transparently.
/// </summary>
public static class IdxFile
{
    /// <summary>Magic number of an image file: unsigned bytes, 3 dimensions (count, rows, columns).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of a label file: unsigned bytes, 1 dimension (count).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>
    /// Reads the whole IDX file (decompressing gzip) and checks its magic number, dimensions and exact size.
    /// Returns the dimensions and the payload (everything after the header, a view into the file's bytes).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="expectedMagic"><see cref="ImagesMagic"/> or <see cref="LabelsMagic"/>.</param>
    /// <param name="fix">What the user should do if the file is bad, e.g. "re-run `nnphys data fetch mnist`".</param>
    /// <exception cref="DataFileException">Missing file, wrong magic, or a size that does not match the header.</exception>
    public static (int[] Dimensions, ReadOnlyMemory<byte> Payload) Read(string path, int expectedMagic, string fix)
    {
        byte[] content = ReadDecompressed(path, fix);
        return Parse(content, path, expectedMagic, fix);
    }

    /// <summary>
    /// The file's content, gunzipped if it starts with the gzip magic bytes 1f 8b.
    /// </summary>
    /// <exception cref="DataFileException">The file is missing or is a corrupt/truncated gzip stream.</exception>
    public static byte[] ReadDecompressed(string path, string fix)
    {
        if (!File.Exists(path))
            throw new DataFileException($"MNIST file '{path}' does not exist. {fix}");
        byte[] raw = File.ReadAllBytes(path);
        if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b) return raw;
        try
        {
            using var input = new MemoryStream(raw, writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream(capacity: raw.Length * 4);
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DataFileException($"MNIST file '{path}' is a corrupt or truncated gzip file ({e.Message}). {fix}", e);
        }
    }

    /// <summary>Validates an in-memory IDX file; <paramref name="path"/> is only used in messages.</summary>
    internal static (int[] Dimensions, ReadOnlyMemory<byte> Payload) Parse(byte[] content, string path, int expectedMagic, string fix)
    {
        int expectedDims = expectedMagic & 0xFF;
        string kind = expectedMagic == ImagesMagic ? "an image file" : expectedMagic == LabelsMagic ? "a label file" : $"an IDX file with magic 0x{expectedMagic:X8}";
        if (content.Length < 4)
            throw new DataFileException($"MNIST file '{path}' is truncated: {content.Length} bytes, too short for the 4-byte IDX magic number. {fix}");

        int magic = BinaryPrimitives.ReadInt32BigEndian(content);
        if (magic != expectedMagic)
            throw new DataFileException(
                $"MNIST file '{path}' has magic number 0x{magic:X8}, expected 0x{expectedMagic:X8} for {kind}. " +
                $"It is not the right IDX file (images and labels swapped, or not MNIST). {fix}");

        int headerLength = 4 + 4 * expectedDims;
        if (content.Length < headerLength)
            throw new DataFileException($"MNIST file '{path}' is truncated: {content.Length} bytes, shorter than its {headerLength}-byte header. {fix}");

        var dims = new int[expectedDims];
        long payloadLength = 1;
        for (int d = 0; d < expectedDims; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(content.AsSpan(4 + 4 * d));
            if (dims[d] < 0)
                throw new DataFileException($"MNIST file '{path}' declares a negative dimension ({dims[d]}); the header is corrupt. {fix}");
            payloadLength *= dims[d];
        }

        long expectedLength = headerLength + payloadLength;
        if (content.Length != expectedLength)
        {
            string problem = content.Length < expectedLength ? "is truncated" : "has trailing bytes";
            throw new DataFileException(
                $"MNIST file '{path}' {problem}: its header declares dimensions ({string.Join(" x ", dims)}), " +
                $"which need {expectedLength:N0} bytes, but the (decompressed) file has {content.Length:N0} bytes. {fix}");
        }
        return (dims, content.AsMemory(headerLength));
    }
}
