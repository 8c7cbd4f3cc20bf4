namespace Triage.Correlation.Inputs;

/// <summary>
/// Counts kept while a <see cref="MetricsReader"/> enumeration runs (final once it has ended).
/// Not thread-safe: one per enumeration.
/// </summary>
internal sealed class MetricsReadStats : IJsonLinesStats
{
    /// <summary>Rows returned.</summary>
    public long Rows { get; set; }

    /// <summary>Non-empty lines skipped: malformed JSON, no integer step, or longer than the line limit.</summary>
    public long Skipped { get; set; }

    /// <summary>Files that could not be read (fully), and per-file summaries of skipped lines.</summary>
    public List<InputProblem> Problems { get; } = [];

    /// <inheritdoc />
    public string? CurrentPath { get; set; }

    /// <inheritdoc />
    public long CurrentLine { get; set; }
}
