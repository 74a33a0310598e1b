namespace NnPhys.IO;

/// <summary>
/// Writes files atomically: the content goes to a temporary file in the same directory, is flushed to disk,
/// and is then renamed over the destination. A reader therefore sees either the old file or the complete new
/// one, never a half-written file. If writing fails (an exception, including one thrown by the caller's write
/// action), the temporary file is deleted and the old destination file, if any, is left untouched.
/// </summary>
/// <remarks>
/// Rename within one directory is atomic on POSIX file systems (<c>rename(2)</c>) and on NTFS
/// (<c>MoveFileEx</c> with replace). A process killed between the flush and the rename leaves a stray
/// <c>.name.tmp-*</c> file next to the destination, which is harmless and can be deleted.
/// </remarks>
public static class AtomicFile
{
    /// <summary>Atomically replaces <paramref name="path"/> with <paramref name="bytes"/>.</summary>
    /// <exception cref="DataFileException">The path names an existing directory.</exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        byte[] copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy, 0, copy.Length));
    }

    /// <summary>Atomically replaces <paramref name="path"/> with <paramref name="text"/> encoded as UTF-8 without a byte-order mark.</summary>
    /// <exception cref="DataFileException">The path names an existing directory.</exception>
    public static void WriteAllText(string path, string text)
    {
        byte[] bytes = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
        Write(path, stream => stream.Write(bytes, 0, bytes.Length));
    }

    /// <summary>
    /// Atomically replaces <paramref name="path"/> with whatever <paramref name="write"/> writes to the stream it is given.
    /// The parent directory is created if it does not exist. If <paramref name="write"/> throws, the exception propagates,
    /// the temporary file is removed, and the previous content of <paramref name="path"/> is kept.
    /// </summary>
    /// <exception cref="DataFileException">The path names an existing directory.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string fullPath = PrepareDestination(path);
        string tempPath = TempPathFor(fullPath);
        try
        {
            using (var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tempPath, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    /// <summary>
    /// Asynchronous form of <see cref="Write(string, Action{Stream})"/>: same temp-file, flush and rename sequence,
    /// and the same clean-up on failure or cancellation.
    /// </summary>
    /// <exception cref="DataFileException">The path names an existing directory.</exception>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        string fullPath = PrepareDestination(path);
        string tempPath = TempPathFor(fullPath);
        try
        {
            await using (var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16, useAsync: true))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            cancellationToken.ThrowIfCancellationRequested();
            File.Move(tempPath, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    /// <summary>Resolves the full path, refuses directories, and creates the parent directory.</summary>
    private static string PrepareDestination(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
            throw new DataFileException($"Cannot write file '{fullPath}': a directory with that name exists. Remove it or choose another output path.");
        string? parent = Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(parent))
        {
            if (File.Exists(parent))
                throw new DataFileException($"Cannot write '{fullPath}': its parent '{parent}' is a file, not a directory. Choose an output path inside a directory.");
            Directory.CreateDirectory(parent);
        }
        return fullPath;
    }

    /// <summary>A unique hidden temporary name next to the destination, so the final rename stays within one file system.</summary>
    private static string TempPathFor(string fullPath)
    {
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        string name = Path.GetFileName(fullPath);
        return Path.Combine(directory, $".{name}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
