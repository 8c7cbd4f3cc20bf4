namespace Triage.Alerts;

/// <summary>Whether an alert is firing or resolved (Alertmanager's two states for a pushed alert).</summary>
public enum AlertStatus
{
    /// <summary>The cluster is there and still growing (or has not been quiet long enough to resolve).</summary>
    Firing,

    /// <summary>The cluster stopped growing for the rule's <c>resolve_after</c>, or its evidence went away.</summary>
    Resolved,
}
