namespace Triage.Collectors.Collection;

/// <summary>A file found on a node (not in a local run directory), as <see cref="StreamSourceCollector"/> plans it.</summary>
/// <param name="Path">What <c>source.path</c> says and the checkpoint is keyed by: <c>NODE:/remote/path</c>.</param>
/// <param name="RemotePath">The path on the node.</param>
/// <param name="Length">Length in bytes.</param>
/// <param name="LastWriteUtc">Last write time on the node (infers the year of year-less stamps; a dump's time).</param>
/// <param name="Head">Its first bytes (at most 8 KiB), to recognise it by content and fingerprint it.</param>
public sealed record PulledFile(string Path, string RemotePath, long Length, DateTimeOffset LastWriteUtc, byte[] Head)
{
    /// <summary>Bytes of the head to read for <see cref="Head"/>.</summary>
    public const int HeadBytes = FileSniffer.HeadBytes;
}
