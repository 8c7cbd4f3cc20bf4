namespace Triage.Correlation.Inputs;

/// <summary>One metrics object: the numeric fields logged at a step (by one rank, or globally).</summary>
/// <param name="Step">The training step.</param>
/// <param name="Rank">The rank, when the line has an integer <c>rank</c>.</param>
/// <param name="Time">The row's time (UTC), when it has one.</param>
/// <param name="Values">Number fields other than step, rank and time (loss, grad_norm, ...), in line order.</param>
internal readonly record struct MetricsRow(long Step, int? Rank, DateTimeOffset? Time, IReadOnlyList<KeyValuePair<string, double>> Values);
