namespace Triage.Collectors.Metrics;

/// <summary>
/// Bounds and sensitivities of the metrics path. The defaults hold ≤ 1 false spike per 100,000
/// clean steps on the simulator's curves (noise, warm-up, LR schedule changes) with recall ≥ 0.95
/// for spikes of ≥ 5σ lasting a few steps (see README, "Training metrics"). Immutable.
/// </summary>
public sealed record MetricsOptions
{
    /// <summary>The defaults.</summary>
    public static MetricsOptions Default { get; } = new();

    /// <summary>
    /// A one-step spike is reported at this many σ of the series' noise above its trend when the
    /// noise is symmetric; skewed noise (up to 1.3×) raises it, to 6.5σ for half-normal noise. Default 5.
    /// </summary>
    public double SpikeSigma { get; init; } = 5.0;

    /// <summary>
    /// A spike that lasts is reported when the one-sided CUSUM of the standardised residuals
    /// (reference 1σ) reaches this threshold. Higher: fewer false alarms, later and fewer small
    /// spikes. Default 6 (a 5σ spike decaying over ≥ 5 steps crosses it within 3 steps).
    /// </summary>
    public double SustainedSigma { get; init; } = 5.5;

    /// <summary>Points of a series (per attempt and rank) learnt before any spike is reported: the warm-up. Default 100.</summary>
    public int WarmupPoints { get; init; } = 100;

    /// <summary>A spike longer than this many points is a level shift: the trend is re-learnt from there. Default 50.</summary>
    public int MaxSpikePoints { get; init; } = 50;

    /// <summary>A rank is slow at a step when its step time is this many times its peers' median. Default 1.15.</summary>
    public double StragglerRelative { get; init; } = 1.15;

    /// <summary>... and this many times its own earlier (healthy) step time. Default 1.10.</summary>
    public double StragglerIndividual { get; init; } = 1.10;

    /// <summary>Slow steps (out of the last 2×) before a rank is reported as a straggler. Default 5.</summary>
    public int StragglerSteps { get; init; } = 5;

    /// <summary>Peers needed at a step to compare a rank with them. Default 4.</summary>
    public int MinPeers { get; init; } = 4;

    /// <summary>No step for this many times the recent step time, while logs go on, is a hang. Default 10.</summary>
    public double HangFactor { get; init; } = 10;

    /// <summary>... and at least this long. Default 2 minutes.</summary>
    public TimeSpan MinHang { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>A step at most this far below the last one of its rank is out of order (dropped), further is a restart. Default 8.</summary>
    public int OutOfOrderWindow { get; init; } = 8;

    /// <summary>Longest text row read; longer ones are skipped and counted. Default 64 KiB.</summary>
    public int MaxLineBytes { get; init; } = 64 * 1024;

    /// <summary>Largest TensorBoard record read; a larger length is treated as corruption. Default 16 MiB.</summary>
    public int MaxRecordBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Most series (attempt × rank × metric) tracked; rows of further series are counted, not analysed. Default 1,000,000.</summary>
    public int MaxSeries { get; init; } = 1_000_000;

    /// <summary>Most symptoms of one kind from one run's metrics (a NaN in every row is one problem, not a million). Default 10,000.</summary>
    public int MaxSymptomsPerKind { get; init; } = 10_000;
}
