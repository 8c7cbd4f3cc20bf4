namespace Triage.Collectors.Metrics;

/// <summary>Where a metric value was logged: step, time, and the row's place in its file.</summary>
internal readonly record struct MetricAt(long Step, DateTimeOffset? Time, int File, long Line, long Offset);
