using System.Text.Json;

namespace Triage.Storage.Elasticsearch;

/// <summary>
/// Small documents in the aliased state indices (hypotheses, votes, reviews, checkpoints,
/// failures): single-document writes that wait for a refresh, so the next read sees them, and
/// bounded searches.
/// </summary>
internal sealed class StateIndex
{
    /// <summary>Most documents one state search returns (a run has few hypotheses, sources, votes).</summary>
    internal const int MaxDocuments = 10_000;

    private readonly EsClient _client;

    public StateIndex(EsClient client)
    {
        _client = client;
    }

    public EsClient Client => _client;

    /// <summary>Creates or replaces a document.</summary>
    public async Task PutAsync(string operation, string alias, string id, Action<Utf8JsonWriter> body, CancellationToken cancellationToken)
    {
        var (_, doc) = await _client.JsonAsync(operation, HttpMethod.Put, $"{alias}/_doc/{id}?refresh=wait_for", body, cancellationToken).ConfigureAwait(false);
        doc.Dispose();
    }

    /// <summary>Creates a document only when its id is new; false when it already existed (409).</summary>
    public async Task<bool> CreateAsync(string operation, string alias, string id, Action<Utf8JsonWriter> body, CancellationToken cancellationToken)
    {
        var (status, doc) = await _client.JsonAsync(operation, HttpMethod.Put, $"{alias}/_create/{id}?refresh=wait_for", body, cancellationToken, 409).ConfigureAwait(false);
        doc.Dispose();
        return status != 409;
    }

    /// <summary>Adds a document with a generated id.</summary>
    public async Task AddAsync(string operation, string alias, Action<Utf8JsonWriter> body, CancellationToken cancellationToken)
    {
        var (_, doc) = await _client.JsonAsync(operation, HttpMethod.Post, $"{alias}/_doc?refresh=wait_for", body, cancellationToken).ConfigureAwait(false);
        doc.Dispose();
    }

    /// <summary>Deletes a document; a missing one is fine.</summary>
    public async Task DeleteAsync(string operation, string alias, string id, CancellationToken cancellationToken)
    {
        var (_, doc) = await _client.JsonAsync(operation, HttpMethod.Delete, $"{alias}/_doc/{id}?refresh=wait_for", null, cancellationToken, 404).ConfigureAwait(false);
        doc.Dispose();
    }

    /// <summary>The <c>_source</c> of documents whose <paramref name="field"/> equals <paramref name="value"/> (all when null).</summary>
    public async Task<List<JsonElement>> SearchAsync(string operation, string alias, string? field, string? value, CancellationToken cancellationToken)
    {
        var (_, doc) = await _client.JsonAsync(operation, HttpMethod.Post, alias + "/_search", w =>
        {
            w.WriteStartObject();
            w.WriteNumber("size", MaxDocuments);
            EsQuery.WriteTermQuery(w, field, value);
            w.WriteEndObject();
        }, cancellationToken).ConfigureAwait(false);
        using (doc)
        {
            return SymptomSearch.Hits(doc.RootElement).Select(h => h.GetProperty("_source").Clone()).ToList();
        }
    }

    /// <summary>Counts per value of a keyword field (a terms aggregation), e.g. documents per run.</summary>
    public async Task<Dictionary<string, long>> CountByAsync(string operation, string index, string field, CancellationToken cancellationToken)
    {
        var (_, doc) = await _client.JsonAsync(operation, HttpMethod.Post, index + "/_search", w =>
        {
            w.WriteStartObject();
            w.WriteNumber("size", 0);
            w.WriteStartObject("aggs");
            w.WriteStartObject("by");
            w.WriteStartObject("terms");
            w.WriteString("field", field);
            w.WriteNumber("size", MaxDocuments);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }, cancellationToken).ConfigureAwait(false);
        using (doc)
        {
            return TermsBuckets(doc.RootElement.GetProperty("aggregations").GetProperty("by"))
                .ToDictionary(b => b.Key, b => b.Count, StringComparer.Ordinal);
        }
    }

    /// <summary>Parses terms (or date_histogram) buckets: key (as text) and doc_count.</summary>
    internal static List<(string Key, long Count, JsonElement Bucket)> TermsBuckets(JsonElement aggregation) =>
        aggregation.GetProperty("buckets").EnumerateArray()
            .Select(b => (SymptomAggregations.KeyText(b.GetProperty("key")) ?? string.Empty, b.GetProperty("doc_count").GetInt64(), b))
            .ToList();

    public static string Text(JsonElement source, string name) => source.GetProperty(name).GetString() ?? string.Empty;

    public static DateTimeOffset Date(JsonElement source, string name) =>
        DateTimeOffset.Parse(Text(source, name), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal);
}
