namespace Triage.Storage;

/// <summary>A recorded per-item failure: one bad file never stops a run, it becomes one of these.</summary>
/// <param name="Run">Run name.</param>
/// <param name="Path">Source path relative to the run directory.</param>
/// <param name="Kind">Failed, skipped or damaged.</param>
/// <param name="Reason">One plain sentence for <c>triage status</c>.</param>
/// <param name="At">When it was recorded.</param>
public sealed record CollectorFailure(string Run, string Path, CollectorFailureKind Kind, string Reason, DateTimeOffset At);
