namespace Triage.Collectors.Metrics;

/// <summary>A stream of metrics rows from one file. Never throws on bad content (it counts it); may throw <see cref="IOException"/>.</summary>
internal interface IMetricsRowSource
{
    /// <summary>Bytes consumed so far (a safe checkpoint: whole rows only).</summary>
    long Consumed { get; }

    /// <summary>Fills <paramref name="row"/> with the next row (Step, Rank, Time, Line, Offset, Values); false at the end.</summary>
    bool TryRead(MetricRow row);
}
