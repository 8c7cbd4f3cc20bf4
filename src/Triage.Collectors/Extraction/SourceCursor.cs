namespace Triage.Collectors.Extraction;

/// <summary>A position in a source at a line start: where to resume and what was known there.</summary>
/// <param name="Offset">Byte offset (decompressed for compressed sources).</param>
/// <param name="Line">Lines before <paramref name="Offset"/>.</param>
/// <param name="LastTimestamp">Time of the nearest timestamped line before <paramref name="Offset"/>.</param>
public readonly record struct SourceCursor(long Offset, long Line, DateTimeOffset? LastTimestamp)
{
    /// <summary>The start of a source.</summary>
    public static SourceCursor Start => default;
}
