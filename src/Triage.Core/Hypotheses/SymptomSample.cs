namespace Triage.Hypotheses;

/// <summary>A symptom shown as a sample of what a hypothesis explains, with where to read it.</summary>
/// <param name="Id">Symptom id.</param>
/// <param name="Kind">Kind.</param>
/// <param name="Path">File, relative to the run directory.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Host">Host, if known.</param>
/// <param name="Rank">Rank, if known.</param>
/// <param name="Timestamp">Time, if known.</param>
/// <param name="Message">The first line(s) of the message, shortened.</param>
/// <param name="Role">Root or collateral.</param>
public sealed record SymptomSample(string Id, string Kind, string Path, long Line, string? Host, int? Rank, DateTimeOffset? Timestamp, string Message, AttributionRole Role);
