namespace Triage.Runs;

/// <summary>
/// The job-level training curves of a run (loss, gradient norm) as its metrics files logged them,
/// for plots. Values the job logs once per step (on the logging rank) are job-level; per-rank files
/// contribute their lowest rank. Immutable.
/// </summary>
/// <param name="Points">Points ordered by (time, step); at most the reader's bound.</param>
/// <param name="Files">The metrics files read, relative to the run directory.</param>
/// <param name="Thinned">True when there were more points than the bound and every n-th was kept (NaNs always are).</param>
public sealed record TrainingCurve(IReadOnlyList<MetricPoint> Points, IReadOnlyList<string> Files, bool Thinned)
{
    /// <summary>No curves (no metrics files, or a run known only by name).</summary>
    public static TrainingCurve None { get; } = new([], [], false);
}
