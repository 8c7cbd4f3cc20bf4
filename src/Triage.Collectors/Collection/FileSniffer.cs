namespace Triage.Collectors.Collection;

/// <summary>Recognises a file by its first bytes (magic numbers, metrics, then a text heuristic).</summary>
internal static class FileSniffer
{
    /// <summary>Bytes to read for <see cref="Sniff"/>.</summary>
    public const int HeadBytes = 8192;

    public static SourceFormat Sniff(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty)
        {
            return SourceFormat.Empty;
        }

        if (head.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b)
        {
            return SourceFormat.GzipText;
        }

        if (head.Length >= 18 && head[..4].SequenceEqual("\u007fELF"u8))
        {
            // e_type at offset 16, little-endian on every platform we see dumps from.
            return head[16] == 4 && head[17] == 0 ? SourceFormat.ElfCore : SourceFormat.Binary;
        }

        if (head.Length >= 4 && head[..4].SequenceEqual("MDMP"u8))
        {
            return SourceFormat.Minidump;
        }

        if (Metrics.MetricsSniffer.Sniff(head, head.Length < HeadBytes) != Metrics.MetricsFormat.None)
        {
            return SourceFormat.Metrics;
        }

        return LooksLikeText(head) ? SourceFormat.Text : SourceFormat.Binary;
    }

    /// <summary>No NUL bytes and few control characters (tabs, CR, LF, FF and ESC for colours are fine).</summary>
    public static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        if (head.Contains((byte)0))
        {
            return false;
        }

        var control = 0;
        foreach (var b in head)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0c or 0x1b))
            {
                control++;
            }
        }

        return control * 20 <= head.Length;
    }
}
