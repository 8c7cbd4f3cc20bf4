namespace Triage.Correlation.Inputs;

/// <summary>The counts a JSONL reader keeps while it streams.</summary>
internal interface IJsonLinesStats
{
    /// <summary>Rows returned.</summary>
    long Rows { get; set; }

    /// <summary>Non-empty lines skipped.</summary>
    long Skipped { get; set; }

    /// <summary>Files that could not be read (fully), and per-file summaries of skipped lines.</summary>
    List<InputProblem> Problems { get; }

    /// <summary>The file of the row being handed out (valid while the consumer handles it).</summary>
    string? CurrentPath { get; set; }

    /// <summary>The 1-based line of the row being handed out.</summary>
    long CurrentLine { get; set; }
}
