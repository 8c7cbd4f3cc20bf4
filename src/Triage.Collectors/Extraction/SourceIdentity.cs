namespace Triage.Collectors.Extraction;

/// <summary>What symptoms of one source are named by.</summary>
/// <param name="Run">Run name.</param>
/// <param name="SourceId">Stable identity used in symptom ids (survives rotation).</param>
/// <param name="Path">Path relative to the run directory, '/' separators.</param>
/// <param name="ReferenceTime">UTC time used to infer the year of stamps without one (the file's last write).</param>
public sealed record SourceIdentity(string Run, string SourceId, string Path, DateTimeOffset ReferenceTime)
{
    /// <summary>The host a shipper recorded for the source, used before the path's when a line names none.</summary>
    public string? Host { get; init; }
}
