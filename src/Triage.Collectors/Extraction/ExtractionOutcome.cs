namespace Triage.Collectors.Extraction;

/// <summary>What one pass over a source did.</summary>
/// <param name="End">Position after the last consumed line.</param>
/// <param name="BytesRead">Bytes consumed in this pass.</param>
/// <param name="LinesRead">Lines consumed in this pass.</param>
/// <param name="Symptoms">Symptoms produced in this pass.</param>
/// <param name="TruncatedLines">Lines longer than the limit, cut.</param>
/// <param name="StreamError">Why the stream ended early (a truncated or corrupt archive), or null.</param>
public sealed record ExtractionOutcome(SourceCursor End, long BytesRead, long LinesRead, long Symptoms, long TruncatedLines, string? StreamError);
