using System.Diagnostics;
using System.Text;
using NnPhys.Data;
using NnPhys.Tests.Runs;
using NnPhys.IO;

using NnPhys.Tests.Data;
using NnPhys.Tests.Runs;
namespace NnPhys.Tests.IO;

public class NpyTests
{
    /// <summary>
    /// The header numpy.save writes for np.zeros((2, 3), '&lt;f4'), built by hand from the NPY format spec
    /// (numpy/lib/format.py, NumPy ≥ 1.24): dict text 59 chars + 20 growth spaces (21 − len("2")) + '\n' = 80 bytes;
    /// 10-byte prefix + 80 = 90, padded with 64 − 90 % 64 = 38 spaces before the '\n' to 128 bytes; HEADER_LEN = 118 = 0x76.
    /// </summary>
    [Fact]
    public void Header_Float32Matrix_IsByteExactAgainstNumpy()
    {
        byte[] expected = [0x93, .. "NUMPY"u8, 0x01, 0x00, 0x76, 0x00,
            .. Encoding.ASCII.GetBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" + new string(' ', 20 + 38) + "\n")];
        Assert.Equal(128, expected.Length);

        using var stream = new MemoryStream();
        Npy.Write(stream, NpyArray.Of(new float[6], 2, 3));
        byte[] written = stream.ToArray();

        Assert.Equal(expected, written[..128]);
        Assert.Equal(128 + 6 * 4, written.Length);
    }

    /// <summary>
    /// 1-d int64 of length 12345: dict 61 chars + 16 growth spaces (21 − 5) + '\n' = 78; 10 + 78 = 88 → 40 pad spaces; HEADER_LEN 118.
    /// 0-d uint8: dict 55 chars, no growth spaces (shape is empty) + '\n' = 56; 10 + 56 = 66 → 62 pad spaces; HEADER_LEN 118.
    /// </summary>
    [Fact]
    public void Header_VectorAndScalar_AreByteExactAgainstNumpy()
    {
        byte[] vectorHeader = [0x93, .. "NUMPY"u8, 0x01, 0x00, 0x76, 0x00,
            .. Encoding.ASCII.GetBytes("{'descr': '<i8', 'fortran_order': False, 'shape': (12345,), }" + new string(' ', 16 + 40) + "\n")];
        byte[] scalarHeader = [0x93, .. "NUMPY"u8, 0x01, 0x00, 0x76, 0x00,
            .. Encoding.ASCII.GetBytes("{'descr': '|u1', 'fortran_order': False, 'shape': (), }" + new string(' ', 62) + "\n")];

        using var vector = new MemoryStream();
        Npy.Write(vector, NpyArray.Of(new long[12345]));
        using var scalar = new MemoryStream();
        Npy.Write(scalar, NpyArray.Scalar((byte)200));

        Assert.Equal(vectorHeader, vector.ToArray()[..128]);
        Assert.Equal([.. scalarHeader, 200], scalar.ToArray());
    }

    [Fact]
    public void RoundTrip_AllElementTypesAndShapes()
    {
        using var dir = new TempDirectory();
        NpyArray[] arrays =
        [
            NpyArray.Of(new[] { 1.5f, -2.25f, float.Epsilon, float.MaxValue, 0f, -0f }, 2, 3),
            NpyArray.Of(new[] { Math.PI, -Math.E, double.Epsilon, 1e300 }, 2, 1, 2),
            NpyArray.Of(new[] { int.MinValue, -1, 0, int.MaxValue }),
            NpyArray.Of(new[] { long.MinValue, 42L, long.MaxValue }, 3, 1),
            NpyArray.Of(new byte[] { 0, 1, 127, 128, 255, 9 }, 3, 2),
            NpyArray.Of(Array.Empty<double>(), 0, 4),
            NpyArray.Scalar(-7.0),
        ];
        for (int k = 0; k < arrays.Length; k++)
        {
            string path = dir.Combine($"a{k}.npy");
            Npy.Write(path, arrays[k]);
            NpyArray back = Npy.Read(path);
            Assert.Equal(arrays[k].Shape, back.Shape);
            Assert.Equal(arrays[k].ElementType, back.ElementType);
            Assert.Equal(arrays[k].Data, back.Data);
            long headerBytes = new FileInfo(path).Length - back.Length * back.ElementType.ByteSize();
            Assert.Equal(0, headerBytes % 64); // data starts 64-byte aligned
        }
    }

    [Fact]
    public void Read_AcceptsOlderNumpyHeadersWithoutGrowthPadding()
    {
        // NumPy < 1.24 wrote no growth spaces, and other writers order the keys differently; both are legal.
        string dict = "{'shape': (3,), 'fortran_order': False, 'descr': '<f8'}"; // other key order is legal too
        int padding = 64 - (10 + dict.Length + 1) % 64;
        byte[] header = [0x93, .. "NUMPY"u8, 0x01, 0x00, (byte)(dict.Length + padding + 1), 0x00,
            .. Encoding.ASCII.GetBytes(dict + new string(' ', padding) + "\n")];
        byte[] data = [.. BitConverter.GetBytes(1.0), .. BitConverter.GetBytes(2.0), .. BitConverter.GetBytes(3.0)];

        NpyArray array = Npy.Read(new MemoryStream([.. header, .. data]), "old.npy");

        Assert.Equal([3], array.Shape);
        Assert.Equal([1.0, 2.0, 3.0], array.As<double>());
    }

    [Theory]
    [InlineData("{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", "'>f8'")]
    [InlineData("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", "'<c16'")]
    [InlineData("{'descr': '<f8', 'fortran_order': True, 'shape': (1,), }", "Fortran")]
    [InlineData("{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (1,), }", "structured")]
    [InlineData("{'descr': '<f8', 'shape': (1,), }", "'fortran_order'")]
    public void Read_RejectsUnsupportedHeadersWithAClearMessage(string dict, string expectedInMessage)
    {
        byte[] header = [0x93, .. "NUMPY"u8, 0x01, 0x00, (byte)(dict.Length + 1), 0x00, .. Encoding.ASCII.GetBytes(dict + "\n")];
        var e = Assert.Throws<DataFileException>(() => Npy.Read(new MemoryStream([.. header, .. new byte[16]]), "bad.npy"));
        Assert.Contains(expectedInMessage, e.Message);
        Assert.Contains("bad.npy", e.Message);
    }

    [Fact]
    public void Read_RejectsBadMagicTruncationAndTrailingBytes()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("x.npy");
        Npy.Write(path, NpyArray.Of(new[] { 1.0, 2.0 }));
        byte[] good = File.ReadAllBytes(path);

        File.WriteAllBytes(path, good[..^3]);
        Assert.Contains("truncated", Assert.Throws<DataFileException>(() => Npy.Read(path)).Message);

        File.WriteAllBytes(path, [.. good, 0]);
        Assert.Contains("after the array data", Assert.Throws<DataFileException>(() => Npy.Read(path)).Message);

        File.WriteAllBytes(path, [.. "PK"u8, .. good[2..]]);
        Assert.Contains("magic", Assert.Throws<DataFileException>(() => Npy.Read(path)).Message);

        Assert.Throws<DataFileException>(() => Npy.Read(dir.Combine("missing.npy")));
    }

    [Fact]
    public void Of_ChecksShapeAndAs_ChecksType()
    {
        Assert.Throws<ArgumentException>(() => NpyArray.Of(new float[5], 2, 3));
        Assert.Throws<ArgumentException>(() => NpyArray.Of(new float[0], -1, 0));
        Assert.Throws<NotSupportedException>(() => NpyArray.Of(new short[2]));
        var array = NpyArray.Of(new float[6], 2, 3);
        Assert.Throws<InvalidOperationException>(() => array.As<double>());
        Assert.Same(array.Data, array.As<float>());
    }

    /// <summary>An independent reader: Python's ast.literal_eval on the header and struct.unpack on the data (no NumPy needed).</summary>
    [PythonFact]
    public void PythonParsesTheFile_WhenPython3IsAvailable()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("m.npy");
        Npy.Write(path, NpyArray.Of(new[] { 0.5, -1.25, 3.0, 1e-3, 7.0, 8.5 }, 3, 2));
        const string script =
            "import ast,struct,sys\n" +
            "b=open(sys.argv[1],'rb').read()\n" +
            "assert b[:8]==b'\\x93NUMPY\\x01\\x00'\n" +
            "n=struct.unpack('<H',b[8:10])[0]\n" +
            "assert (10+n)%64==0\n" +
            "h=ast.literal_eval(b[10:10+n].decode('latin1'))\n" +
            "vals=struct.unpack('<6d',b[10+n:])\n" +
            "print(h['descr'],h['fortran_order'],h['shape'],vals)\n";
        string output = RunPython(script, path);
        Assert.Equal("<f8 False (3, 2) (0.5, -1.25, 3.0, 0.001, 7.0, 8.5)", output.Trim());
    }

    private static string RunPython(string script, string argument)
    {
        var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(argument);
        using Process process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
        return output;
    }
}
