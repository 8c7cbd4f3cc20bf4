namespace Triage.Collectors.Metrics;

/// <summary>A finished spike of one series.</summary>
/// <param name="Start">Where it began (its first point above the trend).</param>
/// <param name="Sigma">Its peak, in σ of the series' noise above the trend.</param>
/// <param name="RelativeJump">Its peak relative to the trend (0.5 = 50 % above).</param>
/// <param name="Points">How many points it lasted.</param>
/// <param name="EndStep">The step of its last point.</param>
/// <param name="Peak">The value at its peak.</param>
/// <param name="Expected">The trend's value at its peak.</param>
internal readonly record struct SpikeEvent(MetricAt Start, double Sigma, double RelativeJump, int Points, long EndStep, double Peak, double Expected);
