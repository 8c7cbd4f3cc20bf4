namespace Triage.Hypotheses;

/// <summary>One engineer's current vote on a hypothesis (who voted is visible to everyone).</summary>
/// <param name="HypothesisId">The hypothesis voted on.</param>
/// <param name="Voter">The engineer's name.</param>
/// <param name="Vote">+1 or -1 (a withdrawn vote has no record).</param>
/// <param name="At">When the vote was last cast or changed.</param>
public sealed record VoteRecord(string HypothesisId, string Voter, int Vote, DateTimeOffset At);
