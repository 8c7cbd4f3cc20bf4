using System.Globalization;
using System.Text.Json;
using Elastic.Clients.Elasticsearch.Core.Search;

namespace Triage.Storage.Elasticsearch;

/// <summary>
/// Reads raw log documents that a shipper already put in Elasticsearch (ECS <c>message</c>,
/// <c>host.name</c>, <c>@timestamp</c>, <c>log.file.path</c>, <c>log.offset</c>) from an index
/// pattern, oldest first, in pages: a point-in-time with <c>search_after</c> while paging, and a
/// checkpoint (last <c>@timestamp</c>, documents read) to resume from after a restart. The
/// caller extracts symptoms from <see cref="LogDocument.Message"/> and stores them together
/// with <see cref="LogDocumentPage.Checkpoint"/>.
/// </summary>
public sealed class LogDocumentSource
{
    private readonly EsClient _client;
    private readonly string _pattern;

    internal LogDocumentSource(EsClient client, string indexPattern)
    {
        _client = client;
        _pattern = indexPattern;
    }

    /// <summary>The source id and path used in checkpoints: <c>es:PATTERN</c>.</summary>
    public string SourceId => "es:" + _pattern;

    /// <summary>Reads the page after <paramref name="position"/> (null: from the start).</summary>
    public async Task<LogDocumentPage> ReadAsync(string run, LogPosition? position, int size, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, SymptomPageRequest.MaxSize);
        var pit = position?.PitId ?? await PointInTime.OpenAsync(_client, _pattern, cancellationToken).ConfigureAwait(false);
        var response = await _client.SearchAsync("read log documents", null, w => WriteBody(w, size, pit, position), cancellationToken, 404).ConfigureAwait(false);
        if (EsClient.Status(response) == 404 && position?.PitId is not null)
        {
            // The point-in-time expired: go on from the last time seen.
            return await ReadAsync(run, position with { PitId = null, SearchAfter = null }, size, now, cancellationToken).ConfigureAwait(false);
        }

        if (EsClient.Status(response) == 404)
        {
            throw _client.Failure("read log documents from " + _pattern, response);
        }

        var hits = response.Hits.ToList();
        var documents = hits.Select(Parse).ToList();
        var last = documents.Count > 0 ? documents[^1].Timestamp ?? position?.LastTimestamp : position?.LastTimestamp;
        var read = (position?.Documents ?? 0) + documents.Count;
        var newPit = response.PitId ?? pit;
        var more = hits.Count == size && hits[^1].Sort is { Count: > 0 };
        LogPosition? next = more ? new LogPosition(newPit, _client.ToJson(hits[^1].Sort!), last, read) : null;
        if (next is null && newPit is not null)
        {
            await PointInTime.CloseAsync(_client, newPit, cancellationToken).ConfigureAwait(false);
        }

        var checkpoint = new SourceCheckpoint
        {
            Run = run,
            Path = SourceId,
            SourceId = SourceId,
            Fingerprint = "es",
            Offset = read,
            Line = read,
            LastTimestamp = last,
            Complete = false,
            UpdatedAt = now,
        };
        return new LogDocumentPage(documents, next, checkpoint);
    }

    /// <summary>The search body: documents with a message, oldest first, after the position.</summary>
    internal static void WriteBody(Utf8JsonWriter w, int size, string? pit, LogPosition? position)
    {
        w.WriteStartObject();
        w.WriteNumber("size", size);
        w.WriteBoolean("track_total_hits", false);
        w.WritePropertyName("query");
        w.WriteStartObject();
        w.WriteStartObject("bool");
        w.WriteStartArray("filter");
        w.WriteStartObject();
        w.WriteStartObject("exists");
        w.WriteString("field", "message");
        w.WriteEndObject();
        w.WriteEndObject();
        if (position?.SearchAfter is null && position?.LastTimestamp is { } since)
        {
            w.WriteStartObject();
            w.WriteStartObject("range");
            w.WriteStartObject("@timestamp");
            w.WriteString("gte", SymptomDocument.Time(since));
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartArray("_source");
        foreach (var field in new[] { "@timestamp", "message", "host.name", "log.file.path", "log.offset" })
        {
            w.WriteStringValue(field);
        }

        w.WriteEndArray();
        w.WriteStartArray("sort");
        w.WriteStartObject();
        w.WriteStartObject("@timestamp");
        w.WriteString("order", "asc");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        PointInTime.Write(w, pit, position?.SearchAfter);
        w.WriteEndObject();
    }

    /// <summary>Reads one hit leniently: any field may be missing or of another shape.</summary>
    internal static LogDocument Parse(Hit<JsonElement> hit)
    {
        var source = hit.Source;
        return new LogDocument(
            hit.Index ?? string.Empty,
            hit.Id ?? string.Empty,
            Text(source, "@timestamp") is { } ts && DateTimeOffset.TryParse(ts, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null,
            Text(source, "host", "name"),
            Text(source, "log", "file", "path"),
            Field(source, "log", "offset") is { ValueKind: JsonValueKind.Number } offset && offset.TryGetInt64(out var o) ? o : null,
            Text(source, "message") ?? string.Empty);
    }

    /// <summary>A field by its dotted path, as an object tree or a flat dotted key (both occur in shipped documents).</summary>
    private static JsonElement? Field(JsonElement source, params string[] path)
    {
        if (source.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (source.TryGetProperty(string.Join('.', path), out var flat))
        {
            return flat;
        }

        var current = source;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current;
    }

    private static string? Text(JsonElement source, params string[] path) =>
        Field(source, path) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
