using Triage.Simulator.Model;

namespace Triage.Simulator.Scenarios;

/// <summary>What one scenario contributes to a plan: causes, incidents, side events, hosts it needs intact.</summary>
internal sealed class ScenarioSpec
{
    public List<Cause> Causes { get; } = [];

    public List<CrashRequest> Crashes { get; } = [];

    /// <summary>Side events at a fraction of the run (resolved to times and steps once attempts exist).</summary>
    public List<(double At, SideEvent Event)> Events { get; } = [];

    public HashSet<int> KeepHosts { get; } = [];

    /// <summary>Fraction of the run at which the job is requeued with new library versions (regression), or null.</summary>
    public double? UpgradeAt { get; set; }

    public string? UpgradeKey { get; set; }

    public string? UpgradeValue { get; set; }

    /// <summary>A rank whose GPU throttles from a fraction of the run to its end without failing (thermal), or null.</summary>
    public (int Rank, double At, Cause Cause)? Throttle { get; set; }
}
