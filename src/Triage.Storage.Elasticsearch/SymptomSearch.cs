using System.Text.Json;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.QueryDsl;
using Triage.Symptoms;

namespace Triage.Storage.Elasticsearch;

/// <summary>
/// Reads symptoms: bounded pages in (time, id) order, timeless first, with a point-in-time and
/// <c>search_after</c> (so deep pages stay consistent while collectors keep writing), counts and
/// single documents. A cursor whose point-in-time expired continues by <c>search_after</c> alone.
/// </summary>
internal sealed class SymptomSearch
{
    private readonly EsClient _client;
    private readonly EsLayout _layout;

    public SymptomSearch(EsClient client, EsLayout layout)
    {
        _client = client;
        _layout = layout;
    }

    public async Task<SymptomPage> PageAsync(SymptomFilter filter, SymptomPageRequest page, CancellationToken cancellationToken)
    {
        var cursor = page.Cursor is null ? null : SearchCursor.Decode(page.Cursor);
        var pit = cursor is null ? await PointInTime.OpenAsync(_client, _layout.Events, cancellationToken).ConfigureAwait(false) : cursor.PitId;
        var after = cursor?.SortValuesJson;
        var response = await _client.SearchAsync("query symptoms", Target(pit), w => WritePageBody(w, filter, page.Size + 1, pit, after), cancellationToken, 404).ConfigureAwait(false);
        if (EsClient.Status(response) == 404 && pit is not null && cursor is not null)
        {
            // The point-in-time expired: go on by search_after alone.
            pit = null;
            after = cursor.WithoutShardDoc();
            response = await _client.SearchAsync("query symptoms", Target(null), w => WritePageBody(w, filter, page.Size + 1, null, after), cancellationToken).ConfigureAwait(false);
        }
        else if (EsClient.Status(response) == 404)
        {
            throw new StoreException($"Elasticsearch {_client.Endpoint}: query symptoms: {_layout.Events} is missing");
        }

        var hits = response.Hits.ToList();
        var items = hits.Take(page.Size).Select(h => SymptomDocument.Read(h.Source)).ToList();
        var newPit = response.PitId ?? pit;
        if (hits.Count > page.Size)
        {
            var sort = _client.ToJson(hits[page.Size - 1].Sort ?? []);
            return new SymptomPage(items, new SearchCursor(newPit, sort).Encode());
        }

        if (newPit is not null)
        {
            await PointInTime.CloseAsync(_client, newPit, cancellationToken).ConfigureAwait(false);
        }

        return new SymptomPage(items, null);
    }

    /// <summary>The page request body (size is one more than the page, to know whether another follows).</summary>
    internal void WritePageBody(Utf8JsonWriter w, SymptomFilter filter, int size, string? pit, string? searchAfter)
    {
        w.WriteStartObject();
        w.WriteNumber("size", size);
        w.WriteBoolean("track_total_hits", false);
        EsQuery.WriteQuery(w, filter);
        w.WriteStartArray("sort");
        w.WriteStartObject();
        w.WriteStartObject("triage.timestamp");
        w.WriteString("order", "asc");
        w.WriteString("missing", "_first");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject();
        w.WriteString("triage.id", "asc");
        w.WriteEndObject();
        w.WriteEndArray();
        PointInTime.Write(w, pit, searchAfter);
        w.WriteEndObject();
    }

    public async Task<long> CountAsync(SymptomFilter filter, CancellationToken cancellationToken)
    {
        var request = new CountRequest(_layout.Events) { Query = _client.Typed<Query>(w => EsQuery.WriteBool(w, filter)) };
        var response = await _client.ExpectAsync("count symptoms", ct => _client.Client.CountAsync(_client.Prepare(request), ct), cancellationToken).ConfigureAwait(false);
        return response.Count;
    }

    public async Task<Symptom?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var response = await _client.SearchAsync("read a symptom", _layout.Events, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("size", 1);
            EsQuery.WriteTermQuery(w, "triage.id", id);
            w.WriteEndObject();
        }, cancellationToken).ConfigureAwait(false);
        return response.Hits.Count == 0 ? null : SymptomDocument.Read(response.Hits.First().Source);
    }

    /// <summary>Where a page search goes: the data stream, or nowhere (the point-in-time names it).</summary>
    private string? Target(string? pit) => pit is null ? _layout.Events : null;
}
