namespace Triage.Alerts.Rules;

/// <summary>
/// How notifications are grouped (the <c>route:</c> block of an alert rule file; Alertmanager's
/// route options of the same names). One notification per group; a group still firing is
/// notified again after <see cref="RepeatInterval"/>.
/// </summary>
public sealed record AlertRoute
{
    /// <summary>Labels forming the group key; default <c>run</c> (one notification per incident: its clusters and its top hypothesis together).</summary>
    public IReadOnlyList<string> GroupBy { get; init; } = [AlertLabels.Run];

    /// <summary>Default 4 h, as Alertmanager's.</summary>
    public TimeSpan RepeatInterval { get; init; } = TimeSpan.FromHours(4);
}
