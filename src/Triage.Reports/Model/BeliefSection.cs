using Triage.Hypotheses;

namespace Triage.Reports.Model;

/// <summary>
/// Belief against evidence: where each hypothesis ranked on evidence and how the team voted on it,
/// the votes in the order they were cast, which theory was favoured, which was confirmed, and the
/// dissent that was raised.
/// </summary>
/// <param name="Rows">One row per hypothesis that was ranked or voted on, by evidence rank.</param>
/// <param name="Votes">Votes in casting order (0 = withdrawn).</param>
/// <param name="HistoryComplete">False when the store keeps only current votes (each voter's last vote and its time).</param>
/// <param name="FavouredId">The hypothesis with the highest net votes at its peak, or null when none had a positive net.</param>
/// <param name="ConfirmedId">The confirmed hypothesis, or null.</param>
/// <param name="Findings">What the comparison shows, in sentences with numbers.</param>
/// <param name="Dissent">Votes and notes that went against the team's favourite at the time.</param>
public sealed record BeliefSection(
    IReadOnlyList<BeliefRow> Rows,
    IReadOnlyList<VoteRecord> Votes,
    bool HistoryComplete,
    string? FavouredId,
    string? ConfirmedId,
    IReadOnlyList<string> Findings,
    IReadOnlyList<Dissent> Dissent);
