namespace Triage.Reports.Model;

/// <summary>What the incident cost. Null where the run's inputs do not say (no run facts, no times).</summary>
/// <param name="Attempts">Attempts (the first start plus restarts), from the run facts or the logs.</param>
/// <param name="FirstFailure">The earliest first failure.</param>
/// <param name="LastFailure">The latest first failure.</param>
/// <param name="LastRestart">The last attempt's start.</param>
/// <param name="HostsHit">Hosts with any failure symptom.</param>
/// <param name="RanksHit">Ranks with any failure symptom.</param>
/// <param name="HostsWithFirstFailures">Hosts where a first failure happened.</param>
/// <param name="RanksWithFirstFailures">Ranks where a first failure happened.</param>
/// <param name="Hosts">Hosts in the job (topology or run facts), when known.</param>
/// <param name="WorldSize">Ranks in the job, when known.</param>
public sealed record ReportImpact(
    int? Attempts,
    DateTimeOffset? FirstFailure,
    DateTimeOffset? LastFailure,
    DateTimeOffset? LastRestart,
    int HostsHit,
    int RanksHit,
    int HostsWithFirstFailures,
    int RanksWithFirstFailures,
    int? Hosts,
    int? WorldSize)
{
    /// <summary>Restarts: attempts after the first.</summary>
    public int? Restarts => Attempts is { } a ? Math.Max(0, a - 1) : null;

    /// <summary>Time between the first failure and the last restart; null when unknown or when no restart followed it.</summary>
    public TimeSpan? TimeLost => FirstFailure is { } first && LastRestart is { } last && last > first ? last - first : null;
}
