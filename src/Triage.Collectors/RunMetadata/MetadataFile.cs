using System.IO.Compression;

namespace Triage.Collectors.RunMetadata;

/// <summary>Opens run-directory files, decompressing gzip transparently (recognised by its magic bytes).</summary>
internal static class MetadataFile
{
    /// <summary>Opens <paramref name="path"/> for sequential reading; gzip content comes out decompressed.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static Stream OpenRead(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        try
        {
            Span<byte> magic = stackalloc byte[2];
            var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            file.Position = 0;
            if (read == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
            {
                return new GZipStream(new BufferedStream(file, 64 << 10), CompressionMode.Decompress, leaveOpen: false);
            }

            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The file name without a trailing <c>.gz</c>, lower-cased, for extension checks.</summary>
    public static string LogicalName(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        return name.EndsWith(".gz", StringComparison.Ordinal) ? name[..^3] : name;
    }

    /// <summary>
    /// Reads at most <paramref name="maxBytes"/> decompressed bytes, stopping early after
    /// <paramref name="maxLines"/> newlines or when the first non-blank byte shows the content is not JSON.
    /// </summary>
    public static byte[] ReadPrefix(string path, int maxBytes, int maxLines)
    {
        using var stream = OpenRead(path);
        var buffer = new byte[Math.Min(maxBytes, 8 << 10)];
        var length = 0;
        var lines = 0;
        while (length < maxBytes)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, Math.Min(maxBytes, buffer.Length * 2));
            }

            var n = stream.Read(buffer, length, buffer.Length - length);
            if (n == 0)
            {
                break;
            }

            lines += buffer.AsSpan(length, n).Count((byte)'\n');
            length += n;
            var first = buffer.AsSpan(0, length).TrimStart(" \t\r\n"u8);
            if (lines >= maxLines || (first.Length > 0 && first[0] != (byte)'{'))
            {
                break;
            }
        }

        return buffer.AsSpan(0, length).ToArray();
    }
}
