namespace Triage.Reports.Model;

/// <summary>Swim lanes: one per host, first failures as points, symptom counts per time bucket as shading.</summary>
/// <param name="Hosts">Lanes, top to bottom (hosts with first failures first, then the busiest; bounded).</param>
/// <param name="Failures">First failures: host, time, kind.</param>
/// <param name="Density">Symptoms per (host, bucket start).</param>
/// <param name="BucketSeconds">Width of a density bucket.</param>
public sealed record HostLanes(IReadOnlyList<string> Hosts, IReadOnlyList<(string Host, DateTimeOffset At, string Kind)> Failures, IReadOnlyList<(string Host, DateTimeOffset At, long Count)> Density, int BucketSeconds);
