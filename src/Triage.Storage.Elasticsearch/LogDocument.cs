namespace Triage.Storage.Elasticsearch;

/// <summary>One raw log document as a shipper (Filebeat, Fluent Bit, Elastic Agent) stored it.</summary>
/// <param name="Index">The (backing) index it is in.</param>
/// <param name="Id">Its <c>_id</c>: with the index, the stable identity a symptom id can derive from.</param>
/// <param name="Timestamp"><c>@timestamp</c> (UTC), or null.</param>
/// <param name="Host"><c>host.name</c>, or null.</param>
/// <param name="Path"><c>log.file.path</c>, or null.</param>
/// <param name="Offset"><c>log.offset</c>, or null.</param>
/// <param name="Message"><c>message</c> (empty when absent).</param>
public sealed record LogDocument(string Index, string Id, DateTimeOffset? Timestamp, string? Host, string? Path, long? Offset, string Message);
