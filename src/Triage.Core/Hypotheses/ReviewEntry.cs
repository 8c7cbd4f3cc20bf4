namespace Triage.Hypotheses;

/// <summary>
/// A decision (confirm or reject, with the reason) or a note on a hypothesis, by whom and when.
/// Entries are append-only; the latest confirm or reject of a hypothesis is its current decision.
/// </summary>
/// <param name="HypothesisId">The hypothesis.</param>
/// <param name="Kind">Note, confirm or reject.</param>
/// <param name="Author">The engineer's name.</param>
/// <param name="Text">The note or the reason for the decision.</param>
/// <param name="At">When it was recorded.</param>
public sealed record ReviewEntry(string HypothesisId, ReviewKind Kind, string Author, string Text, DateTimeOffset At);
