using Triage.Collectors.Lines;

namespace Triage.Collectors.Metrics;

/// <summary>
/// Reads one metrics file start to end as rows, whatever its format, and keeps attempts apart:
/// per rank, a step more than <see cref="MetricsOptions.OutOfOrderWindow"/> below the last one is a
/// restart (the next attempt); a repeated step is a duplicate and a step slightly below the last one
/// is out of order — both are dropped and counted. A rank missing from the row is taken from the
/// path (<c>rank-0003.jsonl</c>). Synchronous; not thread-safe; dispose to close the file.
/// </summary>
internal sealed class MetricsFileReader : IDisposable
{
    private readonly Stream _stream;
    private IMetricsRowSource? _source;
    private long _consumedAtClose;
    private readonly Dictionary<int, long> _lastStep = [];
    private readonly int? _pathRank;
    private readonly int _window;

    public MetricsFileReader(string fullPath, string path, MetricsFormat format, MetricsOptions options)
    {
        Path = path;
        Problems = new MetricsProblems();
        _window = options.OutOfOrderWindow;
        _pathRank = PathFacts.Parse(path).Rank;
        _stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
        var lines = format == MetricsFormat.TfEvents ? null : new LineSplitter(_stream, 0, options.MaxLineBytes);
        _source = format switch
        {
            MetricsFormat.Jsonl => new JsonlMetricsSource(lines!, Problems),
            MetricsFormat.Csv => CsvMetricsSource.Open(lines!, Problems),
            MetricsFormat.TfEvents => new TfEventsSource(_stream, Problems, options.MaxRecordBytes),
            MetricsFormat.LogLines => new LogLinesMetricsSource(lines!, new DateTimeOffset(File.GetLastWriteTimeUtc(fullPath), TimeSpan.Zero)),
            _ => null,
        };
        if (_source is null)
        {
            Problems.Add("files that are not metrics after all (no header with a step column)", 1);
        }
    }

    /// <summary>The run-relative path.</summary>
    public string Path { get; }

    /// <summary>What was wrong, counted.</summary>
    public MetricsProblems Problems { get; }

    /// <summary>Rows read (kept, after dropping duplicates and out-of-order steps).</summary>
    public long Rows { get; private set; }

    /// <summary>Attempts seen (1 + restarts).</summary>
    public int Attempts { get; private set; } = 1;

    /// <summary>Bytes consumed (whole rows only): the checkpoint offset.</summary>
    public long Consumed => _source?.Consumed ?? _consumedAtClose;

    /// <summary>The next kept row; false at the end. May throw <see cref="IOException"/>.</summary>
    public bool TryRead(MetricRow row)
    {
        if (_source is null)
        {
            return false;
        }

        while (_source.TryRead(row))
        {
            if (row.Rank < 0 && _pathRank is { } rank)
            {
                row.Rank = rank;
            }

            if (_lastStep.TryGetValue(row.Rank, out var last) && row.Step <= last)
            {
                if (row.Step == last)
                {
                    Problems.Add("duplicate steps (dropped)", row.Line, damaging: false);
                    continue;
                }

                if (last - row.Step <= _window)
                {
                    Problems.Add("out-of-order steps (dropped)", row.Line, damaging: false);
                    continue;
                }

                Attempts++;
                _lastStep.Clear();
            }

            _lastStep[row.Rank] = row.Step;
            row.Attempt = Attempts - 1;
            Rows++;
            return true;
        }

        return false;
    }

    /// <summary>Closes the file and lets go of the reader's buffers; the counts stay readable.</summary>
    public void Dispose()
    {
        if (_source is not null)
        {
            _consumedAtClose = _source.Consumed;
            _source = null;
        }

        _stream.Dispose();
    }
}
