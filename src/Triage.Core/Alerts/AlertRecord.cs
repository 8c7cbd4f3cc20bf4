namespace Triage.Alerts;

/// <summary>
/// One alert as the watcher keeps it in the store: identified by <see cref="Fingerprint"/> (a hash
/// of its sorted labels, as Alertmanager identifies alerts), with the cluster size that was last
/// seen and when it last grew, so a restarted watcher neither re-sends nor forgets it.
/// </summary>
/// <param name="Fingerprint">Hash of the labels; stable across passes and restarts.</param>
/// <param name="Labels">Identifying labels (alertname, run, rule labels, cluster key, hypothesis).</param>
/// <param name="Annotations">Descriptive text (summary, hypothesis title, evidence, explain command); may change between passes.</param>
/// <param name="Status">Firing or resolved.</param>
/// <param name="StartsAt">When the watcher first saw the cluster.</param>
/// <param name="EndsAt">When it was resolved; null while firing.</param>
/// <param name="Size">The cluster size at the last pass (symptoms, or hosts for host-spread rules).</param>
/// <param name="LastGrowthAt">Watch-clock time the size last grew (resolution counts from here).</param>
/// <param name="ResolveAfter">How long without growth resolves it (the rule's <c>resolve_after</c>).</param>
public sealed record AlertRecord(
    string Fingerprint,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    AlertStatus Status,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    long Size,
    DateTimeOffset LastGrowthAt,
    TimeSpan ResolveAfter)
{
    /// <summary>The run label (every alert has one).</summary>
    public string Run => Labels.TryGetValue(AlertLabels.Run, out var run) ? run : string.Empty;
}
