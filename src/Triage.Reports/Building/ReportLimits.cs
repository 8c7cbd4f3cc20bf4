namespace Triage.Reports.Building;

/// <summary>Bounds on what a report reads from the store, so a run of millions of symptoms still reports quickly.</summary>
public sealed record ReportLimits
{
    /// <summary>Default bounds.</summary>
    public static ReportLimits Default { get; } = new();

    /// <summary>First failures read one by one (500).</summary>
    public int MaxFirstFailures { get; init; } = 500;

    /// <summary>First failures listed in the timeline (40); the rest are counted.</summary>
    public int TimelineFirstFailures { get; init; } = 40;

    /// <summary>Raw lines shown per kind (2).</summary>
    public int LinesPerKind { get; init; } = 2;

    /// <summary>Host lanes drawn (32).</summary>
    public int MaxLanes { get; init; } = 32;

    /// <summary>Time buckets across the run for waves and density (240).</summary>
    public int Buckets { get; init; } = 240;

    /// <summary>Spike and NaN markers read from the store (500).</summary>
    public int MaxMarkers { get; init; } = 500;
}
