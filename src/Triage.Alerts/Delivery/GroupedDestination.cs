using System.Text;
using Triage.Alerts.Rules;
using Triage.Alerts.Tracking;

namespace Triage.Alerts.Delivery;

/// <summary>
/// A destination that gets one notification per group (Alertmanager's grouping, done here): the
/// group key is the values of the route's <c>group_by</c> labels; a group is notified when its set
/// of firing alerts changes, when the hypothesis explaining one of them changes, when one of the
/// alerts it announced resolves, and again after the repeat interval while it still fires.
/// Silenced alerts are left out.
/// </summary>
public abstract class GroupedDestination : IAlertDestination
{
    /// <summary>Creates the destination.</summary>
    protected GroupedDestination(string name, Uri url, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(http);
        Name = name;
        Url = url;
        Http = http;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Where it posts.</summary>
    protected Uri Url { get; }

    /// <summary>The client.</summary>
    protected HttpClient Http { get; }

    /// <inheritdoc />
    public IReadOnlyList<Outgoing> Plan(IReadOnlyList<AlertRecord> alerts, IReadOnlyDictionary<string, AlertDelivery> delivered, IReadOnlyList<Silence> silences, AlertRoute route, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(delivered);
        ArgumentNullException.ThrowIfNull(silences);
        ArgumentNullException.ThrowIfNull(route);
        var result = new List<Outgoing>();
        var groups = alerts
            .Where(a => !SilenceMatcher.Silenced(silences, a.Labels, now))
            .GroupBy(a => GroupKey(a.Labels, route.GroupBy), StringComparer.Ordinal);
        foreach (var group in groups)
        {
            delivered.TryGetValue(group.Key, out var sent);
            var announced = Members(sent?.Hash);
            var members = group.Where(a => a.Status == AlertStatus.Firing || announced.ContainsKey(a.Fingerprint)).OrderBy(a => a.StartsAt).ThenBy(a => a.Fingerprint, StringComparer.Ordinal).ToList();
            if (members.Count == 0)
            {
                continue;
            }

            var hash = string.Join(",", members.OrderBy(a => a.Fingerprint, StringComparer.Ordinal).Select(Entry));
            var firing = members.Any(a => a.Status == AlertStatus.Firing);
            var changed = hash != sent?.Hash;
            var repeat = !changed && firing && sent is not null && now - sent.SentAt >= route.RepeatInterval;
            if (!changed && !repeat)
            {
                continue;
            }

            // A resolution is news once: alerts announced as resolved before are not listed again.
            var listed = members.Where(a => a.Status == AlertStatus.Firing || announced.GetValueOrDefault(a.Fingerprint) == 'f').ToList();
            if (listed.Count == 0)
            {
                continue;
            }

            var labels = route.GroupBy.ToDictionary(l => l, l => group.First().Labels.GetValueOrDefault(l, string.Empty), StringComparer.Ordinal);
            var notification = new NotificationGroup(group.Key, labels, listed, repeat);
            var firingCount = listed.Count(a => a.Status == AlertStatus.Firing);
            result.Add(new Outgoing(group.Key, hash, Format(notification, now), $"{group.Key}: {firingCount} firing, {listed.Count - firingCount} resolved{(repeat ? " (repeat)" : string.Empty)}"));
        }

        return result;
    }

    /// <inheritdoc />
    public Task SendAsync(Outgoing outgoing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outgoing);
        return HttpPoster.PostAsync(Http, Url, outgoing.Body, cancellationToken);
    }

    /// <summary>What the delivery record keeps per alert: <c>fingerprint:f:hypothesis</c> while firing, <c>fingerprint:r</c> once resolved.</summary>
    private static string Entry(AlertRecord a) => a.Status == AlertStatus.Firing
        ? a.Fingerprint + ":f:" + a.Annotations.GetValueOrDefault(AlertLabels.Hypothesis, a.Labels.GetValueOrDefault(AlertLabels.Hypothesis, string.Empty)).Replace(",", ";", StringComparison.Ordinal)
        : a.Fingerprint + ":r";

    /// <summary>The request body for one notification.</summary>
    protected abstract string Format(NotificationGroup group, DateTimeOffset now);

    /// <summary>Alertmanager's group key form: <c>{a="1",b="2"}</c>, labels in route order.</summary>
    public static string GroupKey(IReadOnlyDictionary<string, string> labels, IReadOnlyList<string> groupBy)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(groupBy);
        var text = new StringBuilder("{");
        foreach (var name in groupBy)
        {
            if (text.Length > 1)
            {
                text.Append(',');
            }

            text.Append(name).Append("=\"").Append(labels.GetValueOrDefault(name, string.Empty).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
        }

        return text.Append('}').ToString();
    }

    private static Dictionary<string, char> Members(string? hash)
    {
        var result = new Dictionary<string, char>(StringComparer.Ordinal);
        foreach (var part in (hash ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && colon < part.Length - 1)
            {
                result[part[..colon]] = part[colon + 1];
            }
        }

        return result;
    }
}
