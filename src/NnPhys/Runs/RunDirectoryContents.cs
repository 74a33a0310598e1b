using System.Text.RegularExpressions;

namespace NnPhys.Runs;

/// <summary>
/// What may be found in a run directory besides its results: the lock file, the hidden temporary files of
/// <see cref="IO.AtomicFile"/> (<c>.NAME.tmp-PID-GUID</c>) and the empty standard subdirectories. Used to refuse a
/// user's folder that is not a run (so nnphys never overwrites someone's <c>report.md</c>) and to remove the temporary
/// files a killed session left behind.
/// </summary>
internal static partial class RunDirectoryContents
{
    private static readonly string[] StandardSubdirectories = ["arrays", "figures", "checkpoints"];

    /// <summary>
    /// The first few entries of <paramref name="root"/> that nnphys did not put there (empty when the directory is
    /// missing, empty, or holds only a lock, temporary files, empty standard subdirectories and a scale-out's
    /// <c>scale-out/</c> and <c>shards/</c> folders).
    /// </summary>
    public static IReadOnlyList<string> ForeignEntries(string root, int max = 5)
    {
        var foreign = new List<string>();
        if (!Directory.Exists(root)) return foreign;
        // a scale-out (nnphys … --slurm N) keeps its job record and shard runs beside the merged result
        bool isScaleOut = File.Exists(Path.Combine(root, "scale-out", "job.json"));
        foreach (string entry in Directory.EnumerateFileSystemEntries(root))
        {
            string name = Path.GetFileName(entry);
            bool ours = (isScaleOut && name is "scale-out" or "shards") || (Directory.Exists(entry)
                ? StandardSubdirectories.Contains(name) && Directory.EnumerateFiles(entry, "*", SearchOption.AllDirectories).All(f => IsTemporaryFile(Path.GetFileName(f)))
                : name == RunLock.FileName || IsTemporaryFile(name));
            if (!ours) foreign.Add(Directory.Exists(entry) ? name + "/" : name);
            if (foreign.Count == max) break;
        }
        return foreign;
    }

    /// <summary>
    /// Deletes the temporary files of interrupted atomic writes under <paramref name="root"/> (not inside nested run
    /// directories, which have their own lock). Call only while holding the run's lock: then no writer can be using them.
    /// Returns the number of files and bytes removed.
    /// </summary>
    public static (int Files, long Bytes) RemoveStaleTemporaryFiles(string root)
    {
        int files = 0;
        long bytes = 0;
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            string dir = pending.Pop();
            foreach (string file in Directory.EnumerateFiles(dir))
            {
                if (!IsTemporaryFile(Path.GetFileName(file))) continue;
                try
                {
                    long length = new FileInfo(file).Length;
                    File.Delete(file);
                    files++;
                    bytes += length;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            }
            foreach (string sub in Directory.EnumerateDirectories(dir))
                if (!File.Exists(Path.Combine(sub, "manifest.json")) && !File.Exists(Path.Combine(sub, RunLock.FileName))) pending.Push(sub);
        }
        return (files, bytes);
    }

    /// <summary>True for the names <see cref="IO.AtomicFile"/> gives its temporary files: <c>.NAME.tmp-PID-GUID</c>.</summary>
    public static bool IsTemporaryFile(string name) => TemporaryName().IsMatch(name);

    [GeneratedRegex(@"^\..+\.tmp-\d+-[0-9a-f]{32}$")]
    private static partial Regex TemporaryName();
}
