using System.Text.Json;
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
        var (status, doc) = await _client.JsonAsync("query symptoms", HttpMethod.Post, SearchPath(pit), w => WritePageBody(w, filter, page.Size + 1, pit, after), cancellationToken, 404).ConfigureAwait(false);
        if (status == 404 && pit is not null && cursor is not null)
        {
            doc.Dispose();
            pit = null;
            after = cursor.WithoutShardDoc();
            (_, doc) = await _client.JsonAsync("query symptoms", HttpMethod.Post, SearchPath(null), w => WritePageBody(w, filter, page.Size + 1, null, after), cancellationToken).ConfigureAwait(false);
        }
        else if (status == 404)
        {
            doc.Dispose();
            throw new StoreException($"Elasticsearch {_client.Endpoint}: query symptoms: {_layout.Events} is missing");
        }

        using (doc)
        {
            var root = doc.RootElement;
            var hits = Hits(root);
            var items = hits.Take(page.Size).Select(h => SymptomDocument.Read(h.GetProperty("_source"))).ToList();
            var newPit = root.TryGetProperty("pit_id", out var p) ? p.GetString() : pit;
            if (hits.Count > page.Size)
            {
                var sort = hits[page.Size - 1].GetProperty("sort").GetRawText();
                return new SymptomPage(items, new SearchCursor(newPit, sort).Encode());
            }

            if (newPit is not null)
            {
                await PointInTime.CloseAsync(_client, newPit, cancellationToken).ConfigureAwait(false);
            }

            return new SymptomPage(items, null);
        }
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
        var (_, doc) = await _client.JsonAsync("count symptoms", HttpMethod.Post, _layout.Events + "/_count", w =>
        {
            w.WriteStartObject();
            EsQuery.WriteQuery(w, filter);
            w.WriteEndObject();
        }, cancellationToken).ConfigureAwait(false);
        using (doc)
        {
            return doc.RootElement.GetProperty("count").GetInt64();
        }
    }

    public async Task<Symptom?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var (_, doc) = await _client.JsonAsync("read a symptom", HttpMethod.Post, _layout.Events + "/_search", w =>
        {
            w.WriteStartObject();
            w.WriteNumber("size", 1);
            EsQuery.WriteTermQuery(w, "triage.id", id);
            w.WriteEndObject();
        }, cancellationToken).ConfigureAwait(false);
        using (doc)
        {
            var hits = Hits(doc.RootElement);
            return hits.Count == 0 ? null : SymptomDocument.Read(hits[0].GetProperty("_source"));
        }
    }

    /// <summary>The <c>hits.hits</c> array of a search answer (empty when absent).</summary>
    internal static List<JsonElement> Hits(JsonElement root) =>
        root.TryGetProperty("hits", out var hits) && hits.TryGetProperty("hits", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().ToList()
            : [];

    private string SearchPath(string? pit) => pit is null ? _layout.Events + "/_search" : "_search";
}
