namespace Triage.Symptoms;

/// <summary>
/// One log line (or a few, joined by newlines) whose writer, time and place a shipper already
/// recorded, e.g. an Elasticsearch document from Filebeat or Fluent Bit.
/// </summary>
/// <param name="Host">The host that wrote it (<c>host.name</c>), or null.</param>
/// <param name="Path">The file it was read from (<c>log.file.path</c>): what <c>source.path</c> says.</param>
/// <param name="Timestamp">When it was shipped (<c>@timestamp</c>): the time of lines without a stamp of their own.</param>
/// <param name="Offset">A stable position in its file (<c>log.offset</c>, or another stable number): symptom ids derive from it.</param>
/// <param name="Message">The text (<c>message</c>).</param>
public sealed record LogRecord(string? Host, string Path, DateTimeOffset? Timestamp, long Offset, string Message);
