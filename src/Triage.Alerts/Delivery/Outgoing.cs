namespace Triage.Alerts.Delivery;

/// <summary>One request a destination is to send: the key and content hash to record once accepted, and the body.</summary>
/// <param name="Key">Alert fingerprint (Alertmanager) or group key (webhook, Slack).</param>
/// <param name="Hash">What the delivery record will hold.</param>
/// <param name="Body">The JSON body.</param>
/// <param name="What">For logs: what it announces (e.g. <c>2 firing, 1 resolved</c>).</param>
public sealed record Outgoing(string Key, string Hash, string Body, string What);
