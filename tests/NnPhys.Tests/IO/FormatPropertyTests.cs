using CsCheck;
using NnPhys.Data;
using NnPhys.IO;

using NnPhys.Tests.Data;
using NnPhys.Tests.Runs;
namespace NnPhys.Tests.IO;

/// <summary>Property tests: .npy round trips over random shapes and types; every damaged file is a DataFileException.</summary>
public class FormatPropertyTests
{
    private static NpyArray MakeArray(int typeIndex, int[] shape, ulong seed)
    {
        long count = 1;
        foreach (int d in shape) count *= d;
        var rng = new NnPhys.Numerics.RandomStream(seed);
        switch (typeIndex)
        {
            case 0: { var a = new float[count]; for (int i = 0; i < a.Length; i++) a[i] = BitConverter.Int32BitsToSingle((int)rng.NextUInt64()); return NpyArray.Of(a, shape); }
            case 1: { var a = new double[count]; for (int i = 0; i < a.Length; i++) a[i] = BitConverter.UInt64BitsToDouble(rng.NextUInt64()); return NpyArray.Of(a, shape); }
            case 2: { var a = new int[count]; for (int i = 0; i < a.Length; i++) a[i] = (int)rng.NextUInt64(); return NpyArray.Of(a, shape); }
            case 3: { var a = new long[count]; for (int i = 0; i < a.Length; i++) a[i] = (long)rng.NextUInt64(); return NpyArray.Of(a, shape); }
            default: { var a = new byte[count]; for (int i = 0; i < a.Length; i++) a[i] = (byte)rng.NextUInt64(); return NpyArray.Of(a, shape); }
        }
    }

    [Fact]
    public void Npy_RoundTripsBitExactly_WithA64ByteAlignedAsciiHeader()
    {
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, 6].Array[0, 4], Gen.ULong).Sample((typeIndex, shape, seed) =>
        {
            // A rank-0 array is built with Scalar (Of with no shape means 1-d).
            NpyArray array = shape.Length == 0 ? NpyArray.Scalar(1.5) : MakeArray(typeIndex, shape, seed);
            using var stream = new MemoryStream();
            Npy.Write(stream, array);
            byte[] bytes = stream.ToArray();

            int headerLength = bytes.Length - (int)array.Length * array.ElementType.ByteSize();
            Assert.Equal(0, headerLength % 64);
            Assert.Equal((byte)'\n', bytes[headerLength - 1]);
            Assert.All(bytes[10..(headerLength - 1)], b => Assert.InRange(b, (byte)0x20, (byte)0x7E)); // printable ASCII dict + spaces

            NpyArray back = Npy.Read(new MemoryStream(bytes), "memory");
            Assert.Equal(array.Shape, back.Shape);
            Assert.Equal(array.ElementType, back.ElementType);
            Assert.Equal(array.DataBytes().ToArray(), back.DataBytes().ToArray()); // bit-exact, NaN payloads included
        });
    }

    [Fact]
    public void Npy_EveryTruncation_IsADataFileException()
    {
        using var stream = new MemoryStream();
        Npy.Write(stream, NpyArray.Of(new[] { 1.0, 2.0, 3.0 }, 3, 1));
        byte[] bytes = stream.ToArray();
        for (int length = 0; length < bytes.Length; length++)
            Assert.Throws<DataFileException>(() => Npy.Read(new MemoryStream(bytes[..length]), "cut.npy"));
    }

    [Fact]
    public void Idx_EveryTruncationAndEveryCorruptedHeaderByte_IsADataFileException()
    {
        byte[] images = IdxTestFiles.Images(2);
        for (int length = 0; length < images.Length; length += length < 64 ? 1 : 97)
            Assert.Throws<DataFileException>(() => IdxFile.Parse(images[..length], "cut", IdxFile.ImagesMagic, "fix"));

        Gen.Select(Gen.Int[0, 15], Gen.Byte[1, 255]).Sample((position, flip) =>
        {
            byte[] damaged = (byte[])images.Clone();
            damaged[position] ^= flip; // any change to magic or dimensions breaks magic or size consistency
            Assert.Throws<DataFileException>(() => IdxFile.Parse(damaged, "damaged", IdxFile.ImagesMagic, "fix"));
        });
    }
}
