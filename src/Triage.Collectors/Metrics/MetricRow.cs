namespace Triage.Collectors.Metrics;

/// <summary>
/// One row of a metrics source: the values logged at one step by one rank (or globally), where it
/// came from, and which attempt of the run it belongs to. Readers reuse one instance per source:
/// copy what you keep. Not thread-safe.
/// </summary>
internal sealed class MetricRow
{
    /// <summary>The training step.</summary>
    public long Step { get; set; }

    /// <summary>The rank, or -1 for a global row.</summary>
    public int Rank { get; set; } = -1;

    /// <summary>The row's time (UTC), when it has one.</summary>
    public DateTimeOffset? Time { get; set; }

    /// <summary>The attempt (0 first; a step going back past the out-of-order window starts the next).</summary>
    public int Attempt { get; set; }

    /// <summary>1-based line (text) or record number (tfevents) in the source.</summary>
    public long Line { get; set; }

    /// <summary>Byte offset of the row in the source (the symptom id's position).</summary>
    public long Offset { get; set; }

    /// <summary>The framework whose log line gave the row, or <see cref="IterationLineFormat.None"/> for a metrics file's row.</summary>
    public IterationLineFormat LogFormat { get; set; }

    /// <summary>Number values by canonical name (see <see cref="MetricNames"/>), in source order.</summary>
    public List<KeyValuePair<string, double>> Values { get; } = [];

    /// <summary>Empties the row for reuse.</summary>
    public void Clear()
    {
        Step = 0;
        Rank = -1;
        Time = null;
        LogFormat = IterationLineFormat.None;
        Values.Clear();
    }
}
