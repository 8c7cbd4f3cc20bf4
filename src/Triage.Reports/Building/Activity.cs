using Triage.Reports.Model;
using Triage.Symptoms;

namespace Triage.Reports.Building;

/// <summary>The run's failure symptoms over time: who was hit, the waves, and symptoms per (host, bucket).</summary>
internal sealed record Activity(int HostsHit, int RanksHit, IReadOnlyList<Wave> Waves, IReadOnlyList<(string Host, DateTimeOffset At, long Count)> Density, int BucketSeconds)
{
    /// <summary>Swim lanes: hosts with first failures first (by their first one), then the busiest, at most <paramref name="maxLanes"/>.</summary>
    public HostLanes Lanes(IReadOnlyList<Symptom> roots, int maxLanes)
    {
        var withFailures = roots.Where(r => r.Host is not null && r.Timestamp is not null)
            .GroupBy(r => r.Host!, StringComparer.Ordinal)
            .OrderBy(g => g.Min(r => r.Timestamp)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key);
        var busiest = Density.GroupBy(d => d.Host, StringComparer.Ordinal)
            .OrderByDescending(g => g.Sum(d => d.Count)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key);
        var hosts = withFailures.Concat(busiest).Distinct(StringComparer.Ordinal).Take(maxLanes).ToList();
        var shown = hosts.ToHashSet(StringComparer.Ordinal);
        return new HostLanes(
            hosts,
            roots.Where(r => r.Host is not null && r.Timestamp is not null && shown.Contains(r.Host)).Select(r => (r.Host!, r.Timestamp!.Value, r.Kind)).ToList(),
            Density.Where(d => shown.Contains(d.Host)).ToList(),
            BucketSeconds);
    }
}
