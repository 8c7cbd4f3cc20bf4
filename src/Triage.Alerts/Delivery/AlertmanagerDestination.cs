using System.Globalization;
using System.Text;
using System.Text.Json;
using Triage.Alerts.Rules;
using Triage.Alerts.Tracking;

namespace Triage.Alerts.Delivery;

/// <summary>
/// Prometheus Alertmanager through its v2 API: <c>POST {base}/api/v2/alerts</c> with a list of
/// <c>{labels, annotations, startsAt, endsAt, generatorURL}</c>
/// (https://github.com/prometheus/alertmanager/blob/main/api/v2/openapi.yaml, <c>postableAlert</c>).
/// One alert per request, so one refused alert does not hold back the others. When the hypothesis
/// explaining a firing cluster changes, the alert is posted again (same labels: Alertmanager
/// updates its annotations; it is not a second alert). A firing alert is
/// sent with <c>endsAt</c> = now + its time to live (its <c>resolve_after</c>, at least 1 h): if the
/// watcher stops, Alertmanager resolves it by itself then; a running watcher refreshes it when less
/// than half of that is left, and sends <c>endsAt</c> = the resolution time when it resolves.
/// Alertmanager does its own grouping, inhibition and silences; triage's own silences keep an
/// alert from being sent at all.
/// </summary>
public sealed class AlertmanagerDestination : IAlertDestination
{
    /// <summary>Shortest time to live of a firing alert.</summary>
    public static readonly TimeSpan MinTimeToLive = TimeSpan.FromHours(1);

    private readonly HttpClient _http;
    private readonly Uri _alerts;

    /// <summary>Creates the destination for an Alertmanager at <paramref name="baseUrl"/> (e.g. <c>http://alertmanager:9093</c>; a path prefix is kept).</summary>
    public AlertmanagerDestination(Uri baseUrl, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        var text = baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        _alerts = new Uri(text + "/api/v2/alerts");
        Name = "alertmanager:" + text;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public IReadOnlyList<Outgoing> Plan(IReadOnlyList<AlertRecord> alerts, IReadOnlyDictionary<string, AlertDelivery> delivered, IReadOnlyList<Silence> silences, AlertRoute route, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(delivered);
        ArgumentNullException.ThrowIfNull(silences);
        var result = new List<Outgoing>();
        foreach (var a in alerts)
        {
            delivered.TryGetValue(a.Fingerprint, out var sent);
            var (sentStatus, sentEnds, sentHypothesis) = Parse(sent?.Hash);
            var hypothesis = a.Annotations.GetValueOrDefault(AlertLabels.Hypothesis, string.Empty);
            DateTimeOffset endsAt;
            if (a.Status == AlertStatus.Firing)
            {
                if (SilenceMatcher.Silenced(silences, a.Labels, now))
                {
                    continue;
                }

                var ttl = a.ResolveAfter > MinTimeToLive ? a.ResolveAfter : MinTimeToLive;
                if (sentStatus == AlertStatus.Firing && sentEnds - now > ttl / 2 && sentHypothesis == hypothesis)
                {
                    continue; // sent as it is, and Alertmanager keeps it long enough
                }

                endsAt = now + ttl;
            }
            else
            {
                if (sent is null || sentStatus == AlertStatus.Resolved)
                {
                    continue; // never announced, or its resolution already was
                }

                endsAt = a.EndsAt ?? now;
            }

            var hash = string.Create(CultureInfo.InvariantCulture, $"{a.Status}|{endsAt.ToUnixTimeMilliseconds()}|{hypothesis}");
            result.Add(new Outgoing(a.Fingerprint, hash, Body(a, endsAt), $"{a.Labels[AlertLabels.AlertName]} {a.Status.ToString().ToLowerInvariant()}"));
        }

        return result;
    }

    /// <inheritdoc />
    public Task SendAsync(Outgoing outgoing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outgoing);
        return HttpPoster.PostAsync(_http, _alerts, outgoing.Body, cancellationToken);
    }

    internal static string Body(AlertRecord a, DateTimeOffset endsAt)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Triage.Symptoms.SymptomJson.WriterOptions.Encoder }))
        {
            w.WriteStartArray();
            w.WriteStartObject();
            WriteMap(w, "labels", a.Labels);
            WriteMap(w, "annotations", a.Annotations);
            w.WriteString("startsAt", a.StartsAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("endsAt", endsAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteEndObject();
            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal static void WriteMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string> map)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.WriteString(k, v);
        }

        w.WriteEndObject();
    }

    private static (AlertStatus? Status, DateTimeOffset Ends, string Hypothesis) Parse(string? hash)
    {
        var parts = hash?.Split('|', 3);
        if (parts is not [var status, var ends, var hypothesis] || !Enum.TryParse<AlertStatus>(status, out var s) || !long.TryParse(ends, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
        {
            return (null, DateTimeOffset.MinValue, string.Empty);
        }

        return (s, DateTimeOffset.FromUnixTimeMilliseconds(ms), hypothesis);
    }
}
