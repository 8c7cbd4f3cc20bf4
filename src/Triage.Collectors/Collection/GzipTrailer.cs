using System.Buffers.Binary;

namespace Triage.Collectors.Collection;

/// <summary>
/// .NET's GZipStream ends quietly when compressed data is cut short, so completeness is checked
/// against the gzip trailer: its last four bytes (ISIZE) hold the decompressed size modulo 2^32.
/// For a multi-member file ISIZE covers only the last member; such files are rare for logs and a
/// mismatch is then reported as possible damage, never hidden.
/// </summary>
internal static class GzipTrailer
{
    public static bool Matches(FileStream file, long decompressedBytes)
    {
        if (file.Length < 18)
        {
            return false;
        }

        Span<byte> isize = stackalloc byte[4];
        file.Seek(-4, SeekOrigin.End);
        file.ReadExactly(isize);
        return BinaryPrimitives.ReadUInt32LittleEndian(isize) == (uint)decompressedBytes;
    }
}
