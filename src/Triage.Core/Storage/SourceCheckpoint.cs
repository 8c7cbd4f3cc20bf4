namespace Triage.Storage;

/// <summary>
/// Where a collector stopped in one source, so that a restart neither loses nor duplicates.
/// Stored atomically with the symptoms read up to it.
/// </summary>
public sealed record SourceCheckpoint
{
    /// <summary>Run name.</summary>
    public required string Run { get; init; }

    /// <summary>Current path, relative to the run directory ('/' separators).</summary>
    public required string Path { get; init; }

    /// <summary>Stable identity used in symptom ids; survives rotation (rename) of the file.</summary>
    public required string SourceId { get; init; }

    /// <summary>Hash of the file's first bytes, to recognise truncation, replacement and rotation.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>Bytes consumed (of the decompressed stream for compressed files), at a line start.</summary>
    public long Offset { get; init; }

    /// <summary>Lines consumed: the next line read is line <c>Line + 1</c>.</summary>
    public long Line { get; init; }

    /// <summary>The last timestamp seen before <see cref="Offset"/>, inherited by timeless lines after it.</summary>
    public DateTimeOffset? LastTimestamp { get; init; }

    /// <summary>True once the whole source was read (a compressed or finished file).</summary>
    public bool Complete { get; init; }

    /// <summary>When the checkpoint was written.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
