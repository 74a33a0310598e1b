using System.IO.Compression;
using System.Security.Cryptography;

namespace NnPhys.Runs;

/// <summary>
/// Integrity checks of a checkpoint's files before they are used: the SHA-256 of each whole file against the value
/// recorded in the <c>latest.json</c> pointer when it was saved, and the CRC-32 of every entry of the <c>.npz</c> zip
/// against the CRC in the zip's own directory (which .NET's <see cref="ZipArchive"/> does not check on read).
/// </summary>
public static class CheckpointVerifier
{
    /// <summary>Lower-case hex SHA-256 of the file at <paramref name="path"/>.</summary>
    public static string Sha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// Checks the file at <paramref name="path"/> and returns null when it is intact, otherwise what is wrong with it.
    /// </summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="expectedSha256">The SHA-256 recorded at save time, or null when the pointer predates recorded hashes.</param>
    /// <param name="isZip">Also check the CRC-32 of every zip entry (the <c>.npz</c> arrays file).</param>
    public static string? Problem(string path, string? expectedSha256, bool isZip)
    {
        string name = Path.GetFileName(path);
        if (!File.Exists(path)) return $"{name} is missing";
        try
        {
            if (expectedSha256 is not null)
            {
                string actual = Sha256(path);
                if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
                    return $"{name} has SHA-256 {actual[..12]}…, but {expectedSha256[..Math.Min(12, expectedSha256.Length)]}… was recorded when it was saved";
            }
            return isZip ? ZipProblem(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return $"{name} cannot be read ({e.Message})";
        }
    }

    /// <summary>Null when every entry's content matches the CRC-32 stored for it; otherwise the first bad entry.</summary>
    private static string? ZipProblem(string path)
    {
        string name = Path.GetFileName(path);
        using var archive = ZipFile.OpenRead(path);
        var buffer = new byte[1 << 16];
        foreach (ZipArchiveEntry entry in archive.Entries)
        {
            uint crc = Crc32.Initial;
            long length = 0;
            using (Stream content = entry.Open())
            {
                int n;
                while ((n = content.Read(buffer, 0, buffer.Length)) > 0)
                {
                    crc = Crc32.Update(crc, buffer.AsSpan(0, n));
                    length += n;
                }
            }
            if (length != entry.Length) return $"entry {entry.FullName} of {name} holds {length} bytes, not the {entry.Length} its header says";
            if (Crc32.Finish(crc) != entry.Crc32) return $"entry {entry.FullName} of {name} fails its CRC-32 check (the file was altered or damaged)";
        }
        return null;
    }

    /// <summary>CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum of the zip format.</summary>
    internal static class Crc32
    {
        private static readonly uint[] Table = BuildTable();
        public const uint Initial = 0xFFFFFFFFu;

        public static uint Update(uint crc, ReadOnlySpan<byte> bytes)
        {
            foreach (byte b in bytes) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            return crc;
        }

        public static uint Finish(uint crc) => crc ^ 0xFFFFFFFFu;

        private static uint[] BuildTable()
        {
            var table = new uint[256];
            for (uint i = 0; i < 256; i++)
            {
                uint c = i;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                table[i] = c;
            }
            return table;
        }
    }
}
