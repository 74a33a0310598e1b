using System.Diagnostics;
using NnPhys.Data;
using NnPhys.Tests.Runs;
using NnPhys.IO;

using NnPhys.Tests.Data;
using NnPhys.Tests.Runs;
namespace NnPhys.Tests.IO;

/// <summary>
/// Cross-checks with real NumPy when `python3 -c "import numpy"` works (set PYTHONPATH if NumPy lives elsewhere);
/// skipped otherwise. NumPy loads our files, and we load files NumPy wrote — byte-exact headers included.
/// </summary>
public class NumpyInteropTests
{
    [PythonFact("numpy")]
    public void NumpyAndNnphys_ReadEachOthersFiles_AndWriteIdenticalNpyBytes()
    {
        using var dir = new TempDirectory();
        string ours = dir.Combine("ours.npy"), oursZ = dir.Combine("ours.npz");
        string theirs = dir.Combine("theirs.npy"), theirsZ = dir.Combine("theirs.npz");
        var matrix = NpyArray.Of(new[] { 0f, 1f, 2f, 3f, 4f, 5f }, 2, 3);
        Npy.Write(ours, matrix);
        Npz.Write(oursZ, new Dictionary<string, NpyArray> { ["w"] = NpyArray.Of(new[] { 1.5, -2.0 }), ["n"] = NpyArray.Scalar(7L) });

        const string script =
            "import sys, numpy as np\n" +
            "ours, oursz, theirs, theirsz = sys.argv[1:5]\n" +
            "a = np.load(ours); z = np.load(oursz)\n" +
            "print(a.dtype, a.shape, a.tolist(), z['w'].tolist(), int(z['n']), z['n'].shape)\n" +
            "np.save(theirs, np.arange(6, dtype='<f4').reshape(2, 3))\n" +
            "np.savez(theirsz, u=np.array([1, 2, 255], dtype=np.uint8), i=np.arange(4, dtype=np.int32).reshape(2, 2))\n";
        string output = RunPython(script, ours, oursZ, theirs, theirsZ);

        Assert.Equal("float32 (2, 3) [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]] [1.5, -2.0] 7 ()", output.Trim());
        Assert.Equal(File.ReadAllBytes(theirs), File.ReadAllBytes(ours)); // same array → same bytes as np.save
        Assert.Equal([0f, 1f, 2f, 3f, 4f, 5f], Npy.Read(theirs).As<float>());
        var z = Npz.Read(theirsZ);
        Assert.Equal(new byte[] { 1, 2, 255 }, z["u"].As<byte>());
        Assert.Equal([2, 2], z["i"].Shape);
        Assert.Equal([0, 1, 2, 3], z["i"].As<int>());
    }

    private static string RunPython(string script, params string[] arguments)
    {
        var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        foreach (string argument in arguments) info.ArgumentList.Add(argument);
        using Process process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
        return output;
    }
}
