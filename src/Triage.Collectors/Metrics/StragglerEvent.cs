namespace Triage.Collectors.Metrics;

/// <summary>A rank found slow in one attempt.</summary>
/// <param name="Attempt">The attempt.</param>
/// <param name="Rank">The rank.</param>
/// <param name="Start">Its first slow step of the window that made it a straggler.</param>
/// <param name="LastSlow">Its last slow step (a straggler that then stalls its peers is slow until the stall).</param>
/// <param name="SlowSteps">Steps at which it was slow (relative and individual scores both over their thresholds).</param>
/// <param name="ComparedSteps">Steps at which it was compared with its peers.</param>
/// <param name="Slowdown">Its mean step time over its peers' median, at its slow steps.</param>
/// <param name="Worst">The largest of those ratios.</param>
/// <param name="Individual">Its mean step time over its own earlier healthy step time, at its slow steps.</param>
/// <param name="Steps">Each slow step from <paramref name="Start"/> on, with its step time over its peers' median.</param>
internal readonly record struct StragglerEvent(int Attempt, int Rank, MetricAt Start, MetricAt LastSlow, int SlowSteps, int ComparedSteps, double Slowdown, double Worst, double Individual,
    IReadOnlyList<(MetricAt At, double Relative)> Steps);
