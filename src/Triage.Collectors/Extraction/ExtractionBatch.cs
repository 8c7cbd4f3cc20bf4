using Triage.Symptoms;

namespace Triage.Collectors.Extraction;

/// <summary>
/// Symptoms found since the previous batch and the position up to which everything is covered:
/// resuming at <see cref="Safe"/> re-reads at most what produced these symptoms (same ids), never less.
/// </summary>
/// <param name="Symptoms">New symptoms (the list is reused after the callback returns: copy it to keep it).</param>
/// <param name="Safe">Where a resumed read must start.</param>
/// <param name="Complete">True when the whole source has been read.</param>
public sealed record ExtractionBatch(IReadOnlyList<Symptom> Symptoms, SourceCursor Safe, bool Complete);
