namespace Triage.Alerts.Rules;

/// <summary>
/// The hypothesis side of an alert rule: one alert per hypothesis scoring at least
/// <see cref="MinScore"/> at rank <see cref="MaxRank"/> or better. With <c>max_rank: 1</c> a change of
/// the top hypothesis resolves the old alert and fires a new one.
/// </summary>
public sealed record HypothesisMatch
{
    /// <summary>Lowest score; default 0.5.</summary>
    public double MinScore { get; init; } = 0.5;

    /// <summary>Worst rank; default 1 (the top hypothesis only).</summary>
    public int MaxRank { get; init; } = 1;
}
