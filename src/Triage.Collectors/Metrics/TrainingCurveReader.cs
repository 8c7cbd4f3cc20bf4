using Triage.Collectors.Collection;
using Triage.Runs;

namespace Triage.Collectors.Metrics;

/// <summary>
/// Reads the job-level loss and gradient-norm curves of a run directory's metrics files (JSONL, CSV,
/// TensorBoard events, recognised by content as the collector recognises them) for reports. A file
/// logging several ranks contributes the lowest rank it logs these values for; when two files log
/// the same (metric, attempt, step), the first by path wins. Bounded: past
/// <see cref="MaxPointsPerMetric"/> points a metric is thinned evenly, keeping every NaN and
/// infinity. A file that cannot be read is left out and named in <see cref="Read"/>'s problems.
/// Thread-safe (stateless).
/// </summary>
public static class TrainingCurveReader
{
    /// <summary>Metrics drawn: the loss and the gradient norm.</summary>
    public static IReadOnlyList<string> Metrics { get; } = [MetricNames.Loss, MetricNames.GradNorm];

    /// <summary>At most this many points per metric are kept (20,000).</summary>
    public const int MaxPointsPerMetric = 20_000;

    /// <summary>Reads the curves under <paramref name="runDirectory"/>; problems are (path, reason) pairs, never thrown.</summary>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static (TrainingCurve Curve, IReadOnlyList<(string Path, string Reason)> Problems) Read(string runDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runDirectory);
        var (files, _) = SourceDiscovery.Discover(runDirectory);
        var points = new Dictionary<(string Name, int Attempt, long Step), MetricPoint>();
        var used = new List<string>();
        var problems = new List<(string, string)>();
        foreach (var file in files.Where(f => f.Format == SourceFormat.Metrics))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var format = MetricsSniffer.Sniff(file.Head, file.Length <= file.Head.Length);
            try
            {
                if (ReadFile(file, format, points, cancellationToken))
                {
                    used.Add(file.Path);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add((file.Path, $"metrics not readable: {ex.Message}"));
            }
        }

        var ordered = new List<MetricPoint>();
        var thinned = false;
        foreach (var name in Metrics)
        {
            var series = points.Values.Where(p => p.Name == name).OrderBy(p => p.Attempt).ThenBy(p => p.Step).ToList();
            if (series.Count > MaxPointsPerMetric)
            {
                var every = (series.Count + MaxPointsPerMetric - 1) / MaxPointsPerMetric;
                series = series.Where((p, i) => i % every == 0 || !double.IsFinite(p.Value)).ToList();
                thinned = true;
            }

            ordered.AddRange(series);
        }

        return (new TrainingCurve(ordered, used, thinned), problems);
    }

    private static bool ReadFile(DiscoveredFile file, MetricsFormat format, Dictionary<(string, int, long), MetricPoint> points, CancellationToken cancellationToken)
    {
        using var reader = new MetricsFileReader(file.FullPath, file.Path, format, MetricsOptions.Default);
        var row = new MetricRow();
        int? rank = null;
        var any = false;
        while (reader.TryRead(row))
        {
            if ((row.Step & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            foreach (var (name, value) in row.Values)
            {
                if (name is not (MetricNames.Loss or MetricNames.GradNorm))
                {
                    continue;
                }

                rank ??= row.Rank;
                if (row.Rank != rank)
                {
                    continue;
                }

                any = true;
                points.TryAdd((name, row.Attempt, row.Step), new MetricPoint(name, row.Step, row.Attempt, row.Time, value));
            }
        }

        return any;
    }
}
