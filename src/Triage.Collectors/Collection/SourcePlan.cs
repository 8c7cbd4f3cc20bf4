using Triage.Collectors.Extraction;
using Triage.Storage;

namespace Triage.Collectors.Collection;

/// <summary>How one file will be read in this pass.</summary>
/// <param name="File">The file.</param>
/// <param name="SourceId">Identity used in symptom ids.</param>
/// <param name="Fingerprint">Fingerprint written with its checkpoints.</param>
/// <param name="Start">Where to start reading.</param>
/// <param name="UpToDate">True when a compressed file was already read completely.</param>
/// <param name="AdoptedFrom">The path whose checkpoint this file took over (it was rotated), or null.</param>
/// <param name="Restarted">True when a checkpoint existed but the file was truncated or replaced.</param>
internal sealed record SourcePlan(
    DiscoveredFile File, string SourceId, string Fingerprint, SourceCursor Start, bool UpToDate, string? AdoptedFrom, bool Restarted)
{
    /// <summary>The checkpoint of this file read up to <paramref name="at"/>.</summary>
    public SourceCheckpoint CheckpointAt(string run, SourceCursor at, bool complete, DateTimeOffset now) => new()
    {
        Run = run,
        Path = File.Path,
        SourceId = SourceId,
        Fingerprint = Fingerprint,
        Offset = at.Offset,
        Line = at.Line,
        LastTimestamp = at.LastTimestamp,
        Complete = complete,
        UpdatedAt = now,
    };
}
