namespace Triage.Storage.Elasticsearch;

/// <summary>What one <c>_bulk</c> item's answer means for the store.</summary>
internal enum BulkItemOutcome
{
    /// <summary>Stored now (201, or 200 for index/update).</summary>
    Stored,

    /// <summary>409 on <c>create</c>: a document with this deterministic id is already stored; nothing to do.</summary>
    AlreadyStored,

    /// <summary>429 or 5xx: the cluster pushed back; send the item again after a backoff.</summary>
    Retry,

    /// <summary>400 and other 4xx (a mapping error, a bad document): will never succeed; dead-letter it with the reason.</summary>
    Rejected,

    /// <summary>404 of a delete (nothing to delete): harmless.</summary>
    NotFound,
}
