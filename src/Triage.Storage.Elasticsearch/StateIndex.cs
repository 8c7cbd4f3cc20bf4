using System.Text.Json;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Aggregations;

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
        var request = new IndexRequest<RawDocument>(new RawDocument(EsClient.Json(body)), alias, id) { Refresh = Refresh.WaitFor };
        await _client.ExpectAsync(operation, ct => _client.Client.IndexAsync(_client.Prepare(request), ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates a document only when its id is new; false when it already existed (409).</summary>
    public async Task<bool> CreateAsync(string operation, string alias, string id, Action<Utf8JsonWriter> body, CancellationToken cancellationToken)
    {
        var request = new CreateRequest<RawDocument>(new RawDocument(EsClient.Json(body)), alias, id) { Refresh = Refresh.WaitFor };
        var response = await _client.ExpectAsync(operation, ct => _client.Client.CreateAsync(_client.Prepare(request), ct), cancellationToken, 409).ConfigureAwait(false);
        return EsClient.Status(response) != 409;
    }

    /// <summary>Adds a document with a generated id.</summary>
    public async Task AddAsync(string operation, string alias, Action<Utf8JsonWriter> body, CancellationToken cancellationToken)
    {
        var request = new IndexRequest<RawDocument>(new RawDocument(EsClient.Json(body))) { Index = alias, Refresh = Refresh.WaitFor };
        await _client.ExpectAsync(operation, ct => _client.Client.IndexAsync(_client.Prepare(request), ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a document; a missing one is fine.</summary>
    public async Task DeleteAsync(string operation, string alias, string id, CancellationToken cancellationToken)
    {
        var request = new DeleteRequest(alias, id) { Refresh = Refresh.WaitFor };
        await _client.ExpectAsync(operation, ct => _client.Client.DeleteAsync(_client.Prepare(request), ct), cancellationToken, 404).ConfigureAwait(false);
    }

    /// <summary>The <c>_source</c> of documents whose <paramref name="field"/> equals <paramref name="value"/> (all when null).</summary>
    public async Task<List<JsonElement>> SearchAsync(string operation, string alias, string? field, string? value, CancellationToken cancellationToken)
    {
        var response = await _client.SearchAsync(operation, alias, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("size", MaxDocuments);
            EsQuery.WriteTermQuery(w, field, value);
            w.WriteEndObject();
        }, cancellationToken).ConfigureAwait(false);
        return response.Hits.Select(h => h.Source).ToList();
    }

    /// <summary>Counts per value of a keyword field (a terms aggregation), e.g. documents per run.</summary>
    public async Task<Dictionary<string, long>> CountByAsync(string operation, string index, string field, CancellationToken cancellationToken)
    {
        var response = await _client.SearchAsync(operation, index, w =>
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
        return TermsBuckets(response.Aggregations, "by").ToDictionary(b => b.Key, b => b.DocCount, StringComparer.Ordinal);
    }

    /// <summary>The buckets of the keyword terms aggregation <paramref name="name"/> (none when the index was empty).</summary>
    internal static List<(string Key, long DocCount, AggregateDictionary? Aggregations)> TermsBuckets(AggregateDictionary? aggregations, string name) =>
        aggregations?.GetStringTerms(name) is { } terms
            ? terms.Buckets.Select(b => (SymptomAggregations.KeyText(b.Key) ?? string.Empty, b.DocCount, b.Aggregations)).ToList()
            : [];

    public static string Text(JsonElement source, string name) => source.GetProperty(name).GetString() ?? string.Empty;

    public static DateTimeOffset Date(JsonElement source, string name) =>
        DateTimeOffset.Parse(Text(source, name), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal);
}
