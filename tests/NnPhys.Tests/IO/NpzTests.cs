using System.Diagnostics;
using System.IO.Compression;
using NnPhys.Data;
using NnPhys.Tests.Runs;
using NnPhys.IO;

using NnPhys.Tests.Data;
using NnPhys.Tests.Runs;
namespace NnPhys.Tests.IO;

public class NpzTests
{
    private static Dictionary<string, NpyArray> Sample() => new()
    {
        ["weights"] = NpyArray.Of(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, 2, 3),
        ["losses"] = NpyArray.Of(new[] { 0.5, 0.25, 0.125 }),
        ["labels"] = NpyArray.Of(new byte[] { 3, 1, 4 }),
        ["step"] = NpyArray.Scalar(1234L),
        ["index"] = NpyArray.Of(new[] { 7, 8 }, 1, 2),
    };

    [Fact]
    public void RoundTrip_KeepsNamesShapesTypesAndValues()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("set.npz");
        var arrays = Sample();

        Npz.Write(path, arrays);
        Dictionary<string, NpyArray> back = Npz.Read(path);

        Assert.Equal(arrays.Keys.Order(), back.Keys.Order());
        foreach (var (name, array) in arrays)
        {
            Assert.Equal(array.Shape, back[name].Shape);
            Assert.Equal(array.ElementType, back[name].ElementType);
            Assert.Equal(array.Data, back[name].Data);
        }
    }

    [Fact]
    public void Archive_HoldsUncompressedNpyEntries_EachAValidNpyFile()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("set.npz");
        Npz.Write(path, Sample());

        using var zip = ZipFile.OpenRead(path);
        Assert.Equal(["index.npy", "labels.npy", "losses.npy", "step.npy", "weights.npy"], zip.Entries.Select(e => e.FullName));
        foreach (ZipArchiveEntry entry in zip.Entries)
        {
            Assert.Equal(entry.Length, entry.CompressedLength); // stored, not deflated
            using var stream = entry.Open();
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            byte[] bytes = copy.ToArray();
            using var single = new MemoryStream();
            Npy.Write(single, Sample()[entry.FullName[..^4]]);
            Assert.Equal(single.ToArray(), bytes); // entry bytes = the .npy file of that array
        }
    }

    [Fact]
    public void SameArrays_GiveSameBytes()
    {
        using var dir = new TempDirectory();
        Npz.Write(dir.Combine("a.npz"), Sample());
        Npz.Write(dir.Combine("b.npz"), Sample());
        Assert.Equal(File.ReadAllBytes(dir.Combine("a.npz")), File.ReadAllBytes(dir.Combine("b.npz")));
        using var zip = ZipFile.OpenRead(dir.Combine("a.npz"));
        Assert.All(zip.Entries, e => Assert.Equal(1980, e.LastWriteTime.Year)); // no wall-clock time in the bytes
    }

    [Fact]
    public void Read_AcceptsDeflatedArchives_LikeSavezCompressed()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("c.npz");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var entry = zip.CreateEntry("x.npy", CompressionLevel.Optimal).Open();
            Npy.Write(entry, NpyArray.Of(new double[1000], 10, 100));
        }
        NpyArray x = Npz.Read(path)["x"];
        Assert.Equal([10, 100], x.Shape);
    }

    [Fact]
    public void Read_TruncatedArchive_IsADataFileException()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("t.npz");
        Npz.Write(path, Sample());
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<DataFileException>(() => Npz.Read(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Write_RejectsNamesWithPathSeparators()
    {
        using var dir = new TempDirectory();
        Assert.Throws<ArgumentException>(() => Npz.Write(dir.Combine("n.npz"), new Dictionary<string, NpyArray> { ["a/b"] = NpyArray.Scalar(1.0) }));
        Assert.False(File.Exists(dir.Combine("n.npz")));
    }

    /// <summary>Python's zipfile (standard library) lists the entries and their sizes — an independent zip reader.</summary>
    [PythonFact("zipfile")]
    public void PythonZipfileReadsTheArchive_WhenPython3IsAvailable()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("p.npz");
        Npz.Write(path, Sample());
        var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("import zipfile,sys\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(' '.join(f'{i.filename}:{i.compress_type}' for i in z.infolist()))");
        info.ArgumentList.Add(path);
        using (Process process = Process.Start(info)!)
        {
            string output = process.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, error);
            Assert.Equal("index.npy:0 labels.npy:0 losses.npy:0 step.npy:0 weights.npy:0", output.Trim()); // 0 = ZIP_STORED
        }
    }
}
