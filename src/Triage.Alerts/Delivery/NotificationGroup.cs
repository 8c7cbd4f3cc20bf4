namespace Triage.Alerts.Delivery;

/// <summary>One notification: the alerts of one group key that are firing or whose resolution is news.</summary>
/// <param name="Key">The group key, Alertmanager style: <c>{hypothesis="h-1",run="r"}</c>.</param>
/// <param name="Labels">The group's labels (the route's <c>group_by</c> values).</param>
/// <param name="Alerts">Firing alerts and newly resolved ones.</param>
/// <param name="Repeat">True when nothing changed and the repeat interval is what made it due.</param>
public sealed record NotificationGroup(string Key, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<AlertRecord> Alerts, bool Repeat)
{
    /// <summary><c>firing</c> while any alert of the group fires, else <c>resolved</c>.</summary>
    public string Status => Alerts.Any(a => a.Status == AlertStatus.Firing) ? "firing" : "resolved";
}
