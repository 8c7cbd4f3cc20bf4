using Triage.Collectors.Json;

namespace Triage.Collectors.Metrics;

/// <summary>
/// Step alignment: which step rank r was on at time t, and when rank r ran step s, from the rows of
/// metrics files (any format) and step manifests (JSONL with rank, step and time). Rows without a
/// rank (global metrics) answer for every rank that has none of its own. Within one attempt steps
/// rise with time; after a restart the later attempt wins for later times. Bounded: at most
/// <see cref="MaxPoints"/> (time, step) points in all; beyond that every other step is dropped per
/// rank (coarser, never wrong by more than the gap). Build with <see cref="Add"/>, then query; not
/// thread-safe while building, safe to query from many threads afterwards.
/// </summary>
public sealed class StepIndex
{
    /// <summary>The most points kept.</summary>
    public const int MaxPoints = 4_000_000;

    private readonly Dictionary<int, List<(DateTimeOffset Time, long Step)>> _byRank = [];
    private int _points;
    private bool _sorted;

    /// <summary>Ranks with points of their own (-1: global rows).</summary>
    public IEnumerable<int> Ranks => _byRank.Keys;

    /// <summary>Adds that <paramref name="rank"/> (-1: global) logged <paramref name="step"/> at <paramref name="time"/>.</summary>
    public void Add(int rank, DateTimeOffset time, long step)
    {
        if (!_byRank.TryGetValue(rank, out var points))
        {
            points = _byRank[rank] = [];
        }

        if (_points >= MaxPoints && points.Count > 0 && (step & 1) == 1)
        {
            return;
        }

        points.Add((time, step));
        _points++;
        _sorted = false;
    }

    /// <summary>The step <paramref name="rank"/> was on at <paramref name="time"/> (the last step logged at or before it), or null.</summary>
    public long? StepAt(int rank, DateTimeOffset time)
    {
        var points = Points(rank);
        if (points is null || points.Count == 0 || time < points[0].Time)
        {
            return null;
        }

        var lo = 0;
        var hi = points.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (points[mid].Time <= time)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return points[lo].Step;
    }

    /// <summary>When <paramref name="rank"/> logged <paramref name="step"/> (its latest attempt), or null.</summary>
    public DateTimeOffset? TimeOf(int rank, long step)
    {
        var points = Points(rank);
        if (points is null)
        {
            return null;
        }

        for (var i = points.Count - 1; i >= 0; i--)
        {
            if (points[i].Step == step)
            {
                return points[i].Time;
            }
        }

        return null;
    }

    /// <summary>
    /// Builds the index from metrics files and step-manifest files (full paths). Unreadable files and
    /// rows without a time are skipped; throws only <see cref="OperationCanceledException"/>.
    /// </summary>
    public static StepIndex Build(IEnumerable<string> metricsFiles, IEnumerable<string> manifestFiles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metricsFiles);
        ArgumentNullException.ThrowIfNull(manifestFiles);
        var index = new StepIndex();
        var row = new MetricRow();
        foreach (var path in metricsFiles)
        {
            try
            {
                var head = new byte[8192];
                int n;
                using (var probe = File.OpenRead(path))
                {
                    n = probe.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
                }

                using var reader = new MetricsFileReader(path, Path.GetFileName(path), MetricsSniffer.Sniff(head.AsSpan(0, n), n < head.Length), MetricsOptions.Default);
                while (reader.TryRead(row))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (row.Time is { } t)
                    {
                        index.Add(row.Rank, t, row.Step);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }

        var parser = new FlatJsonLineParser(collectStrings: false);
        foreach (var path in manifestFiles)
        {
            try
            {
                using var stream = File.OpenRead(path);
                var lines = new LineSplitter(stream, 0, MetricsOptions.Default.MaxLineBytes);
                while (lines.TryNext(out var line, out _, out _))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (parser.TryParse(line) && parser is { Step: { } step, Rank: { } rank, Time: { } time })
                    {
                        index.Add(rank, time, step);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }

        return index;
    }

    private List<(DateTimeOffset Time, long Step)>? Points(int rank)
    {
        if (!_sorted)
        {
            foreach (var list in _byRank.Values)
            {
                list.Sort(static (a, b) => a.Time.CompareTo(b.Time));
            }

            _sorted = true;
        }

        return _byRank.TryGetValue(rank, out var own) ? own : _byRank.GetValueOrDefault(-1);
    }
}
