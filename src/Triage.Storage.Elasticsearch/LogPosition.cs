namespace Triage.Storage.Elasticsearch;

/// <summary>
/// Where a read of an index pattern stands: the open point-in-time and the last hit's sort values
/// while paging, and always the last <c>@timestamp</c> and the count of documents read, which is
/// what survives in a <see cref="SourceCheckpoint"/> (a restart resumes at that time; documents
/// with exactly that time are read again, which deterministic symptom ids make harmless).
/// </summary>
/// <param name="PitId">The point-in-time id, or null after a restart.</param>
/// <param name="SearchAfter">The last hit's sort values (raw JSON), or null.</param>
/// <param name="LastTimestamp">The last document's <c>@timestamp</c>, or null before the first.</param>
/// <param name="Documents">Documents read so far.</param>
public sealed record LogPosition(string? PitId, string? SearchAfter, DateTimeOffset? LastTimestamp, long Documents)
{
    /// <summary>The position a stored checkpoint resumes from (no point-in-time: it expired long ago).</summary>
    public static LogPosition FromCheckpoint(SourceCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return new LogPosition(null, null, checkpoint.LastTimestamp, checkpoint.Offset);
    }
}
