using System.Buffers.Binary;
using System.IO.Compression;

namespace NnPhys.Tests.Data;

/// <summary>Writes small synthetic IDX files byte by byte from the format description (big-endian header, then bytes).</summary>
internal static class IdxTestFiles
{
    /// <summary>IDX bytes: magic, big-endian dims, payload.</summary>
    public static byte[] Build(int magic, int[] dims, byte[] payload)
    {
        var bytes = new byte[4 + 4 * dims.Length + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int d = 0; d < dims.Length; d++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dims[d]);
        payload.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    /// <summary>n images of 28x28 where pixel p of image i is (i * 31 + p * 7) % 256.</summary>
    public static byte[] ImagePixels(int n)
    {
        var pixels = new byte[n * 784];
        for (int i = 0; i < n; i++)
            for (int p = 0; p < 784; p++)
                pixels[i * 784 + p] = (byte)((i * 31 + p * 7) % 256);
        return pixels;
    }

    public static byte[] Images(int n) => Build(0x00000803, [n, 28, 28], ImagePixels(n));

    public static byte[] Labels(byte[] labels) => Build(0x00000801, [labels.Length], labels);

    public static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(content);
        return output.ToArray();
    }

    /// <summary>Writes a complete synthetic split (images + labels) under the standard names.</summary>
    public static void WriteSplit(string directory, string prefix, byte[] labels, bool gzip = false, bool dotted = false)
    {
        string images = dotted ? $"{prefix}-images.idx3-ubyte" : $"{prefix}-images-idx3-ubyte";
        string labelFile = dotted ? $"{prefix}-labels.idx1-ubyte" : $"{prefix}-labels-idx1-ubyte";
        byte[] imageBytes = Images(labels.Length);
        byte[] labelBytes = Labels(labels);
        if (gzip) { imageBytes = Gzip(imageBytes); labelBytes = Gzip(labelBytes); images += ".gz"; labelFile += ".gz"; }
        File.WriteAllBytes(Path.Combine(directory, images), imageBytes);
        File.WriteAllBytes(Path.Combine(directory, labelFile), labelBytes);
    }
}
