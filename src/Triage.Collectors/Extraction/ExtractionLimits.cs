namespace Triage.Collectors.Extraction;

/// <summary>
/// Bounds on untrusted log input. Defaults suit node logs of large training runs; every bound
/// exists so that one hostile or broken file costs bounded memory and time.
/// </summary>
public sealed record ExtractionLimits
{
    /// <summary>The default limits.</summary>
    public static ExtractionLimits Default { get; } = new();

    /// <summary>Bytes read per chunk; default 1 MiB.</summary>
    public int ChunkBytes { get; init; } = 1 << 20;

    /// <summary>Longest line considered; longer lines are cut to this and flagged <c>truncated</c>. Default 64 KiB.</summary>
    public int MaxLineBytes { get; init; } = 64 << 10;

    /// <summary>
    /// Symptoms per store transaction; default 20,000 (or fewer: <see cref="CheckpointBytes"/> ends a
    /// batch too). Appending 43,648 symptoms took 23 µs of CPU per symptom in batches of 5,000 and
    /// 17 µs in batches of 20,000 (bench/README.md, issue 22 round 3): each commit rewrites the
    /// pages its batch touched in five B-trees. A kill loses at most one batch, read again under the same ids.
    /// </summary>
    public int BatchSymptoms { get; init; } = 20_000;

    /// <summary>Bytes read between checkpoints even when nothing matched; default 64 MiB.</summary>
    public long CheckpointBytes { get; init; } = 64L << 20;

    /// <summary>
    /// Consecutive lines from other writers after which open multi-line blocks are closed: in a
    /// merged file a block whose writer never writes again must not stay open. Default 500.
    /// </summary>
    public int BlockIdleLines { get; init; } = 500;

    /// <summary>
    /// Most <c>log.unknown</c> symptoms (warning and error lines no rule matched, see
    /// <see cref="Mining.TemplateMiner"/>) per source, counted apart for errors and for warnings;
    /// default 100, 0 turns mining off. A new
    /// message spreading over many ranks shows in every rank's file, so a per-file bound keeps its
    /// breadth while one chatty file cannot flood the store.
    /// </summary>
    public int MaxUnknownPerSource { get; init; } = 100;

    /// <summary>Most <c>log.unknown</c> symptoms per template per rank (per source when the line names no rank); default 1: the first, which dates its onset.</summary>
    public int MaxUnknownPerTemplate { get; init; } = 1;
}
