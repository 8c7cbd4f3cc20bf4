namespace Triage.Simulator.Model;

/// <summary>
/// One incident that ends an attempt: the first failure at <see cref="Time"/> on
/// <see cref="FailedRank"/> (or none for a hang), then the cascade: peers' watchdogs fire about ten
/// minutes after the collective they were waiting in began, the agents and Slurm stop the step.
/// </summary>
internal sealed class Crash(Cause cause, CrashKind kind, DateTimeOffset time, int failedRank)
{
    public Cause Cause { get; } = cause;

    public CrashKind Kind { get; } = kind;

    public DateTimeOffset Time { get; set; } = time;

    public int FailedRank { get; set; } = failedRank;

    /// <summary>SeqNum of the collective the peers hang in.</summary>
    public long Seq { get; set; }

    /// <summary>Step the failing rank was in.</summary>
    public long Step { get; set; }

    public string Op { get; set; } = "ALLREDUCE";

    public long Numel { get; set; }

    /// <summary>Variant of the manifestation (frames, op where the error surfaces).</summary>
    public int Variant { get; set; }

    /// <summary>When the peers' watchdogs start firing.</summary>
    public DateTimeOffset WatchdogTime => Time.AddSeconds(600) - TimeSpan.FromMilliseconds(LeadMs);

    /// <summary>How long before the failure the hanging collective was enqueued (ms).</summary>
    public int LeadMs { get; set; }

    /// <summary>The worker's exit code as torchrun reports it (negative: signal).</summary>
    public int ExitCode => Kind switch
    {
        CrashKind.DataSegfault or CrashKind.RaceSegfault => -11,
        CrashKind.NodeDown => -9,
        CrashKind.IllegalAccessWatchdog or CrashKind.GpuLost or CrashKind.GspTimeout or CrashKind.RaceAbort or CrashKind.StragglerHang or CrashKind.CollectiveHang or CrashKind.NetworkError => -6,
        _ => 1,
    };
}
