using System.Text.Json;

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

    /// <summary>Parses the inner object of one item (<c>{"_index":..., "status":...}</c>).</summary>
    public static BulkItemResult ParseInner(string action, JsonElement inner)
    {
        var id = inner.TryGetProperty("_id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
        var status = inner.TryGetProperty("status", out var s) && s.TryGetInt32(out var st) ? st : 0;
        var error = inner.TryGetProperty("error", out var e) ? EsError.FromErrorElement(e) : null;
        return new BulkItemResult(action, id, status, error);
    }

    /// <summary>Parses every item of a <c>_bulk</c> answer, in request order.</summary>
    /// <exception cref="StoreException">The body has no <c>items</c> array.</exception>
    public static IReadOnlyList<BulkItemResult> ParseAll(JsonElement root)
    {
        if (!root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            throw new StoreException("the _bulk answer has no items array");
        }

        var result = new List<BulkItemResult>(items.GetArrayLength());
        foreach (var item in items.EnumerateArray())
        {
            var property = item.EnumerateObject().FirstOrDefault();
            result.Add(property.Value.ValueKind == JsonValueKind.Object
                ? ParseInner(property.Name, property.Value)
                : new BulkItemResult(string.Empty, null, 0, new EsError(string.Empty, "empty bulk item")));
        }

        return result;
    }

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
