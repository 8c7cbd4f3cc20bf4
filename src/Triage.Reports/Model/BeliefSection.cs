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

/// <summary>One hypothesis in the belief table.</summary>
/// <param name="Id">Hypothesis id.</param>
/// <param name="Rank">Evidence rank (0 when the latest analysis no longer produced it).</param>
/// <param name="Title">Its title.</param>
/// <param name="Score">Its evidence score.</param>
/// <param name="Up">Current up-votes.</param>
/// <param name="Down">Current down-votes.</param>
/// <param name="PeakNet">The highest net vote it ever had.</param>
/// <param name="Status">Confirmed, rejected or open.</param>
public sealed record BeliefRow(string Id, int Rank, string Title, double Score, int Up, int Down, int PeakNet, ReviewStatus Status)
{
    /// <summary>Up minus down.</summary>
    public int Net => Up - Down;
}

/// <summary>A vote or note against the favourite of its time.</summary>
/// <param name="At">When.</param>
/// <param name="Who">The engineer.</param>
/// <param name="HypothesisId">The hypothesis the vote or note was on.</param>
/// <param name="Text">What it was, in a sentence.</param>
public sealed record Dissent(DateTimeOffset At, string Who, string HypothesisId, string Text);
