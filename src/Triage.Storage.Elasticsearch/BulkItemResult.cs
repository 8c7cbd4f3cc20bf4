using Elastic.Clients.Elasticsearch;

namespace Triage.Storage.Elasticsearch;

/// <summary>
/// One entry of a <c>_bulk</c> answer's <c>items</c>. Classified on the item's <c>status</c>
/// first and the error type second (429's type string differs between servers).
/// </summary>
/// <param name="Action">index, create, update or delete.</param>
/// <param name="Id">The document id, when reported.</param>
/// <param name="Status">The item's HTTP status (0 when the body omitted it, e.g. with <c>filter_path</c>).</param>
/// <param name="Error">The item's error, or null.</param>
internal sealed record BulkItemResult(string Action, string? Id, int Status, EsError? Error)
{
    public BulkItemOutcome Outcome => Classify(Action, Status, Error);

    /// <summary>The items of a <c>_bulk</c> answer as the client read them, in request order.</summary>
    public static IReadOnlyList<BulkItemResult> FromResponse(BulkResponse response) =>
        response.Items.Select(i => new BulkItemResult(i.Operation ?? string.Empty, i.Id, i.Status, i.Error is null ? null : EsError.FromCause(i.Error))).ToList();

    internal static BulkItemOutcome Classify(string action, int status, EsError? error)
    {
        if (status is >= 200 and < 300)
        {
            return BulkItemOutcome.Stored;
        }

        if (status == 409 && action == "create")
        {
            return BulkItemOutcome.AlreadyStored;
        }

        if (status == 404 && action == "delete" && error is null)
        {
            return BulkItemOutcome.NotFound;
        }

        if (RetryPolicy.IsTransient(status))
        {
            return BulkItemOutcome.Retry;
        }

        if (status == 0 && error is not null)
        {
            // No status (filter_path dropped it): decide by type.
            return error.Type.Contains("rejected_execution", StringComparison.Ordinal) ? BulkItemOutcome.Retry
                : error.Type == "version_conflict_engine_exception" && action == "create" ? BulkItemOutcome.AlreadyStored
                : BulkItemOutcome.Rejected;
        }

        return status == 0 ? BulkItemOutcome.Stored : BulkItemOutcome.Rejected;
    }
}
