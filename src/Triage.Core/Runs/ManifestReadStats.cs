namespace Triage.Runs;

/// <summary>
/// Counts kept while a <see cref="IStepManifest.Read"/> enumeration runs
/// (final once it has ended), and where the row being handed out came from. Not thread-safe: one
/// per enumeration.
/// </summary>
public sealed class ManifestReadStats
{
    /// <summary>Rows returned.</summary>
    public long Rows { get; set; }

    /// <summary>Non-empty lines skipped: malformed JSON, missing required fields, or longer than the line limit.</summary>
    public long Skipped { get; set; }

    /// <summary>Files that could not be read (fully), and per-file summaries of skipped lines.</summary>
    public List<RunInputProblem> Problems { get; } = [];

    /// <summary>The file of the row being handed out (valid while the consumer handles it).</summary>
    public string? CurrentPath { get; set; }

    /// <summary>The 1-based line of the row being handed out.</summary>
    public long CurrentLine { get; set; }
}
