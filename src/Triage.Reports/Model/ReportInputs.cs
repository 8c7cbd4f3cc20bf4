namespace Triage.Reports.Model;

/// <summary>What the run was read from, and what could not be read.</summary>
/// <param name="Sources">Every source the store has a checkpoint for: path and lines (or rows) read.</param>
/// <param name="Metadata">The run's metadata in words (run facts, topology, step manifest), one line each.</param>
/// <param name="MetricsFiles">Metrics files the curves were drawn from.</param>
/// <param name="Problems">Files that could not be read or used, and why.</param>
public sealed record ReportInputs(IReadOnlyList<InputSource> Sources, IReadOnlyList<string> Metadata, IReadOnlyList<string> MetricsFiles, IReadOnlyList<InputProblem> Problems);
