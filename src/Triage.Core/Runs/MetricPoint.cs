namespace Triage.Runs;

/// <summary>One logged training value: a metric at one step of one attempt.</summary>
/// <param name="Name">Canonical metric name (<c>loss</c>, <c>grad_norm</c>, ...).</param>
/// <param name="Step">The training step.</param>
/// <param name="Attempt">The attempt (0 first) the metrics file's own restarts put it in.</param>
/// <param name="Time">When it was logged (UTC), if the row had a time.</param>
/// <param name="Value">The value; NaN or infinite where the run logged one.</param>
public sealed record MetricPoint(string Name, long Step, int Attempt, DateTimeOffset? Time, double Value);
