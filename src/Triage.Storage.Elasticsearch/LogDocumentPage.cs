namespace Triage.Storage.Elasticsearch;

/// <summary>One page of raw log documents and where to go on (null at the end).</summary>
/// <param name="Documents">The documents, oldest first.</param>
/// <param name="Next">The position after this page, or null when the index pattern has nothing more now.</param>
/// <param name="Checkpoint">A checkpoint to store with the symptoms extracted from this page.</param>
public sealed record LogDocumentPage(IReadOnlyList<LogDocument> Documents, LogPosition? Next, SourceCheckpoint Checkpoint);
