using Triage.Simulator.Model;

namespace Triage.Simulator.Scenarios;

/// <summary>A scenario asks for an incident at a fraction of the run; the scheduler fits it between restarts.</summary>
internal sealed record CrashRequest(Cause Cause, CrashKind Kind, double At, int Rank, int Variant)
{
    /// <summary>Shard the failing rank's batch must come from (data-dependent causes), or null.</summary>
    public string? Shard { get; init; }

    /// <summary>No restart after this incident (the node is gone; on-call stops the job).</summary>
    public bool Terminal { get; init; }

    /// <summary>The leaf switch that flaps (network incidents).</summary>
    public string? Switch { get; init; }

    /// <summary>The NIC port that goes down on the failing rank's host before a network error (NIC incidents), or -1.</summary>
    public int NicPort { get; init; } = -1;
}
