namespace Triage.Storage.Elasticsearch;

/// <summary>One REST request: method, path with query string (relative to the cluster URL) and an optional body.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path and query, e.g. <c>_bulk?refresh=wait_for</c>, without a leading slash.</param>
/// <param name="Body">UTF-8 body, or null.</param>
/// <param name="ContentType"><c>application/json</c>, or <c>application/x-ndjson</c> for <c>_bulk</c>.</param>
public sealed record EsRequest(HttpMethod Method, string Path, ReadOnlyMemory<byte>? Body = null, string ContentType = "application/json");
