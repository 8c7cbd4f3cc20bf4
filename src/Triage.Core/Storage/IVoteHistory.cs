using Triage.Hypotheses;

namespace Triage.Storage;

/// <summary>
/// Optional capability of a store (not part of <see cref="ISymptomStore"/>): every vote ever cast on
/// a run's hypotheses, not only the current ones, so a report can show how belief moved over time.
/// Callers fall back to <see cref="ISymptomStore.GetVotesAsync"/> (each voter's current vote at the
/// time it was last changed) when a store does not implement it.
/// </summary>
public interface IVoteHistory
{
    /// <summary>
    /// The run's votes in the order they were cast: +1, -1, or 0 where a voter withdrew a vote.
    /// A vote cast before the store kept history appears once, as the voter's current vote.
    /// </summary>
    Task<IReadOnlyList<VoteRecord>> GetVoteHistoryAsync(string run, CancellationToken cancellationToken = default);
}
