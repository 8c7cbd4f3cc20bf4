using System.Text;
using System.Text.Json;

namespace Triage.Alerts.Delivery;

/// <summary>
/// A Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat): one <c>{"text": ...}</c>
/// message per notification group, in Slack's mrkdwn (https://api.slack.com/messaging/webhooks).
/// The webhook URL's path is its secret: logs and recorded names show only its host.
/// </summary>
public sealed class SlackDestination : GroupedDestination
{
    /// <summary>Creates the destination posting to <paramref name="url"/>.</summary>
    public SlackDestination(Uri url, HttpClient http)
        : base("slack:" + (url ?? throw new ArgumentNullException(nameof(url))).Authority + "/" + Tracking.AlertFingerprint.Of(new Dictionary<string, string> { ["url"] = url.AbsoluteUri }), url, http)
    {
    }

    /// <inheritdoc />
    protected override string Format(NotificationGroup group, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(group);
        var text = new StringBuilder();
        var firing = group.Alerts.Count(a => a.Status == AlertStatus.Firing);
        text.Append(firing > 0 ? $"*[FIRING:{firing}]* " : $"*[RESOLVED:{group.Alerts.Count}]* ")
            .Append(Escape(string.Join(" ", group.Labels.Select(l => l.Key + "=" + l.Value))))
            .Append(group.Repeat ? " (still firing)" : string.Empty).Append('\n');
        // Each hypothesis once (with its explain command), then one line per alert.
        var hypotheses = group.Alerts.Where(a => a.Annotations.ContainsKey("hypothesis_title")).GroupBy(HypothesisOf, StringComparer.Ordinal).ToList();
        foreach (var h in hypotheses)
        {
            var a = h.First();
            text.Append("*Hypothesis ").Append(Escape(h.Key)).Append("* (score ").Append(Escape(a.Annotations.GetValueOrDefault("hypothesis_score", "?"))).Append("): ")
                .Append(Escape(a.Annotations["hypothesis_title"])).Append('\n');
            if (a.Annotations.TryGetValue("explain", out var explain))
            {
                text.Append('`').Append(explain.Replace("`", "'", StringComparison.Ordinal)).Append("`\n");
            }
        }

        foreach (var a in group.Alerts)
        {
            text.Append(a.Status == AlertStatus.Firing ? "• " : "• ~resolved~ ")
                .Append('*').Append(Escape(a.Labels.GetValueOrDefault(AlertLabels.AlertName, "alert"))).Append("* ")
                .Append(Escape(a.Annotations.GetValueOrDefault("summary", string.Empty)));
            if (hypotheses.Count > 1 && a.Annotations.ContainsKey("hypothesis_title"))
            {
                text.Append(" (").Append(Escape(HypothesisOf(a))).Append(')');
            }

            text.Append('\n');
        }

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Triage.Symptoms.SymptomJson.WriterOptions.Encoder }))
        {
            w.WriteStartObject();
            w.WriteString("text", text.ToString().TrimEnd('\n'));
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string HypothesisOf(AlertRecord a) =>
        a.Labels.GetValueOrDefault(AlertLabels.Hypothesis) ?? a.Annotations.GetValueOrDefault(AlertLabels.Hypothesis, "none");

    /// <summary>Slack's three control characters (https://api.slack.com/reference/surfaces/formatting#escaping).</summary>
    private static string Escape(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
