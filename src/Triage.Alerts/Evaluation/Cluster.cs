using Triage.Symptoms;

namespace Triage.Alerts.Evaluation;

/// <summary>Symptoms sharing one cluster key, with the counts inside the rule's window.</summary>
internal sealed record Cluster(
    IReadOnlyList<(string Field, string Value)> Key,
    IReadOnlyList<Symptom> Members,
    int WindowCount,
    int WindowHosts,
    int WindowRanks)
{
    public string KeyText => Key.Count == 0 ? "all" : string.Join(",", Key.Select(k => k.Field + "=" + k.Value));
}
