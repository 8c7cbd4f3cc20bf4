using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Triage.Alerts.Delivery;

/// <summary>
/// A generic JSON webhook: one <c>triage.alert/v1</c> object per notification group (schema in
/// <c>docs/architecture.md</c> §9):
/// <c>{schema, status, group_key, group_labels, repeat, sent_at, alerts: [{fingerprint, status, labels, annotations, starts_at, ends_at, size}]}</c>.
/// </summary>
public sealed class WebhookDestination : GroupedDestination
{
    /// <summary>The schema name written in every body.</summary>
    public const string Schema = "triage.alert/v1";

    /// <summary>Creates the destination posting to <paramref name="url"/>.</summary>
    public WebhookDestination(Uri url, HttpClient http)
        : base("webhook:" + HttpPoster.Safe(url ?? throw new ArgumentNullException(nameof(url))), url, http)
    {
    }

    /// <inheritdoc />
    protected override string Format(NotificationGroup group, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(group);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = Triage.Symptoms.SymptomJson.WriterOptions.Encoder }))
        {
            w.WriteStartObject();
            w.WriteString("schema", Schema);
            w.WriteString("status", group.Status);
            w.WriteString("group_key", group.Key);
            AlertmanagerDestination.WriteMap(w, "group_labels", group.Labels);
            w.WriteBoolean("repeat", group.Repeat);
            w.WriteString("sent_at", Time(now));
            w.WriteStartArray("alerts");
            foreach (var a in group.Alerts)
            {
                w.WriteStartObject();
                w.WriteString("fingerprint", a.Fingerprint);
                w.WriteString("status", a.Status == AlertStatus.Firing ? "firing" : "resolved");
                AlertmanagerDestination.WriteMap(w, "labels", a.Labels);
                AlertmanagerDestination.WriteMap(w, "annotations", a.Annotations);
                w.WriteString("starts_at", Time(a.StartsAt));
                if (a.EndsAt is { } ends)
                {
                    w.WriteString("ends_at", Time(ends));
                }
                else
                {
                    w.WriteNull("ends_at");
                }

                w.WriteNumber("size", a.Size);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
