using Triage.Hypotheses;

namespace Triage.Reports.Model;

/// <summary>A hypothesis with its review: status, the decision behind it and the notes on it.</summary>
/// <param name="Hypothesis">The hypothesis (with its current votes).</param>
/// <param name="Status">Confirmed, rejected or open.</param>
/// <param name="Decision">The latest confirm or reject, or null.</param>
/// <param name="Notes">Notes on it, oldest first.</param>
public sealed record HypothesisStatus(Hypothesis Hypothesis, ReviewStatus Status, ReviewEntry? Decision, IReadOnlyList<ReviewEntry> Notes);
