namespace Triage.Alerts;

/// <summary>
/// What one destination was last sent for one key (an alert fingerprint, or a notification group
/// key): the content hash and when, so a later pass sends only what changed or is due again.
/// </summary>
/// <param name="Destination">The destination's name (e.g. <c>alertmanager:http://127.0.0.1:9093</c>).</param>
/// <param name="Key">An alert fingerprint or a group key.</param>
/// <param name="Hash">Hash of what was sent (status, ends, members).</param>
/// <param name="SentAt">When it was accepted.</param>
public sealed record AlertDelivery(string Destination, string Key, string Hash, DateTimeOffset SentAt);
